#!/usr/bin/env python3
"""Generates tests/kernels/golden/pooling_cases.h: AVERAGE_POOL_2D and
MAX_POOL_2D single-op models run by LiteRT's reference kernels.

Run from the repository root:
  python3 tests/kernels/golden/make_pooling_cases.py
Deterministic: every input comes from a fixed seed.
"""
import numpy as np

from single_op_model import Spec, cpp_case, run, write_header

SAME, VALID = 0, 1
NONE, RELU, RELU_N1_TO_1, RELU6 = 0, 1, 2, 3

# name, op, dtype, input shape, (scale, zp) or None, pool, activation
CASES = [
    ("avg_int8_same_3x3_s2", "AVERAGE_POOL_2D", "int8", [1, 5, 5, 3], (0.05, -7), (SAME, 3, 3, 2, 2), NONE),
    ("avg_int8_same_2x3_s1_relu6", "AVERAGE_POOL_2D", "int8", [2, 4, 3, 2], (0.04, 3), (SAME, 2, 3, 1, 1), RELU6),
    ("avg_int8_global_6x6", "AVERAGE_POOL_2D", "int8", [1, 6, 6, 5], (0.02, -128), (VALID, 6, 6, 1, 1), NONE),
    ("avg_int8_valid_3x2_s2", "AVERAGE_POOL_2D", "int8", [1, 7, 6, 2], (0.1, 0), (VALID, 3, 2, 2, 2), RELU),
    ("avg_uint8_same_3x3_s2", "AVERAGE_POOL_2D", "uint8", [1, 6, 5, 3], (0.03, 128), (SAME, 3, 3, 2, 2), NONE),
    ("avg_uint8_valid_2x2_relu", "AVERAGE_POOL_2D", "uint8", [1, 4, 4, 2], (0.1, 100), (VALID, 2, 2, 1, 1), RELU),
    ("avg_int16_same_3x3_s2", "AVERAGE_POOL_2D", "int16", [1, 5, 4, 2], (0.001, 0), (SAME, 3, 3, 2, 2), NONE),
    ("avg_float_same_3x3_s2", "AVERAGE_POOL_2D", "float32", [1, 5, 5, 3], None, (SAME, 3, 3, 2, 2), NONE),
    ("avg_float_valid_2x2_relu6", "AVERAGE_POOL_2D", "float32", [2, 4, 4, 2], None, (VALID, 2, 2, 2, 2), RELU6),
    ("max_int8_same_3x3_s2", "MAX_POOL_2D", "int8", [1, 5, 5, 3], (0.05, -7), (SAME, 3, 3, 2, 2), NONE),
    ("max_int8_valid_2x2_relu_n1", "MAX_POOL_2D", "int8", [1, 4, 6, 2], (0.02, 5), (VALID, 2, 2, 2, 2), RELU_N1_TO_1),
    ("max_uint8_same_2x2_relu", "MAX_POOL_2D", "uint8", [1, 5, 3, 2], (0.1, 130), (SAME, 2, 2, 2, 1), RELU),
    ("max_int16_same_3x3", "MAX_POOL_2D", "int16", [1, 4, 4, 2], (0.002, 0), (SAME, 3, 3, 1, 1), NONE),
    ("max_float_same_3x3_s2", "MAX_POOL_2D", "float32", [1, 5, 5, 2], None, (SAME, 3, 3, 2, 2), RELU6),
]


def out_size(padding, size, filt, stride):
    return (size + stride - 1) // stride if padding == SAME else (size - filt + stride) // stride


def main():
    cases = []
    for seed, (name, op, dtype, shape, quant, pool, activation) in enumerate(CASES):
        rng = np.random.default_rng(100 + seed)
        scale, zp = quant if quant else (None, 0)
        spec = Spec(dtype, shape, scale, zp)
        values = spec.random(rng)
        padding, fh, fw, sh, sw = pool
        out_shape = [shape[0], out_size(padding, shape[1], fh, sh), out_size(padding, shape[2], fw, sw), shape[3]]
        out_spec = Spec(dtype, out_shape, scale, zp)
        options = {"padding": padding, "filterHeight": fh, "filterWidth": fw, "strideH": sh,
                   "strideW": sw, "fusedActivationFunction": activation}
        output = run(op, [(spec, values)], out_spec, options)
        cases.append(cpp_case(name, op, [(spec, values)], out_spec, output, activation=activation, pool=pool))
    write_header("pooling_cases.h", "PoolingCases", "AVERAGE_POOL_2D and MAX_POOL_2D cases.", cases,
                 "make_pooling_cases.py")


if __name__ == "__main__":
    main()
