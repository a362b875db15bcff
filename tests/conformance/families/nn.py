"""Convolution variants, matmul, normalization, lookup, resizing, layout and
reductions (helper ops-nn). LiteRT BUILTIN_REF goldens; see ../make_cases.py."""

import tensorflow as tf

from make_cases import ALL_KINDS, BOTH, Case, R, R6, act_expect, find_ops, schema


def transpose_conv(x, w, filt, out_shape, strides, padding, bias=True, act=None):
    """filt: [H, W, C_out, C_in] (TensorFlow's layout; the converter writes OHWI)."""
    y = tf.nn.conv2d_transpose(x, w(filt), out_shape, strides, padding)
    if bias:
        y = tf.nn.bias_add(y, w((filt[2],), -0.5, 0.5))
    return act(y) if act else y


CASES = [
    # TRANSPOSE_CONV: SAME/VALID, strides 1-3, odd sizes, with and without
    # bias, fused RELU/RELU6, batch 2.
    Case("transpose_conv_same_stride2_relu",
         lambda x, w: transpose_conv(x, w, (3, 3, 4, 3), [1, 8, 8, 4], 2, "SAME", act=R),
         [[1, 4, 4, 3]], ["TRANSPOSE_CONV"], ALL_KINDS, seed=200,
         expect={"padding": "SAME", "strideH": 2, **act_expect("RELU")}, out_range=(0.0, 4.0)),
    Case("transpose_conv_valid_stride2",
         lambda x, w: transpose_conv(x, w, (3, 2, 5, 2), [2, 7, 8, 5], [2, 3], "VALID"),
         [[2, 3, 3, 2]], ["TRANSPOSE_CONV"], ALL_KINDS, seed=201,
         expect={"padding": "VALID", "strideW": 3}),
    Case("transpose_conv_same_odd_no_bias",
         lambda x, w: transpose_conv(x, w, (2, 3, 3, 5), [1, 5, 7, 3], [1, 2], "SAME",
                                     bias=False),
         [[1, 5, 4, 5]], ["TRANSPOSE_CONV"], BOTH, seed=202, expect={"strideH": 1}),
    Case("transpose_conv_same_stride3_relu6",
         lambda x, w: transpose_conv(x, w, (4, 4, 2, 3), [1, 9, 7, 2], 3, "SAME", act=R6),
         [[1, 3, 3, 3]], ["TRANSPOSE_CONV"], BOTH, seed=203, expect=act_expect("RELU6")),
]

tf1_image = tf.compat.v1.image


def bilinear(size, align_corners=False, half_pixel_centers=False):
    return lambda x, w: tf1_image.resize_bilinear(x, size, align_corners=align_corners,
                                                  half_pixel_centers=half_pixel_centers)


def nearest(size, align_corners=False, half_pixel_centers=False):
    return lambda x, w: tf1_image.resize_nearest_neighbor(
        x, size, align_corners=align_corners, half_pixel_centers=half_pixel_centers)


# RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR: up and down, non-integer ratios,
# each of the three coordinate modes, batch 2.
for _op, _make, _seed in (("resize_bilinear", bilinear, 210),
                          ("resize_nearest_neighbor", nearest, 220)):
    _name = _op.upper()
    CASES += [
        Case(f"{_op}_half_pixel_up", _make([7, 9], half_pixel_centers=True), [[2, 3, 4, 3]],
             [_name], ALL_KINDS, seed=_seed, out_range=(-2.0, 2.0),
             expect={"halfPixelCenters": True}),
        Case(f"{_op}_align_corners", _make([8, 5], align_corners=True), [[1, 3, 4, 2]],
             [_name], ALL_KINDS, seed=_seed + 1, out_range=(-2.0, 2.0),
             expect={"alignCorners": True}),
        Case(f"{_op}_legacy_down", _make([3, 5]), [[1, 7, 8, 3]], [_name], BOTH,
             seed=_seed + 2, expect={"alignCorners": False, "halfPixelCenters": False}),
        Case(f"{_op}_half_pixel_down", _make([4, 3], half_pixel_centers=True), [[1, 9, 7, 2]],
             [_name], BOTH, seed=_seed + 3),
    ]

# BATCH_MATMUL: two activations (a constant 2-D rhs becomes FULLY_CONNECTED),
# adj_x / adj_y, broadcast batch dims, ranks 2-5.
CASES += [
    Case("batch_matmul_3d", lambda a, b, w: tf.matmul(a, b), [[2, 3, 5], [2, 5, 4]],
         ["BATCH_MATMUL"], BOTH, seed=230, expect={"adjX": False, "adjY": False}),
    Case("batch_matmul_adj_x", lambda a, b, w: tf.matmul(a, b, transpose_a=True),
         [[2, 6, 3], [2, 6, 5]], ["BATCH_MATMUL"], BOTH, seed=231, expect={"adjX": True}),
    Case("batch_matmul_adj_y", lambda a, b, w: tf.matmul(a, b, transpose_b=True),
         [[1, 4, 7], [1, 3, 7]], ["BATCH_MATMUL"], BOTH, seed=232, expect={"adjY": True}),
    Case("batch_matmul_broadcast_4d", lambda a, b, w: tf.matmul(a, b),
         [[2, 1, 3, 4], [1, 3, 4, 2]], ["BATCH_MATMUL"], BOTH, seed=233,
         ranges=[(-2.0, 2.0), (-1.0, 3.0)]),
    Case("batch_matmul_rank5_vs_2d", lambda a, b, w: tf.matmul(a, b, transpose_a=True,
                                                              transpose_b=True),
         [[2, 1, 2, 5, 3], [4, 5]], ["BATCH_MATMUL"], BOTH, seed=234),
]
for _case in CASES:
    if _case.ops == ["BATCH_MATMUL"]:
        _case.calibrate_by_name = True  # the converter lists input_1 first

# SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD, REDUCE_ANY: inner, outer and
# several axes, keep_dims, negative axes, all axes; int32 inputs.
# (The 16x8 converter fails on all-axes reductions; legacy uint8 MAX/MIN keep
# the input's range so that no requantizing QUANTIZE is added.) No int8/int16
# SUM: the pinned LiteRT 2.3.0 BUILTIN_REF SUM gives wrong int8/int16 results
# (every negative raw sum comes out as -1, as if clamped to uint8 and cast),
# while its default kernel and current LiteRT source agree with brasa.
for _op, _fn, _seed, _out in (("sum", tf.reduce_sum, 240, (-8.0, 8.0)),
                              ("reduce_max", tf.reduce_max, 250, (-1.0, 1.0)),
                              ("reduce_min", tf.reduce_min, 260, (-1.0, 1.0))):
    _name = _op.upper()
    _kinds = ("f32", "uint8") if _op == "sum" else ALL_KINDS
    _both = ("f32",) if _op == "sum" else BOTH
    _int8 = ("f32",) if _op == "sum" else ("f32", "int8")
    CASES += [
        Case(f"{_op}_axes12", lambda x, w, f=_fn: f(x, [1, 2]), [[2, 3, 5, 4]], [_name],
             _kinds, seed=_seed, ranges=[(-1.0, 1.0)], out_range=_out,
             expect={"keepDims": False}),
        Case(f"{_op}_axis0_keepdims", lambda x, w, f=_fn: f(x, [0], keepdims=True),
             [[3, 4, 5]], [_name], _both, seed=_seed + 1, expect={"keepDims": True}),
        Case(f"{_op}_negative_axes", lambda x, w, f=_fn: f(x, [-1, 1]), [[2, 3, 2, 7]],
             [_name], _both, seed=_seed + 2, ranges=[(-0.5, 0.5)]),
        Case(f"{_op}_all_axes", lambda x, w, f=_fn: f(x, [0, 1]), [[6, 5]], [_name],
             _int8, seed=_seed + 3, ranges=[(-0.25, 0.25)]),
        Case(f"{_op}_int32", lambda x, w, f=_fn: f(x, [1]), [[3, 6, 2]], [_name], ("f32",),
             seed=_seed + 4, dtypes=[tf.int32], ranges=[(-50, 50)]),
    ]


def _prod_overflow_scales(model):
    """Input scale 1/8, output scale 2^-36, zero points 0 and -128: the scaling
    s_in / s_out^(1/4) is exactly 64, so a row's last rescale is 64^4 times the
    product of its 4 values, which lands on or past the int32 limits."""
    graph = model.subgraphs[0]
    op = find_ops(model, "REDUCE_PROD")[0]
    for index, scale, zero_point in ((op.inputs[0], 0.125, 0), (op.outputs[0], 2.0**-36, -128)):
        graph.tensors[index].quantization.scale = [scale]
        graph.tensors[index].quantization.zeroPoint = [zero_point]


# LiteRT's int32 arithmetic wraps: -128*64^4 = INT32_MIN, plus the zero point
# -128 wraps to a large positive value (output 127); -256*64^4 = -2^32 wraps
# to 0 (output -128). Row 2 stays in range (2^30 - 128: 127), row 3 too.
_prod_wraps = Case("reduce_prod_overflow", lambda x, w: tf.reduce_prod(x, [1]), [[4, 4]],
                   ["REDUCE_PROD"], ("int8",), seed=275, patch=_prod_overflow_scales)
_prod_wraps.inputs = [[[-128, 1, 1, 1], [64, 1, 1, 1], [-1, 1, 1, 1], [-128, 2, 1, 1]]]

CASES += [
    _prod_wraps,
    Case("reduce_prod_axis1", lambda x, w: tf.reduce_prod(x, [1]), [[2, 4, 3]],
         ["REDUCE_PROD"], BOTH, seed=270, ranges=[(0.5, 1.5)]),
    Case("reduce_prod_axes02_keepdims", lambda x, w: tf.reduce_prod(x, [0, 2], keepdims=True),
         [[2, 3, 3]], ["REDUCE_PROD"], BOTH, seed=271, ranges=[(-1.5, 1.5)]),
    Case("reduce_prod_int32", lambda x, w: tf.reduce_prod(x, [0]), [[5, 4]], ["REDUCE_PROD"],
         ("f32",), seed=272, dtypes=[tf.int32], ranges=[(-9, 9)]),
    Case("reduce_any_axis1", lambda x, w: tf.reduce_any(x, [1]), [[3, 4, 2]], ["REDUCE_ANY"],
         ("f32",), seed=273, dtypes=[tf.bool]),
    Case("reduce_any_all_keepdims", lambda x, w: tf.reduce_any(x, [0, 1], keepdims=True),
         [[2, 3]], ["REDUCE_ANY"], ("f32",), seed=274, dtypes=[tf.bool]),
]

# ARG_MAX / ARG_MIN: int32 and int64 outputs, inner/outer/negative axes,
# float, int8 (quantized), uint8 (legacy) and int32 inputs.
for _op, _fn, _seed in (("arg_max", tf.math.argmax, 280), ("arg_min", tf.math.argmin, 290)):
    _name = _op.upper()
    CASES += [
        Case(f"{_op}_axis3", lambda x, w, f=_fn: f(x, 3, output_type=tf.int32),
             [[2, 3, 4, 5]], [_name], ("f32", "int8"), seed=_seed),
        Case(f"{_op}_axis1_int64", lambda x, w, f=_fn: f(x, 1), [[3, 7, 2]], [_name],
             ("f32", "int8"), seed=_seed + 1),
        Case(f"{_op}_negative_axis", lambda x, w, f=_fn: f(x, -2, output_type=tf.int32),
             [[4, 6, 3]], [_name], ("f32", "int8"), seed=_seed + 2),
        Case(f"{_op}_int32_ties", lambda x, w, f=_fn: f(x, 0, output_type=tf.int32),
             [[9, 4]], [_name], ("f32",), seed=_seed + 3, dtypes=[tf.int32], ranges=[(-2, 2)]),
    ]

# DEPTH_TO_SPACE, SPACE_TO_DEPTH, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND.
# The 16x8 converter does not support DEPTH_TO_SPACE / SPACE_TO_DEPTH, and the
# int8 converter's calibrator lacks DEPTH_TO_SPACE version 2: those use the
# kinds that convert.
CASES += [
    Case("depth_to_space_block2", lambda x, w: tf.nn.depth_to_space(x, 2), [[2, 2, 3, 12]],
         ["DEPTH_TO_SPACE"], ("f32", "uint8"), seed=300, out_range=(-2.0, 2.0),
         expect={"blockSize": 2}),
    Case("depth_to_space_block3", lambda x, w: tf.nn.depth_to_space(x, 3), [[1, 2, 2, 9]],
         ["DEPTH_TO_SPACE"], ("f32", "uint8"), seed=301, out_range=(-2.0, 2.0),
         expect={"blockSize": 3}),
    Case("space_to_depth_block2", lambda x, w: tf.nn.space_to_depth(x, 2), [[2, 4, 6, 3]],
         ["SPACE_TO_DEPTH"], ("f32", "int8", "uint8"), seed=302, out_range=(-2.0, 2.0),
         expect={"blockSize": 2}),
    Case("space_to_depth_block3", lambda x, w: tf.nn.space_to_depth(x, 3), [[1, 3, 6, 2]],
         ["SPACE_TO_DEPTH"], ("f32", "int8"), seed=303),
    Case("space_to_batch_nd_padded",
         lambda x, w: tf.space_to_batch_nd(x, [2, 3], [[1, 0], [2, 1]]), [[2, 5, 3, 2]],
         ["SPACE_TO_BATCH_ND"], ALL_KINDS, seed=304, ranges=[(-1.0, 3.0)],
         out_range=(-1.0, 3.0)),
    Case("space_to_batch_nd_3d", lambda x, w: tf.space_to_batch_nd(x, [2], [[0, 1]]),
         [[1, 5, 3]], ["SPACE_TO_BATCH_ND"], BOTH, seed=305, ranges=[(0.5, 3.0)]),
    Case("batch_to_space_nd_cropped",
         lambda x, w: tf.batch_to_space(x, [2, 3], [[1, 0], [2, 1]]), [[12, 3, 3, 2]],
         ["BATCH_TO_SPACE_ND"], ALL_KINDS, seed=306, out_range=(-2.0, 2.0)),
    Case("batch_to_space_nd_3d", lambda x, w: tf.batch_to_space(x, [2], [[0, 1]]),
         [[4, 3, 2]], ["BATCH_TO_SPACE_ND"], BOTH, seed=307),
]

def add_operator_code(model, builtin):
    """Appends an operator code (version 1); returns its index."""
    code = schema.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = builtin
    code.version = 1
    model.operatorCodes.append(code)
    return len(model.operatorCodes) - 1


def gather_to_embedding_lookup(model):
    """The converter turns tf.nn.embedding_lookup into GATHER (axis 0), which
    is the same lookup: make it EMBEDDING_LOOKUP(ids, table)."""
    index = add_operator_code(model, schema.BuiltinOperator.EMBEDDING_LOOKUP)
    for op in find_ops(model, "GATHER"):
        op.opcodeIndex = index
        op.inputs = [int(op.inputs[1]), int(op.inputs[0])]
        op.builtinOptionsType = schema.BuiltinOptions.NONE
        op.builtinOptions = None


def average_to_l2_pool(model):
    """No TensorFlow op converts to L2_POOL_2D: an AVERAGE_POOL_2D becomes one
    (same Pool2DOptions); the reference interpreter computes the L2 pool."""
    index = add_operator_code(model, schema.BuiltinOperator.L2_POOL_2D)
    for op in find_ops(model, "AVERAGE_POOL_2D"):
        op.opcodeIndex = index


# L2_NORMALIZATION, LOCAL_RESPONSE_NORMALIZATION (float only in LiteRT),
# CUMSUM (float/int32/int64 only), EMBEDDING_LOOKUP (same-type tables).
CASES += [
    Case("l2_normalization_last_axis", lambda x, w: tf.math.l2_normalize(x, -1),
         [[2, 3, 7]], ["L2_NORMALIZATION"], ("f32", "int8", "uint8"), seed=310,
         out_range=(-1.0, 127.0 / 128.0)),
    Case("l2_normalization_2d", lambda x, w: tf.math.l2_normalize(x, 1), [[4, 19]],
         ["L2_NORMALIZATION"], ("f32", "int8"), seed=311, ranges=[(-0.2, 3.0)]),
    Case("local_response_normalization",
         lambda x, w: tf.nn.local_response_normalization(x, depth_radius=2, bias=1.5,
                                                         alpha=0.3, beta=0.6),
         [[1, 3, 2, 9]], ["LOCAL_RESPONSE_NORMALIZATION"], ("f32",), seed=312,
         expect={"radius": 2}),
    Case("local_response_normalization_radius1",
         lambda x, w: tf.nn.local_response_normalization(x, depth_radius=1, bias=0.5,
                                                         alpha=1.0, beta=0.75),
         [[2, 2, 2, 5]], ["LOCAL_RESPONSE_NORMALIZATION"], ("f32",), seed=313),
    Case("cumsum_axis1", lambda x, w: tf.math.cumsum(x, 1), [[2, 5, 3]], ["CUMSUM"], ("f32",),
         seed=314, expect={"exclusive": False, "reverse": False}),
    Case("cumsum_exclusive_reverse", lambda x, w: tf.math.cumsum(x, -1, exclusive=True,
                                                                 reverse=True),
         [[3, 6]], ["CUMSUM"], ("f32",), seed=315, expect={"exclusive": True, "reverse": True}),
    Case("cumsum_int32_axis0", lambda x, w: tf.math.cumsum(x, 0, reverse=True), [[4, 3]],
         ["CUMSUM"], ("f32",), seed=316, dtypes=[tf.int32], ranges=[(-100, 100)]),
    Case("embedding_lookup_float",
         lambda ids, w: tf.nn.embedding_lookup(w((7, 5)), ids), [[6]], ["EMBEDDING_LOOKUP"],
         ("f32",), seed=317, dtypes=[tf.int32], ranges=[(0, 6)],
         patch=gather_to_embedding_lookup),
    Case("embedding_lookup_3d_table",
         lambda ids, w: tf.nn.embedding_lookup(w((4, 2, 3)), ids), [[5]],
         ["EMBEDDING_LOOKUP"], ("f32",), seed=318, dtypes=[tf.int32], ranges=[(0, 3)],
         patch=gather_to_embedding_lookup),
    Case("l2_pool_2d_same_stride2", lambda x, w: tf.nn.avg_pool2d(x, 3, 2, "SAME"),
         [[1, 6, 5, 3]], ["L2_POOL_2D"], ("f32",), seed=319, patch=average_to_l2_pool,
         expect={"padding": "SAME", "strideW": 2}),
    Case("l2_pool_2d_valid_relu6",
         lambda x, w: R6(tf.nn.avg_pool2d(x, [2, 3], [1, 2], "VALID")), [[2, 5, 7, 2]], ["L2_POOL_2D"], ("f32",), seed=320, patch=average_to_l2_pool,
         ranges=[(-3.0, 5.0)], expect=act_expect("RELU6")),
]
