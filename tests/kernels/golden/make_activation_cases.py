#!/usr/bin/env python3
"""Generates tests/kernels/golden/activation_cases.h: SOFTMAX, LOGISTIC,
TANH, RELU, RELU6 and RELU_N1_TO_1 single-op models run by LiteRT's
reference kernels. The 8-bit LOGISTIC / TANH cases sweep every input value.

Run from the repository root:
  python3 tests/kernels/golden/make_activation_cases.py
Deterministic: every input comes from a fixed seed.
"""
import numpy as np

from single_op_model import Spec, cpp_case, run, write_header


def every_value(dtype):
    info = np.iinfo(dtype)
    return np.arange(info.min, info.max + 1, dtype=dtype)


def int16_sweep(rng, count=257):
    """Spread over the whole int16 range, both ends included."""
    values = np.linspace(-32768, 32767, count).round().astype(np.int16)
    values[1::7] = rng.integers(-600, 600, len(values[1::7]))
    return values


# name, op, input Spec, output Spec, beta (SOFTMAX), input generator
CASES = [
    ("softmax_int8", "SOFTMAX", Spec("int8", [3, 10], 0.1, 5), Spec("int8", [3, 10], 1 / 256, -128), 1.0, None),
    ("softmax_int8_micro_speech", "SOFTMAX", Spec("int8", [1, 4], 0.0390625, -128), Spec("int8", [1, 4], 1 / 256, -128), 1.0, None),
    ("softmax_int8_beta", "SOFTMAX", Spec("int8", [2, 3, 7], 0.25, -3), Spec("int8", [2, 3, 7], 1 / 256, -128), 0.6, None),
    ("softmax_int8_wide_scale", "SOFTMAX", Spec("int8", [4, 9], 1.3, 0), Spec("int8", [4, 9], 1 / 256, -128), 1.0, None),
    ("softmax_uint8", "SOFTMAX", Spec("uint8", [2, 17], 0.15, 120), Spec("uint8", [2, 17], 1 / 256, 0), 1.0, None),
    ("softmax_uint8_small_scale", "SOFTMAX", Spec("uint8", [1, 25], 0.02, 60), Spec("uint8", [1, 25], 1 / 256, 0), 1.0, None),
    ("softmax_int8_to_int16", "SOFTMAX", Spec("int8", [3, 8], 0.08, 2), Spec("int16", [3, 8], 1 / 65536, -32768), 1.0, None),
    ("softmax_int16", "SOFTMAX", Spec("int16", [3, 12], 0.0004, 0), Spec("int16", [3, 12], 1 / 32768, 0), 1.0, None),
    ("softmax_int16_beta", "SOFTMAX", Spec("int16", [2, 20], 0.00002, 0), Spec("int16", [2, 20], 1 / 32768, 0), 2.5, None),
    ("softmax_float", "SOFTMAX", Spec("float32", [3, 7]), Spec("float32", [3, 7]), 1.0, None),
    ("softmax_float_beta", "SOFTMAX", Spec("float32", [2, 2, 5]), Spec("float32", [2, 2, 5]), 0.7, None),
    ("logistic_int8_all", "LOGISTIC", Spec("int8", [256], 0.05, 10), Spec("int8", [256], 1 / 256, -128), 1.0, "all"),
    ("logistic_uint8_all", "LOGISTIC", Spec("uint8", [256], 0.1, 128), Spec("uint8", [256], 1 / 256, 0), 1.0, "all"),
    ("logistic_int16_pot", "LOGISTIC", Spec("int16", [257], 2.0 ** -12, 0), Spec("int16", [257], 2.0 ** -15, 0), 1.0, "int16"),
    ("logistic_int16_general", "LOGISTIC", Spec("int16", [257], 0.0003, 0), Spec("int16", [257], 2.0 ** -15, 0), 1.0, "int16"),
    ("logistic_float", "LOGISTIC", Spec("float32", [5, 8]), Spec("float32", [5, 8]), 1.0, "wide"),
    ("tanh_int8_all", "TANH", Spec("int8", [256], 0.03, -4), Spec("int8", [256], 1 / 128, 0), 1.0, "all"),
    ("tanh_uint8_all", "TANH", Spec("uint8", [256], 0.02, 128), Spec("uint8", [256], 1 / 128, 128), 1.0, "all"),
    ("tanh_int16_pot", "TANH", Spec("int16", [257], 2.0 ** -12, 0), Spec("int16", [257], 2.0 ** -15, 0), 1.0, "int16"),
    ("tanh_int16_pot_doubled", "TANH", Spec("int16", [257], 2.0 ** -11, 0), Spec("int16", [257], 2.0 ** -15, 0), 1.0, "int16"),
    ("tanh_int16_general", "TANH", Spec("int16", [257], 0.0002, 0), Spec("int16", [257], 2.0 ** -15, 0), 1.0, "int16"),
    ("tanh_float", "TANH", Spec("float32", [4, 6]), Spec("float32", [4, 6]), 1.0, "wide"),
    ("relu_int8", "RELU", Spec("int8", [64], 0.05, -10), Spec("int8", [64], 0.03, -128), 1.0, None),
    ("relu_uint8", "RELU", Spec("uint8", [64], 0.1, 128), Spec("uint8", [64], 0.07, 3), 1.0, None),
    ("relu_int16", "RELU", Spec("int16", [64], 0.001, 0), Spec("int16", [64], 0.0007, 0), 1.0, None),
    ("relu6_int16", "RELU6", Spec("int16", [64], 0.0004, 0), Spec("int16", [64], 0.0003, 0), 1.0, None),
    ("relu_float", "RELU", Spec("float32", [3, 5]), Spec("float32", [3, 5]), 1.0, None),
    ("relu6_int8", "RELU6", Spec("int8", [64], 0.06, 5), Spec("int8", [64], 0.025, -128), 1.0, None),
    ("relu6_uint8", "RELU6", Spec("uint8", [64], 0.1, 128), Spec("uint8", [64], 0.04, 0), 1.0, None),
    ("relu6_float", "RELU6", Spec("float32", [3, 5]), Spec("float32", [3, 5]), 1.0, "wide"),
    ("relu_n1_to_1_int8", "RELU_N1_TO_1", Spec("int8", [64], 0.02, 3), Spec("int8", [64], 0.009, -2), 1.0, None),
    ("relu_n1_to_1_uint8", "RELU_N1_TO_1", Spec("uint8", [64], 0.015, 128), Spec("uint8", [64], 0.008, 127), 1.0, None),
    ("relu_n1_to_1_float", "RELU_N1_TO_1", Spec("float32", [3, 5]), Spec("float32", [3, 5]), 1.0, None),
]


def main():
    cases = []
    for seed, (name, op, spec, out_spec, beta, generator) in enumerate(CASES):
        rng = np.random.default_rng(300 + seed)
        if generator == "all":
            values = every_value(np.int8 if spec.dtype == "int8" else np.uint8)
        elif generator == "int16":
            values = int16_sweep(rng)
        elif generator == "wide":
            values = spec.random(rng, -20.0, 20.0)
        else:
            values = spec.random(rng)
        options = {"beta": beta} if op == "SOFTMAX" else None
        output = run(op, [(spec, values)], out_spec, options)
        cases.append(cpp_case(name, op, [(spec, values)], out_spec, output, beta=beta))
    write_header("activation_cases.h", "ActivationCases",
                 "SOFTMAX, LOGISTIC, TANH, RELU, RELU6 and RELU_N1_TO_1 cases.", cases,
                 "make_activation_cases.py")


if __name__ == "__main__":
    main()
