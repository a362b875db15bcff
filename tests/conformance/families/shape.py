"""Data movement (slicing, splitting, gathering, packing, tiling, padding,
broadcasting, casting) and comparison / logic / selection ops.

Patches (the reference interpreter still computes every golden):
- `constant_inputs`: turns chosen graph inputs into constants. Ops whose
  output shape depends on input values (RANGE, WHERE, offset strided slices)
  run in brasa only on constants, and the converter folds ops on constants
  away, so the case feeds them as inputs and the patch freezes the values.
- `reshape_to_expand_dims`: the converter writes tf.expand_dims as RESHAPE.
- `set_options(..., offset=True)`: the converter never sets STRIDED_SLICE's
  offset (end counted from begin).
"""

import re

import numpy as np
import tensorflow as tf
from ai_edge_litert import schema_py_generated as schema

from make_cases import ALL_KINDS, BOTH, Case, find_ops, set_options

F32 = ("f32",)
Q = ("f32", "int8")  # the 16x8 converter rejects these ops


def add_constant(model, value, name):
    """A new constant tensor holding `value`; returns its index."""
    buffer = schema.BufferT()
    buffer.data = np.frombuffer(value.tobytes(), np.uint8).tolist()
    model.buffers.append(buffer)
    tensor = schema.TensorT()
    tensor.shape = list(value.shape)
    tensor.type = {np.dtype(np.int32): schema.TensorType.INT32,
                   np.dtype(np.int64): schema.TensorType.INT64,
                   np.dtype(np.float32): schema.TensorType.FLOAT32,
                   np.dtype(np.bool_): schema.TensorType.BOOL}[value.dtype]
    tensor.buffer = len(model.buffers) - 1
    tensor.name = name.encode()
    graph = model.subgraphs[0]
    graph.tensors.append(tensor)
    return len(graph.tensors) - 1


def constant_inputs(values):
    """Patch: the case inputs {index: value} become constants with these values
    (found by name: the converter may reorder a model's inputs)."""
    def patch(model):
        graph = model.subgraphs[0]
        frozen = []
        for index in graph.inputs:
            name = graph.tensors[index].name.decode()
            match = re.search(r"input_(\d+)", name)
            if match is None or int(match.group(1)) not in values:
                continue
            value = np.ascontiguousarray(values[int(match.group(1))])
            buffer = schema.BufferT()
            buffer.data = np.frombuffer(value.tobytes(), np.uint8).tolist()
            model.buffers.append(buffer)
            graph.tensors[index].buffer = len(model.buffers) - 1
            frozen.append(int(index))
        assert len(frozen) == len(values), "inputs to freeze not found"
        graph.inputs = [i for i in graph.inputs if int(i) not in frozen]
        for signature in model.signatureDefs or []:
            signature.inputs = [t for t in signature.inputs if t.tensorIndex not in frozen]
    return patch


def quantize_inputs(model, params, tensor_type=None):
    """Patch: the case inputs {index: (scale, zero_point)} get that quantization
    (and `tensor_type`, when given: the converter has no uint8 comparisons)."""
    graph = model.subgraphs[0]
    for index in graph.inputs:
        match = re.search(r"input_(\d+)", graph.tensors[index].name.decode())
        if match and int(match.group(1)) in params:
            scale, zero_point = params[int(match.group(1))]
            q = schema.QuantizationParametersT()
            q.scale, q.zeroPoint = [scale], [zero_point]
            graph.tensors[index].quantization = q
            if tensor_type is not None:
                graph.tensors[index].type = tensor_type


def replace_op(old_name, new_code, options_type, options, keep_inputs):
    """Patch: every `old_name` operator becomes `new_code` reading only the
    inputs at positions `keep_inputs` (for ops the converter folds away)."""
    def patch(model):
        code = schema.OperatorCodeT()
        code.builtinCode = code.deprecatedBuiltinCode = new_code
        code.version = 1
        model.operatorCodes.append(code)
        for op in find_ops(model, old_name):
            op.opcodeIndex = len(model.operatorCodes) - 1
            op.inputs = [int(op.inputs[k]) for k in keep_inputs]
            op.builtinOptionsType = options_type
            op.builtinOptions = options
    return patch


def shape_options():
    options = schema.ShapeOptionsT()
    options.outType = schema.TensorType.INT32
    return options


def reshape_to_expand_dims(axis):
    def patch(model):
        code = schema.OperatorCodeT()
        code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.EXPAND_DIMS
        code.version = 1
        model.operatorCodes.append(code)
        axis_tensor = add_constant(model, np.array([axis], np.int32), "expand_axis")
        for op in find_ops(model, "RESHAPE"):
            op.opcodeIndex = len(model.operatorCodes) - 1
            op.inputs = [int(op.inputs[0]), axis_tensor]
            op.builtinOptionsType = schema.BuiltinOptions.ExpandDimsOptions
            op.builtinOptions = schema.ExpandDimsOptionsT()
    return patch


I32 = tf.int32
IMG = [2, 4, 5, 3]

CASES = [
    # STRIDED_SLICE
    Case("strided_slice_basic", lambda x, w: x[:, 1:3, ::2, :], [IMG], ["STRIDED_SLICE"],
         ALL_KINDS, seed=300, out_range=(-2.0, 2.0)),
    Case("strided_slice_negative_stride", lambda x, w: x[:, ::-1, 4:0:-2], [[1, 4, 6, 2]],
         ["STRIDED_SLICE"], ALL_KINDS, seed=301, out_range=(-2.0, 2.0)),
    Case("strided_slice_shrink", lambda x, w: x[:, 2], [[2, 4, 3]], ["STRIDED_SLICE"], BOTH,
         seed=302, expect={"shrinkAxisMask": 2}),
    Case("strided_slice_shrink_negative", lambda x, w: x[-1, :, 1:], [[3, 4, 5]],
         ["STRIDED_SLICE"], BOTH, seed=303),
    Case("strided_slice_ellipsis", lambda x, w: x[..., 1:3], [[2, 3, 4, 5]], ["STRIDED_SLICE"],
         BOTH, seed=304),
    # The converter writes a new axis as a RESHAPE before the slice.
    Case("strided_slice_new_axis", lambda x, w: x[:, tf.newaxis, 1:, ::3], [[2, 3, 7]],
         ["RESHAPE", "STRIDED_SLICE"], Q, seed=305),
    Case("strided_slice_clamped", lambda x, w: x[-10:10, 1:-1], [[3, 6]], ["STRIDED_SLICE"],
         BOTH, seed=306),
    Case("strided_slice_masks_mixed", lambda x, w: x[1:, :-1, 3, ::-1], [[3, 4, 5, 6]],
         ["STRIDED_SLICE"], BOTH, seed=307),
    Case("strided_slice_5d", lambda x, w: x[:, 1:, :, ::2, -2:], [[2, 3, 2, 5, 4]],
         ["STRIDED_SLICE"], BOTH, seed=352),
    Case("strided_slice_rank1", lambda x, w: x[2:9:3], [[10]], ["STRIDED_SLICE"], BOTH,
         seed=353),
    # begin [1, 0] and end [2, 4] read as sizes with offset: rows 1..2, columns 0 and 2.
    Case("strided_slice_offset", lambda x, w: x[1:2, 0:4:2], [[4, 5]], ["STRIDED_SLICE"], F32,
         seed=308, expect={"offset": True},
         patch=lambda m: set_options(m, "STRIDED_SLICE", offset=True)),
    Case("strided_slice_int32", lambda x, w: x[::2, 1:], [[5, 4]], ["STRIDED_SLICE"], F32,
         seed=309, dtypes=[I32], ranges=[(-100, 100)]),
    Case("strided_slice_bool", lambda x, w: x[1:, ::-1], [[3, 4]], ["STRIDED_SLICE"], F32,
         seed=310, dtypes=[tf.bool]),
    # SLICE
    Case("slice", lambda x, w: tf.slice(x, [0, 1, 1, 0], [2, 2, -1, 2]), [IMG], ["SLICE"],
         ALL_KINDS, seed=311, out_range=(-2.0, 2.0)),
    Case("slice_int64", lambda x, w: tf.slice(x, [1, 0], [2, 3]), [[4, 5]], ["SLICE"], F32,
         seed=312, dtypes=[tf.int64], ranges=[(-1000, 1000)]),
    # SPLIT, SPLIT_V
    # Several outputs: the 16x8 converter crashes, the legacy uint8 graph packs them.
    Case("split_axis2", lambda x, w: tf.split(x, 3, axis=2), [[1, 4, 6, 2]], ["SPLIT"], Q,
         seed=313),
    Case("split_negative_axis", lambda x, w: tf.split(x, 2, axis=-1), [[3, 4]], ["SPLIT"], Q,
         seed=314),
    Case("split_v", lambda x, w: tf.split(x, [1, 3, 2], axis=3), [[1, 2, 3, 6]], ["SPLIT_V"],
         Q, seed=315),
    Case("split_v_inferred", lambda x, w: tf.split(x, [2, -1, 1], axis=1), [[2, 7, 3]],
         ["SPLIT_V"], Q, seed=316),
    # CAST
    Case("cast_f32_to_int32", lambda x, w: tf.cast(x, tf.int32), [[3, 7]], ["CAST"], F32,
         seed=317, ranges=[(-5.0, 5.0)]),
    # Out of the target's range: saturates (LiteRT's SaturatingCastFloatingToInteger).
    Case("cast_f32_to_int8_saturating", lambda x, w: tf.cast(x, tf.int8), [[4, 6]], ["CAST"],
         F32, seed=350, ranges=[(-300.0, 300.0)]),
    Case("cast_f32_to_int32_saturating", lambda x, w: tf.cast(x, tf.int32), [[4, 6]],
         ["CAST"], F32, seed=351, ranges=[(-6e9, 6e9)]),
    Case("cast_int32_to_f32", lambda x, w: tf.cast(x, tf.float32), [[4, 5]], ["CAST"], F32,
         seed=318, dtypes=[I32], ranges=[(-70000, 70000)]),
    Case("cast_bool_to_f32", lambda x, w: tf.cast(x, tf.float32), [[2, 9]], ["CAST"], F32,
         seed=319, dtypes=[tf.bool]),
    Case("cast_int32_to_int64", lambda x, w: tf.cast(x, tf.int64), [[10]], ["CAST"], F32,
         seed=320, dtypes=[I32], ranges=[(-1000, 1000)]),
    Case("cast_int64_to_bool", lambda x, w: tf.cast(x, tf.bool), [[3, 3]], ["CAST"], F32,
         seed=321, dtypes=[tf.int64], ranges=[(-1, 1)]),
    Case("cast_uint8_to_f32", lambda x, w: tf.cast(x, tf.float32), [[2, 5]], ["CAST"], F32,
         seed=322, dtypes=[tf.uint8], ranges=[(0, 255)]),
    # GATHER
    Case("gather_axis1", lambda x, i, w: tf.gather(x, i, axis=1), [[2, 5, 3], [4]], ["GATHER"],
         BOTH, seed=323, dtypes=[tf.float32, I32], ranges=[(-2.0, 2.0), (0, 4)]),
    Case("gather_axis0_2d_indices", lambda x, i, w: tf.gather(x, i), [[6, 3], [2, 3]],
         ["GATHER"], Q, seed=324, dtypes=[tf.float32, tf.int64], ranges=[(-2.0, 2.0), (0, 5)]),
    Case("gather_batch_dims", lambda x, i, w: tf.gather(x, i, axis=2, batch_dims=1),
         [[2, 3, 5, 2], [2, 4]], ["GATHER"], Q, seed=325, dtypes=[tf.float32, I32],
         ranges=[(-2.0, 2.0), (0, 4)], expect={"batchDims": 1}),
    # Constant indices: the legacy uint8 graph can make it too.
    Case("gather_constant_indices", lambda x, w: tf.gather(x, [2, 0, 2, 1], axis=1),
         [[2, 3, 5]], ["GATHER"], ALL_KINDS, seed=354, out_range=(-2.0, 2.0)),
    Case("gather_int32_params", lambda x, i, w: tf.gather(x, i, axis=-1), [[3, 4], [5]],
         ["GATHER"], F32, seed=326, dtypes=[I32, I32], ranges=[(-50, 50), (0, 3)]),
    # PACK, UNPACK
    # The 16x8 converter requantizes two inputs to the output's scale.
    Case("pack_axis1", lambda a, b, c, w: tf.stack([a, b, c], axis=1), [[2, 3], [2, 3], [2, 3]],
         ["PACK"], BOTH, seed=327, int16_ops=["QUANTIZE", "QUANTIZE", "PACK"]),
    Case("pack_axis0_int32", lambda a, b, w: tf.stack([a, b]), [[3, 2], [3, 2]], ["PACK"], F32,
         seed=328, dtypes=[I32, I32], ranges=[(-9, 9), (-9, 9)]),
    Case("unpack_axis1", lambda x, w: tf.unstack(x, axis=1), [[2, 3, 4]], ["UNPACK"],
         BOTH, seed=329, out_range=(-2.0, 2.0)),
    Case("unpack_last_axis", lambda x, w: tf.unstack(x, axis=-1), [[3, 2]], ["UNPACK"], BOTH,
         seed=330),
    # EXPAND_DIMS
    Case("expand_dims", lambda x, w: tf.expand_dims(x, 1), [[2, 3, 4]], ["EXPAND_DIMS"], BOTH,
         seed=331, patch=reshape_to_expand_dims(1)),
    Case("expand_dims_negative", lambda x, w: tf.expand_dims(x, -1), [[3, 4]], ["EXPAND_DIMS"],
         Q, seed=332, patch=reshape_to_expand_dims(-1)),
    # TILE
    # LiteRT's reference resolver has no int8 TILE (version 3).
    Case("tile", lambda x, w: tf.tile(x, [1, 2, 3]), [[2, 3, 2]], ["TILE"], F32, seed=333),
    Case("tile_int32", lambda x, w: tf.tile(x, [3, 1]), [[2, 5]], ["TILE"], F32, seed=334,
         dtypes=[I32], ranges=[(-100, 100)]),
    # FILL
    Case("fill", lambda v, w: tf.fill([2, 3, 5], v), [[]], ["FILL"], F32, seed=335),
    Case("fill_int32", lambda v, w: tf.fill([4, 3], v), [[]], ["FILL"], F32, seed=336,
         dtypes=[I32], ranges=[(-100, 100)]),
    # ZEROS_LIKE and SHAPE fold away on static shapes: a REVERSE_V2 and an ARG_MAX
    # whose outputs have the intended type and shape are rewritten into them.
    Case("zeros_like", lambda x, w: tf.reverse(x, [0]), [[3, 5]], ["ZEROS_LIKE"], F32,
         seed=355, dtypes=[I32], ranges=[(-9, 9)],
         patch=replace_op("REVERSE_V2", schema.BuiltinOperator.ZEROS_LIKE,
                          schema.BuiltinOptions.ZerosLikeOptions, schema.ZerosLikeOptionsT(),
                          [0])),
    Case("shape", lambda x, w: tf.argmax(x, axis=1, output_type=tf.int32), [[2, 5]],
         ["SHAPE"], F32, seed=356, patch=replace_op("ARG_MAX", schema.BuiltinOperator.SHAPE,
                                                    schema.BuiltinOptions.ShapeOptions,
                                                    shape_options(), [0])),
    # GATHER_ND, SCATTER_ND
    Case("gather_nd", lambda x, i, w: tf.gather_nd(x, i), [[3, 4, 2], [5, 2]], ["GATHER_ND"],
         BOTH, seed=337, dtypes=[tf.float32, I32], ranges=[(-2.0, 2.0), (0, 2)]),
    Case("gather_nd_full_index", lambda x, i, w: tf.gather_nd(x, i), [[3, 4], [2, 3, 2]],
         ["GATHER_ND"], F32, seed=338, dtypes=[tf.float32, tf.int64],
         ranges=[(-2.0, 2.0), (0, 2)]),
    Case("scatter_nd", lambda i, u, w: tf.scatter_nd(i, u, [4, 3]), [[5, 1], [5, 3]],
         ["SCATTER_ND"], F32, seed=339, dtypes=[I32, tf.float32], ranges=[(0, 3), (-2.0, 2.0)]),
    Case("scatter_nd_int32", lambda i, u, w: tf.scatter_nd(i, u, [3, 3, 2]), [[4, 2], [4, 2]],
         ["SCATTER_ND"], F32, seed=340, dtypes=[I32, I32], ranges=[(0, 2), (-50, 50)]),
    # MIRROR_PAD
    Case("mirror_pad_reflect", lambda x, w: tf.pad(x, [[0, 0], [2, 1], [1, 2], [0, 0]],
                                                   mode="REFLECT"),
         [[1, 4, 3, 2]], ["MIRROR_PAD"], ALL_KINDS, seed=341, out_range=(-2.0, 2.0)),
    Case("mirror_pad_symmetric", lambda x, w: tf.pad(x, [[1, 1], [3, 0], [0, 2]],
                                                     mode="SYMMETRIC"),
         [[2, 3, 4]], ["MIRROR_PAD"], BOTH, seed=342),
    # BROADCAST_TO, BROADCAST_ARGS
    Case("broadcast_to", lambda x, w: tf.broadcast_to(x, [2, 3, 4]), [[3, 1]],
         ["BROADCAST_TO"], BOTH, seed=343),
    Case("broadcast_to_int32", lambda x, w: tf.broadcast_to(x, [2, 1, 3, 5]), [[1, 1, 5]],
         ["BROADCAST_TO"], F32, seed=344, dtypes=[I32], ranges=[(-9, 9)]),
    Case("broadcast_args", lambda a, b, w: tf.raw_ops.BroadcastArgs(s0=a, s1=b), [[3], [2]],
         ["BROADCAST_ARGS"], F32, seed=345, dtypes=[I32, I32], ranges=[(1, 6), (1, 1)]),
    # REVERSE_V2
    Case("reverse_v2", lambda x, w: tf.reverse(x, [1, 2]), [[2, 3, 4, 2]], ["REVERSE_V2"],
         ALL_KINDS, seed=346, out_range=(-2.0, 2.0)),
    Case("reverse_v2_int32", lambda x, w: tf.reverse(x, [0]), [[5, 3]], ["REVERSE_V2"], F32,
         seed=347, dtypes=[I32], ranges=[(-100, 100)]),
    # RANGE (inputs frozen into constants; a MUL by a runtime scalar gives the model an input)
    Case("range_int32", lambda x, s, l, d, w: tf.range(s, l, d) * x, [[], [], [], []],
         ["RANGE", "MUL"], F32, seed=348, dtypes=[I32, I32, I32, I32],
         ranges=[(-3, 3), (0, 0), (0, 0), (0, 0)],
         patch=constant_inputs({1: np.int32(-3), 2: np.int32(14), 3: np.int32(4)})),
    Case("range_f32", lambda x, s, l, d, w: tf.range(s, l, d) * x, [[], [], [], []],
         ["RANGE", "MUL"], F32, seed=349,
         patch=constant_inputs({1: np.float32(2.5), 2: np.float32(-1.0),
                                          3: np.float32(-0.3)})),
]

# Comparisons: quantized inputs of different scales are rescaled before comparing.
for _name, _fn in (("equal", tf.equal), ("not_equal", tf.not_equal), ("less", tf.less),
                   ("less_equal", tf.less_equal), ("greater", tf.greater),
                   ("greater_equal", tf.greater_equal)):
    _op = _name.upper()
    _seed = 360 + 3 * ["equal", "not_equal", "less", "less_equal", "greater",
                       "greater_equal"].index(_name)
    CASES += [
        # The int8 converter dequantizes around NOT_EQUAL: float only.
        Case(f"{_name}_broadcast", lambda a, b, w, f=_fn: f(a, b), [[2, 3, 4], [4]], [_op],
             F32 if _name == "not_equal" else Q,
             seed=_seed, ranges=[(-2.0, 2.0), (-1.0, 1.5)]),
        Case(f"{_name}_int32", lambda a, b, w, f=_fn: f(a, b), [[3, 5], [3, 1]], [_op], F32,
             seed=_seed + 1, dtypes=[I32, I32], ranges=[(-3, 3), (-3, 3)]),
    ]
CASES += [
    Case("equal_bool", lambda a, b, w: tf.equal(a, b), [[4, 3], [4, 3]], ["EQUAL"], F32,
         seed=380, dtypes=[tf.bool, tf.bool]),
    Case("less_int64", lambda a, b, w: tf.less(a, b), [[2, 1, 4], [3, 1]], ["LESS"], F32,
         seed=381, dtypes=[tf.int64, tf.int64], ranges=[(-5, 5), (-5, 5)]),
    # int16: LESS compares raw values; EQUAL rescales when the inputs are quantized
    # (the 16x8 converter rejects comparisons: quantization is patched onto the inputs).
    Case("less_int16_raw", lambda a, b, w: tf.less(a, b), [[3, 4], [4]], ["LESS"], F32,
         seed=389, dtypes=[tf.int16, tf.int16], ranges=[(-300, 300), (-300, 300)]),
    # Real values 0.5 (a - 2) and 0.25 (b + 1): equal when b = 2a - 5, often in range.
    Case("equal_int16_quantized", lambda a, b, w: tf.equal(a, b), [[8, 8], [8]], ["EQUAL"],
         F32, seed=390, dtypes=[tf.int16, tf.int16], ranges=[(-3, 3), (-11, 1)],
         patch=lambda m: quantize_inputs(m, {0: (0.5, 2), 1: (0.25, -1)})),
    # uint8 always compares rescaled values (quantization patched onto the inputs).
    Case("greater_uint8_quantized", lambda a, b, w: tf.greater(a, b), [[4, 6], [4, 1]],
         ["GREATER"], F32, seed=393, dtypes=[I32, I32], ranges=[(0, 255), (0, 255)],
         patch=lambda m: quantize_inputs(m, {0: (0.05, 128), 1: (0.1, 100)},
                                         schema.TensorType.UINT8)),
    # LOGICAL_AND, LOGICAL_OR, LOGICAL_NOT
    Case("logical_and", lambda a, b, w: tf.logical_and(a, b), [[2, 3, 4], [3, 1]],
         ["LOGICAL_AND"], F32, seed=382, dtypes=[tf.bool, tf.bool]),
    Case("logical_or", lambda a, b, w: tf.logical_or(a, b), [[5, 4], [5, 4]], ["LOGICAL_OR"],
         F32, seed=383, dtypes=[tf.bool, tf.bool]),
    Case("logical_not", lambda a, w: tf.logical_not(a), [[3, 7]], ["LOGICAL_NOT"], F32,
         seed=384, dtypes=[tf.bool]),
    # SELECT (v1), SELECT_V2
    Case("select", lambda c, x, y, w: tf.compat.v1.where(c, x, y), [[3, 4], [3, 4], [3, 4]],
         ["SELECT"], BOTH, seed=385, dtypes=[tf.bool, tf.float32, tf.float32],
         ranges=[(0, 1), (-2.0, 2.0), (-2.0, 2.0)]),
    Case("select_scalar_condition", lambda c, x, y, w: tf.compat.v1.where(c, x, y),
         [[], [3, 4], [3, 4]], ["SELECT"], F32, seed=391,
         dtypes=[tf.bool, tf.float32, tf.float32], ranges=[(0, 1), (-2.0, 2.0), (-2.0, 2.0)]),
    Case("select_rank_one_condition", lambda c, x, y, w: tf.compat.v1.where(c, x, y),
         [[4], [4, 2, 3], [4, 2, 3]], ["SELECT"], F32, seed=392,
         dtypes=[tf.bool, tf.float32, tf.float32], ranges=[(0, 1), (-2.0, 2.0), (-2.0, 2.0)]),
    Case("select_v2_broadcast", lambda c, x, y, w: tf.where(c, x, y),
         [[2, 1, 3], [2, 4, 3], [3]], ["SELECT_V2"], Q, seed=386,
         dtypes=[tf.bool, tf.float32, tf.float32], ranges=[(0, 1), (-2.0, 2.0), (-2.0, 2.0)]),
    # Same shapes: the converter writes tf.where as SELECT.
    Case("select_same_shape_int32", lambda c, x, y, w: tf.where(c, x, y),
         [[4, 3], [4, 3], [4, 3]], ["SELECT"], F32, seed=387, dtypes=[tf.bool, I32, I32],
         ranges=[(0, 1), (-9, 9), (-9, 9)]),
    # WHERE (condition frozen into a constant; CAST and MUL give the model an input)
    Case("where", lambda x, c, w: tf.cast(tf.where(c), tf.float32) * x, [[], [3, 4]],
         ["WHERE", "CAST", "MUL"], F32, seed=388, dtypes=[tf.float32, tf.bool],
         patch=constant_inputs(
             {1: np.array([[1, 0, 0, 1], [0, 0, 0, 0], [1, 1, 0, 1]], np.bool_)})),
]
