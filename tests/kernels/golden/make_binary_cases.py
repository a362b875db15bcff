#!/usr/bin/env python3
"""Generates tests/kernels/golden/binary_cases.h: ADD, SUB and MUL single-op
models (int8, uint8, int16, int32, float32; broadcasting; fused
activations) run by LiteRT's reference kernels.

Run from the repository root:
  python3 tests/kernels/golden/make_binary_cases.py
Deterministic: every input comes from a fixed seed.
"""
import numpy as np

from single_op_model import Spec, cpp_case, run, write_header

NONE, RELU, RELU_N1_TO_1, RELU6 = 0, 1, 2, 3

# name, op, dtype, shape a, shape b, quant a, quant b, quant out, activation, pot_scale_int16
CASES = [
    ("add_int8_same_shape", "ADD", "int8", [1, 4, 4, 3], [1, 4, 4, 3], (0.05, -3), (0.08, 10), (0.1, -5), NONE, True),
    ("add_int8_mobilenet_like", "ADD", "int8", [1, 3, 3, 8], [1, 3, 3, 8], (0.3721, 5), (0.1973, -9), (0.4104, -2), NONE, True),
    ("add_int8_broadcast_relu6", "ADD", "int8", [2, 3, 4], [3, 1], (0.03, 0), (0.06, -20), (0.05, -128), RELU6, True),
    ("add_int8_broadcast_6d", "ADD", "int8", [2, 1, 3, 1, 2, 2], [1, 2, 1, 2, 1, 2], (0.02, 7), (0.02, 7), (0.04, 0), RELU, True),
    ("add_int8_scalar_relu_n1", "ADD", "int8", [2, 5, 3], [], (0.01, 2), (0.02, -1), (0.0078125, 0), RELU_N1_TO_1, True),
    ("add_uint8_broadcast_relu", "ADD", "uint8", [1, 2, 2, 3], [3], (0.1, 128), (0.05, 100), (0.12, 120), RELU, True),
    ("add_int16_general", "ADD", "int16", [2, 3, 5], [2, 3, 5], (0.001, 0), (0.0007, 0), (0.0015, 0), NONE, False),
    ("add_int16_general_broadcast", "ADD", "int16", [2, 3, 5], [5], (0.001, 0), (0.0003, 0), (0.0011, 0), RELU, True),
    ("add_int16_pot", "ADD", "int16", [3, 7], [3, 7], (2.0 ** -12, 0), (2.0 ** -10, 0), (2.0 ** -10, 0), NONE, True),
    ("add_int16_pot_relu_n1", "ADD", "int16", [3, 7], [3, 7], (2.0 ** -14, 0), (2.0 ** -15, 0), (2.0 ** -14, 0), RELU_N1_TO_1, True),
    ("add_float_broadcast_relu6", "ADD", "float32", [2, 3, 1, 4], [3, 2, 1], None, None, None, RELU6, True),
    ("add_int32_broadcast_relu", "ADD", "int32", [2, 4], [1, 4], None, None, None, RELU, True),
    ("sub_int8_broadcast", "SUB", "int8", [2, 3, 4], [1, 4], (0.05, -3), (0.02, 8), (0.06, 4), NONE, True),
    ("sub_int8_relu6", "SUB", "int8", [1, 5, 5, 2], [1, 5, 5, 2], (0.04, 0), (0.04, 0), (0.03, -128), RELU6, True),
    ("sub_uint8_broadcast", "SUB", "uint8", [1, 3, 3, 2], [1, 1, 1, 2], (0.07, 120), (0.03, 135), (0.09, 128), NONE, True),
    ("sub_int16_general", "SUB", "int16", [4, 6], [6], (0.0005, 0), (0.0009, 0), (0.001, 0), NONE, False),
    ("sub_int16_pot", "SUB", "int16", [4, 6], [4, 6], (2.0 ** -10, 0), (2.0 ** -13, 0), (2.0 ** -10, 0), NONE, True),
    ("sub_float_broadcast", "SUB", "float32", [3, 1, 4], [2, 1], None, None, None, NONE, True),
    ("sub_int32", "SUB", "int32", [3, 4], [3, 4], None, None, None, RELU6, True),
    ("mul_int8_broadcast", "MUL", "int8", [2, 3, 4], [3, 1], (0.05, -3), (0.02, 8), (0.004, 4), NONE, True),
    ("mul_int8_relu_n1", "MUL", "int8", [4, 8], [4, 8], (0.03, 1), (0.04, -2), (0.01, 0), RELU_N1_TO_1, True),
    ("mul_int8_large_multiplier", "MUL", "int8", [3, 5], [3, 5], (0.5, 0), (0.4, 3), (0.05, -10), NONE, True),
    ("mul_uint8_broadcast_relu", "MUL", "uint8", [1, 3, 3, 2], [2], (0.05, 128), (0.02, 100), (0.01, 110), RELU, True),
    ("mul_int16", "MUL", "int16", [3, 6], [1, 6], (0.002, 0), (0.001, 0), (0.0007, 0), RELU6, True),
    ("mul_float_broadcast", "MUL", "float32", [2, 1, 3], [4, 1], None, None, None, NONE, True),
    ("mul_int32_relu_n1", "MUL", "int32", [8], [8], None, None, None, RELU_N1_TO_1, True),
]


def broadcast_shape(a, b):
    return list(np.broadcast_shapes(tuple(a), tuple(b)))


def main():
    cases = []
    for seed, (name, op, dtype, shape_a, shape_b, qa, qb, qo, activation, pot) in enumerate(CASES):
        rng = np.random.default_rng(200 + seed)
        spec_a = Spec(dtype, shape_a, *(qa or (None, 0)))
        spec_b = Spec(dtype, shape_b, *(qb or (None, 0)))
        out_spec = Spec(dtype, broadcast_shape(shape_a, shape_b), *(qo or (None, 0)))
        low, high = (-9, 9) if dtype == "int32" else (None, None)
        a, b = spec_a.random(rng, low, high), spec_b.random(rng, low, high)
        options = {"fusedActivationFunction": activation}
        if op in ("ADD", "SUB"):
            options["potScaleInt16"] = pot
        output = run(op, [(spec_a, a), (spec_b, b)], out_spec, options)
        cases.append(cpp_case(name, op, [(spec_a, a), (spec_b, b)], out_spec, output,
                              activation=activation, pot_scale_int16=pot))
    write_header("binary_cases.h", "BinaryCases", "ADD, SUB and MUL cases.", cases,
                 "make_binary_cases.py")


if __name__ == "__main__":
    main()
