"""Activations and element-wise math (ops-math): LEAKY_RELU, HARD_SWISH, PRELU,
LOG_SOFTMAX, RELU_0_TO_1, ELU, GELU, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, DIV,
FLOOR_DIV, FLOOR_MOD, POW, ADD_N.

Cases with integer inputs (dtypes=) use the "f32" kind: the model is not
quantized, the suffix only names the conversion. Two patches make what the
converter does not emit: `replace_op` swaps an operator for another with the
same inputs (PRELU from MAXIMUM with a constant, RELU_0_TO_1 from RELU), and
`int8_to_uint8` turns a full-integer int8 model into the uint8 one LiteRT also
runs (every int8 tensor becomes uint8 with zero point + 128, constants
shifted by 128), where the legacy uint8 converter leaves the op in float.
"""

import numpy as np
import tensorflow as tf

from make_cases import ALL_KINDS, BOTH, IMG, Case, find_ops, schema, set_options

R = tf.nn.relu


def replace_op(name, code):
    def patch(model):
        new = schema.OperatorCodeT()
        new.builtinCode = code
        new.deprecatedBuiltinCode = min(code, 127)
        new.version = 1
        model.operatorCodes.append(new)
        for op in find_ops(model, name):
            op.opcodeIndex = len(model.operatorCodes) - 1
            op.builtinOptionsType = 0
            op.builtinOptions = None
    return patch


def int8_tensors(model):
    """(tensor, constant data or None) for every int8 tensor of the model."""
    for graph in model.subgraphs:
        for tensor in graph.tensors:
            if tensor.type == schema.TensorType.INT8:
                buffer = model.buffers[tensor.buffer]
                has_data = buffer.data is not None and len(buffer.data) > 0
                yield tensor, buffer if has_data else None


def int8_to_uint8(model):
    for tensor, constant in int8_tensors(model):
        tensor.type = schema.TensorType.UINT8
        tensor.quantization.zeroPoint = [int(z) + 128 for z in tensor.quantization.zeroPoint]
        if constant is not None:
            constant.data = (np.asarray(constant.data, np.uint8) ^ 0x80).astype(np.uint8)


def int8_to_int16(model):
    """Every int8 tensor becomes int16 with zero point 0 and the same scale;
    constants keep their real values (q - zp)."""
    for tensor, constant in int8_tensors(model):
        tensor.type = schema.TensorType.INT16
        zero_point = int(tensor.quantization.zeroPoint[0])
        tensor.quantization.zeroPoint = [0] * len(tensor.quantization.zeroPoint)
        if constant is not None:
            values = np.asarray(constant.data, np.uint8).view(np.int8).astype(np.int16)
            constant.data = (values - zero_point).astype("<i2").view(np.uint8)


def both(*patches):
    def patch(model):
        for p in patches:
            p(model)
    return patch


I32, I64 = tf.int32, tf.int64
PRELU, RELU_0_TO_1 = schema.BuiltinOperator.PRELU, schema.BuiltinOperator.RELU_0_TO_1
DIV = schema.BuiltinOperator.DIV
U8 = ("int8",)  # int8 models patched to uint8 are named <case>_int8

CASES = [
    # LEAKY_RELU: alpha < 1, alpha > 1 (multiplier above 1), negative alpha
    Case("leaky_relu", lambda x, w: tf.nn.leaky_relu(x, 0.2), [[1, 5, 5, 3]], ["LEAKY_RELU"],
         ALL_KINDS, seed=200, ranges=[(-3.0, 3.0)], out_range=(-1.0, 3.0)),
    Case("leaky_relu_alpha_1_5", lambda x, w: tf.nn.leaky_relu(x, 1.5), [[2, 7]],
         ["LEAKY_RELU"], BOTH, seed=201, ranges=[(-2.0, 1.0)]),
    Case("leaky_relu_negative_alpha", lambda x, w: tf.nn.leaky_relu(x, 0.3), [[3, 8]],
         ["LEAKY_RELU"], BOTH, seed=203, patch=lambda m: set_options(m, "LEAKY_RELU",
                                                                   alpha=-0.3)),
    Case("leaky_relu_rank5", lambda x, w: tf.nn.leaky_relu(x, 0.01), [[2, 1, 3, 2, 5]],
         ["LEAKY_RELU"], BOTH, seed=202),
    # HARD_SWISH (LiteRT has no int16 kernel)
    Case("hard_swish", lambda x, w: x * tf.nn.relu6(x + 3.0) / 6.0, [[1, 5, 5, 3]],
         ["HARD_SWISH"], ("f32", "int8", "uint8"), seed=210, ranges=[(-5.0, 5.0)],
         out_range=(-0.5, 5.0)),
    Case("hard_swish_wide", lambda x, w: x * tf.nn.relu6(x + 3.0) / 6.0, [[3, 9]],
         ["HARD_SWISH"], ("f32", "int8"), seed=211, ranges=[(-12.0, 10.0)]),
    Case("hard_swish_narrow", lambda x, w: x * tf.nn.relu6(x + 3.0) / 6.0, [[2, 17]],
         ["HARD_SWISH"], ("int8",), seed=212, ranges=[(-1.0, 1.5)]),
    Case("hard_swish_as_uint8", lambda x, w: x * tf.nn.relu6(x + 3.0) / 6.0, [[2, 13]],
         ["HARD_SWISH"], U8, seed=213, ranges=[(-4.0, 6.0)], patch=int8_to_uint8),
    # PRELU: alpha per channel, broadcast over [1,1,C], or of the input's shape
    Case("prelu_channel", lambda x, w: tf.maximum(x, w((3,), 0.1, 0.5)), [IMG], ["PRELU"],
         ("f32", "int8"), seed=220, patch=replace_op("MAXIMUM", PRELU)),
    Case("prelu_hw_broadcast", lambda x, w: tf.maximum(x, w((4, 1, 1), -0.5, 0.8)),
         [[2, 4, 3, 5]], ["PRELU"], ("f32", "int8"), seed=221,
         patch=replace_op("MAXIMUM", PRELU)),
    Case("prelu_same_shape", lambda x, w: tf.maximum(x, w((2, 7), 0.0, 2.0)), [[2, 7]],
         ["PRELU"], ("f32", "int8"), seed=222, patch=replace_op("MAXIMUM", PRELU)),
    Case("prelu_as_uint8", lambda x, w: tf.maximum(x, w((3,), 0.1, 0.5)), [[1, 3, 5, 3]],
         ["PRELU"], U8, seed=223, patch=both(replace_op("MAXIMUM", PRELU), int8_to_uint8)),
    # RELU_0_TO_1 (the converter keeps MINIMUM + RELU: patched from RELU)
    Case("relu_0_to_1", lambda x, w: tf.nn.relu(x), [[1, 5, 5, 3]], ["RELU_0_TO_1"],
         ("f32", "int8", "uint8"), seed=230, ranges=[(-1.0, 2.0)], out_range=(0.0, 2.0),
         patch=replace_op("RELU", RELU_0_TO_1)),
    Case("relu_0_to_1_narrow", lambda x, w: tf.nn.relu(x), [[3, 11]], ["RELU_0_TO_1"],
         ("int8",), seed=231, ranges=[(-0.5, 0.8)], patch=replace_op("RELU", RELU_0_TO_1)),
    # GELU exact and approximate. (ELU: LiteRT's BUILTIN_REF resolver has no
    # ELU kernel; its cases are in default_resolver.py.)
    Case("gelu", lambda x, w: tf.nn.gelu(x, approximate=False), [[1, 5, 5, 3]], ["GELU"],
         ("f32", "int8"), seed=245, ranges=[(-4.0, 3.0)], expect={"approximate": False}),
    Case("gelu_approximate", lambda x, w: tf.nn.gelu(x, approximate=True), [[2, 19]],
         ["GELU"], ("f32", "int8"), seed=246, ranges=[(-5.0, 4.0)],
         expect={"approximate": True}),
    Case("gelu_as_uint8", lambda x, w: tf.nn.gelu(x), [[2, 13]], ["GELU"], U8, seed=247,
         ranges=[(-3.0, 3.0)], patch=int8_to_uint8),
    # MAXIMUM / MINIMUM
    Case("maximum", lambda a, b, w: tf.maximum(a, b), [IMG, IMG], ["MAXIMUM"], BOTH,
         seed=250, ranges=[(-2.0, 2.0), (-1.0, 3.0)], int16_ops=["QUANTIZE", "MAXIMUM"]),
    Case("maximum_broadcast", lambda a, b, w: tf.maximum(a, b), [[2, 3, 1, 5], [3, 4, 1]],
         ["MAXIMUM"], BOTH, seed=251, int16_ops=["QUANTIZE", "MAXIMUM"]),
    Case("maximum_as_uint8", lambda a, b, w: tf.maximum(a, b), [[2, 9], [9]], ["MAXIMUM"],
         U8, seed=254, patch=int8_to_uint8),
    Case("maximum_i32", lambda a, b, w: tf.maximum(a, b), [[2, 7], [7]], ["MAXIMUM"],
         ("f32",), seed=252, dtypes=[I32, I32], ranges=[(-100, 100), (-50, 50)]),
    Case("maximum_i64", lambda a, b, w: tf.maximum(a, b), [[3, 5], [3, 5]], ["MAXIMUM"],
         ("f32",), seed=253, dtypes=[I64, I64], ranges=[(-1000, 1000), (-1000, 1000)]),
    Case("minimum", lambda a, b, w: tf.minimum(a, b), [IMG, IMG], ["MINIMUM"], BOTH,
         seed=255, ranges=[(-2.0, 2.0), (-1.0, 3.0)],
         int16_ops=["QUANTIZE", "QUANTIZE", "MINIMUM"]),
    Case("minimum_broadcast_rank5", lambda a, b, w: tf.minimum(a, b),
         [[2, 1, 3, 1, 4], [1, 2, 1, 5, 1]], ["MINIMUM"], BOTH, seed=256,
         int16_ops=["QUANTIZE", "QUANTIZE", "MINIMUM"]),
    Case("minimum_as_uint8", lambda a, b, w: tf.minimum(a, b), [[3, 1, 5], [4, 1]],
         ["MINIMUM"], U8, seed=258, patch=int8_to_uint8),
    Case("minimum_i64", lambda a, b, w: tf.minimum(a, b), [[2, 6], [2, 6]], ["MINIMUM"],
         ("f32",), seed=259, dtypes=[I64, I64], ranges=[(-1000, 1000), (-1000, 1000)]),
    Case("minimum_i32", lambda a, b, w: tf.minimum(a, b), [[4, 5], [4, 1]], ["MINIMUM"],
         ("f32",), seed=257, dtypes=[I32, I32], ranges=[(-100, 100), (-50, 50)]),
    # SQUARED_DIFFERENCE (int8, int32 and float32 in LiteRT)
    Case("squared_difference", lambda a, b, w: tf.math.squared_difference(a, b), [IMG, IMG],
         ["SQUARED_DIFFERENCE"], ("f32", "int8"), seed=260,
         ranges=[(-2.0, 2.0), (-1.0, 3.0)]),
    Case("squared_difference_broadcast", lambda a, b, w: tf.math.squared_difference(a, b),
         [[2, 3, 5], [5]], ["SQUARED_DIFFERENCE"], ("f32", "int8"), seed=261,
         ranges=[(-4.0, 1.0), (-1.0, 1.0)]),
    Case("squared_difference_i32", lambda a, b, w: tf.math.squared_difference(a, b),
         [[3, 6], [1, 6]], ["SQUARED_DIFFERENCE"], ("f32",), seed=262, dtypes=[I32, I32],
         ranges=[(-300, 300), (-300, 300)]),
    # DIV: float (with RELU), int32 (truncating), int8/uint8 with a constant
    # divisor that never equals its zero point (the converter folds a division
    # by a constant into MUL: the MUL is patched back into DIV).
    Case("div", lambda a, b, w: a / b, [IMG, IMG], ["DIV"], ("f32",), seed=270,
         ranges=[(-2.0, 2.0), (0.5, 3.0)]),
    Case("div_broadcast_relu", lambda a, b, w: R(a / b), [[2, 3, 4], [4]], ["DIV"], ("f32",),
         seed=271, ranges=[(-2.0, 2.0), (-3.0, -0.5)], expect={"fusedActivationFunction": "RELU"}),
    Case("div_i32", lambda a, b, w: tf.raw_ops.Div(x=a, y=b), [[2, 9], [9]], ["DIV"],
         ("f32",), seed=272, dtypes=[I32, I32], ranges=[(-1000, 1000), (1, 20)]),
    Case("div_i32_negative", lambda a, b, w: tf.raw_ops.Div(x=a, y=b), [[2, 9], [2, 9]],
         ["DIV"], ("f32",), seed=273, dtypes=[I32, I32], ranges=[(-1000, 1000), (-20, -1)]),
    Case("div_const", lambda a, w: a * w((3,), 0.5, 2.0), [IMG], ["DIV"], ("f32", "int8"),
         seed=274, ranges=[(-2.0, 2.0)], patch=replace_op("MUL", DIV)),
    Case("div_const_same_shape", lambda a, w: a * w((2, 9), -2.0, -0.25), [[2, 9]], ["DIV"],
         ("int8",), seed=275, ranges=[(-1.0, 3.0)], patch=replace_op("MUL", DIV)),
    Case("div_const_as_uint8", lambda a, w: a * w((5,), 0.5, 2.0), [[3, 5]], ["DIV"], U8,
         seed=276, ranges=[(-2.0, 2.0)], patch=both(replace_op("MUL", DIV), int8_to_uint8)),
    Case("div_as_int16", lambda a, w: a * w((2, 9), 0.5, 2.0), [[2, 9]], ["DIV"], ("int8",),
         seed=277, ranges=[(-2.0, 2.0)], patch=both(replace_op("MUL", DIV), int8_to_int16)),
    Case("div_broadcast_as_int16", lambda a, w: a * w((9,), -2.0, -0.5), [[2, 9]], ["DIV"],
         ("int8",), seed=278, ranges=[(-2.0, 2.0)],
         patch=both(replace_op("MUL", DIV), int8_to_int16)),
    # FLOOR_DIV, FLOOR_MOD (divisors of both signs, never 0), POW, ADD_N
    Case("floor_div", lambda a, b, w: tf.math.floordiv(a, b), [[2, 3, 5], [5]], ["FLOOR_DIV"],
         ("f32",), seed=280, ranges=[(-10.0, 10.0), (0.5, 3.0)]),
    Case("floor_div_i32", lambda a, b, w: tf.math.floordiv(a, b), [[3, 7], [3, 7]],
         ["FLOOR_DIV"], ("f32",), seed=281, dtypes=[I32, I32], ranges=[(-50, 50), (1, 9)]),
    Case("floor_div_i32_negative", lambda a, b, w: tf.math.floordiv(a, b), [[3, 7], [7]],
         ["FLOOR_DIV"], ("f32",), seed=282, dtypes=[I32, I32], ranges=[(-50, 50), (-9, -1)]),
    Case("floor_div_i16", lambda a, b, w: tf.math.floordiv(a, b), [[2, 7], [7]],
         ["FLOOR_DIV"], ("f32",), seed=283, dtypes=[tf.int16, tf.int16],
         ranges=[(-3000, 3000), (1, 40)]),
    Case("floor_div_i8", lambda a, b, w: tf.math.floordiv(a, b), [[3, 5], [5]],
         ["FLOOR_DIV"], ("f32",), seed=284, dtypes=[tf.int8, tf.int8],
         ranges=[(-120, 120), (-7, -1)]),
    Case("floor_mod_i8", lambda a, b, w: tf.math.floormod(a, b), [[2, 7], [2, 7]],
         ["FLOOR_MOD"], ("f32",), seed=289, dtypes=[tf.int8, tf.int8],
         ranges=[(-100, 100), (-9, -1)]),
    Case("floor_mod", lambda a, b, w: tf.math.floormod(a, b), [[2, 3, 5], [5]], ["FLOOR_MOD"],
         ("f32",), seed=285, ranges=[(-10.0, 10.0), (-3.0, -0.5)]),
    Case("floor_mod_i32", lambda a, b, w: tf.math.floormod(a, b), [[3, 7], [3, 7]],
         ["FLOOR_MOD"], ("f32",), seed=286, dtypes=[I32, I32], ranges=[(-50, 50), (1, 9)]),
    Case("floor_mod_i32_negative", lambda a, b, w: tf.math.floormod(a, b), [[3, 7], [7]],
         ["FLOOR_MOD"], ("f32",), seed=287, dtypes=[I32, I32], ranges=[(-50, 50), (-9, -1)]),
    Case("floor_mod_i64", lambda a, b, w: tf.math.floormod(a, b), [[2, 9], [9]],
         ["FLOOR_MOD"], ("f32",), seed=288, dtypes=[I64, I64], ranges=[(-500, 500), (-7, 7)]),
    Case("pow", lambda a, b, w: tf.pow(a, b), [[2, 3, 5], [2, 3, 5]], ["POW"], ("f32",),
         seed=290, ranges=[(0.1, 3.0), (-2.0, 2.0)]),
    Case("pow_broadcast", lambda a, b, w: tf.pow(a, b), [[2, 3, 5], [5]], ["POW"], ("f32",),
         seed=291, ranges=[(0.5, 2.0), (-3.0, 3.0)]),
    Case("pow_i32", lambda a, b, w: tf.pow(a, b), [[3, 7], [7]], ["POW"], ("f32",), seed=292,
         dtypes=[I32, I32], ranges=[(0, 6), (0, 6)]),
    Case("add_n", lambda a, b, c, w: tf.add_n([a, b, c]), [[2, 3, 5]] * 3, ["ADD_N"],
         ("f32",), seed=295),
    Case("add_n_i32", lambda a, b, c, d, w: tf.add_n([a, b, c, d]), [[3, 7]] * 4, ["ADD_N"],
         ("f32",), seed=296, dtypes=[I32] * 4, ranges=[(-1000, 1000)] * 4),
]

CASES += [
    # LOG_SOFTMAX: the quantized output is fixed at scale 16/256, zero point
    # at the type's maximum (the legacy uint8 range is set to match).
    Case("log_softmax", lambda x, w: tf.nn.log_softmax(x), [[3, 10]], ["LOG_SOFTMAX"],
         ("f32", "int8", "uint8"), seed=300, ranges=[(-4.0, 4.0)],
         out_range=(-255.0 / 16.0, 0.0)),
    Case("log_softmax_4d", lambda x, w: tf.nn.log_softmax(x), [[1, 2, 3, 7]],
         ["LOG_SOFTMAX"], ("f32", "int8"), seed=301, ranges=[(-8.0, 3.0)]),
    Case("log_softmax_wide", lambda x, w: tf.nn.log_softmax(x), [[2, 33]], ["LOG_SOFTMAX"],
         ("int8",), seed=302, ranges=[(-30.0, 20.0)]),
]

# Element-wise unary math. Quantized: ABS int8 / int16, EXP and LOG int8
# (tables); the rest is float32 (and int32 / int64 where LiteRT has it).
CASES += [
    Case("abs", lambda x, w: tf.abs(x), [[1, 5, 5, 3]], ["ABS"], BOTH, seed=310),
    # (no int32 ABS case: LiteRT 2.3's reference resolver lacks ABS version 5)
    Case("neg", lambda x, w: tf.negative(x), [[2, 3, 5]], ["NEG"], ("f32",), seed=312),
    Case("neg_i32", lambda x, w: tf.negative(x), [[3, 7]], ["NEG"], ("f32",), seed=313,
         dtypes=[I32], ranges=[(-1000, 1000)]),
    Case("neg_i64", lambda x, w: tf.negative(x), [[2, 9]], ["NEG"], ("f32",), seed=314,
         dtypes=[I64], ranges=[(-100000, 100000)]),
    Case("sqrt", lambda x, w: tf.sqrt(x), [[2, 3, 5]], ["SQRT"], ("f32",), seed=315,
         ranges=[(0.0, 9.0)]),
    Case("rsqrt", lambda x, w: tf.math.rsqrt(x), [[2, 3, 5]], ["RSQRT"], ("f32", "int8"),
         seed=316, ranges=[(0.05, 9.0)]),
    Case("rsqrt_16", lambda x, w: tf.math.rsqrt(tf.abs(x)), [[2, 3, 5]], ["ABS", "RSQRT"],
         ("int16",), seed=328, ranges=[(-9.0, 9.0)]),
    Case("rsqrt_zero_point_min", lambda x, w: tf.math.rsqrt(x), [[3, 11]], ["RSQRT"],
         ("int8",), seed=327, ranges=[(0.0, 2.0)]),
    Case("exp", lambda x, w: tf.exp(x), [[1, 5, 5, 3]], ["EXP"], BOTH, seed=317,
         ranges=[(-4.0, 2.0)]),
    Case("log", lambda x, w: tf.math.log(x), [[1, 5, 5, 3]], ["LOG"], BOTH, seed=318,
         ranges=[(0.05, 6.0)]),
    Case("sin", lambda x, w: tf.sin(x), [[2, 3, 5]], ["SIN"], ("f32",), seed=319,
         ranges=[(-6.0, 6.0)]),
    Case("cos", lambda x, w: tf.cos(x), [[2, 3, 5]], ["COS"], ("f32",), seed=320,
         ranges=[(-6.0, 6.0)]),
    Case("square", lambda x, w: tf.square(x), [[2, 3, 5]], ["SQUARE"], ("f32",), seed=321),
    Case("floor", lambda x, w: tf.floor(x), [[2, 3, 5]], ["FLOOR"], ("f32",), seed=322,
         ranges=[(-4.0, 4.0)]),
    # (CEIL / ROUND: LiteRT's BUILTIN_REF resolver has neither; see
    # default_resolver.py)
    Case("sign", lambda x, w: tf.sign(x), [[2, 3, 5]], ["SIGN"], ("f32",), seed=325),
    Case("sign_i32", lambda x, w: tf.sign(x), [[3, 7]], ["SIGN"], ("f32",), seed=326,
         dtypes=[I32], ranges=[(-3, 3)]),
]
