#!/usr/bin/env python3
"""Builds brasa's conformance cases: tiny single-op (or 2-3 op) TensorFlow Lite
models with inputs and the outputs of TensorFlow Lite's REFERENCE kernels.

Pinned versions (the files in tests/conformance/cases were made with these):

    pip install tensorflow-cpu==2.21.0 ai-edge-litert==2.3.0 numpy==2.4.6
    pip install tf_keras==2.21.0   # families/lstm_hybrid.py: Keras 2's fusable LSTM

How to run (from the repository root; rewrites tests/conformance/cases):

    python3 tests/conformance/make_cases.py
    python3 tests/conformance/make_cases.py --only conv_2d_same_int8 add_relu_f32
    python3 tests/conformance/make_cases.py --family elementwise

Cases are listed in CASES below (the core ops) and in families/<name>.py,
one file per op family, each defining its own CASES with this module's
helpers (`from make_cases import Case, ...`).

For each case it builds a tf.function (weights and data from fixed seeds),
converts it with tf.lite.TFLiteConverter (float32; full-integer int8 with a
seeded representative dataset; int8 with float32 or uint8 inputs/outputs;
legacy uint8 through a TF1 graph with fake-quant nodes), runs it once in
LiteRT's interpreter with OpResolverType.BUILTIN_REF (the oracle) and writes

    cases/<case>/model.tflite
    cases/<case>/input_<i>.npy    model input i (its dtype and shape)
    cases/<case>/output_<j>.npy   model output j, from the reference kernels
    cases/<case>/ops.txt          the model's operators, tensors and options

It fails if a model does not contain exactly the intended operators (and
options, e.g. the fused activation). Re-running gives byte-identical files.
"""

import argparse
import os
import re
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import flatbuffers  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from ai_edge_litert import schema_py_generated as schema  # noqa: E402
from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: E402

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(SCRIPT_DIR, "cases")

OP_NAMES = {v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")}
TYPE_NAMES = {v: k.lower() for k, v in vars(schema.TensorType).items() if not k.startswith("_")}
ACTIVATIONS = {v: k for k, v in vars(schema.ActivationFunctionType).items()
               if not k.startswith("_")}
PADDINGS = {v: k for k, v in vars(schema.Padding).items() if not k.startswith("_")}


# --------------------------------------------------------------------------
# Case table. A case is a float function of float inputs; each "kind" makes
# one model of it:
#   f32        float32 model
#   int8       full-integer int8, int8 inputs and outputs
#   int16      16x8: int16 activations, int8 weights, int16 inputs and outputs
#   int8_fio   full-integer int8 with float32 inputs/outputs (QUANTIZE/DEQUANTIZE at the edges)
#   int8_uio   full-integer int8 with uint8 inputs/outputs (QUANTIZE uint8<->int8 at the edges)
#   uint8      legacy uint8 model (TF1 graph with fake-quant, inference_type uint8)
#   hybrid     dynamic-range: float32 activations, int8 weights (convert_weights_only)
#   float16    float16 weights, DEQUANTIZE to float32 in front of the op (convert_weights_only)
class Case:
    def __init__(self, name, fn, shapes, ops, kinds=("f32", "int8"), ranges=None, seed=0,
                 expect=None, out_range=(-4.0, 4.0), patch=None, int16_ops=None,
                 dtypes=None, tolerance=None):
        self.name = name
        self.fn = fn                  # fn(*inputs, w) -> tensor; w(shape) makes seeded weights
        self.shapes = shapes          # input shapes
        self.ops = ops                # the intended operator list of the f32/int8 model
        self.kinds = kinds
        self.ranges = ranges or [(-2.0, 2.0)] * len(shapes)
        self.seed = seed
        self.expect = expect or {}    # options the main (first intended) op must have
        self.out_range = out_range    # fake-quant range of the legacy uint8 output
        self.patch = patch            # patch(ModelT): edits the converted model (see below)
        self.int16_ops = int16_ops    # the 16x8 model's operators, where they differ
        # Input dtypes (tf.float32 by default). Non-float inputs (int32, int64,
        # bool) stay unquantized; their values are drawn from `ranges` (ints)
        # or uniformly (bool).
        self.dtypes = dtypes or [tf.float32] * len(shapes)
        # float32 outputs only: (relative, absolute, "why") written to
        # tolerance.txt for ops whose float results legitimately differ more
        # than 1e-5 (transcendental functions); integer outputs stay exact.
        self.tolerance = tolerance


def weights_maker(seed):
    rng = np.random.default_rng(1000 + seed)

    def w(shape, low=-1.0, high=1.0):
        return tf.constant(rng.uniform(low, high, shape).astype(np.float32))
    return w


def conv(x, w, filt, strides=1, padding="SAME", dilations=1, bias=True, act=None):
    y = tf.nn.conv2d(x, w(filt), strides=strides, padding=padding, dilations=dilations)
    if bias:
        y = tf.nn.bias_add(y, w((filt[3],), -0.5, 0.5))
    return act(y) if act else y


def depthwise(x, w, filt, strides=1, padding="SAME", dilations=None, act=None):
    y = tf.nn.depthwise_conv2d(x, w(filt), strides=[1, strides, strides, 1], padding=padding,
                               dilations=dilations)
    y = tf.nn.bias_add(y, w((filt[2] * filt[3],), -0.5, 0.5))
    return act(y) if act else y


def fully_connected(x, w, units, bias=True, act=None):
    y = tf.matmul(x, w((x.shape[-1], units)))
    if bias:
        y = y + w((units,), -0.5, 0.5)
    return act(y) if act else y


R, R6 = tf.nn.relu, tf.nn.relu6
BOTH = ("f32", "int8", "int16")
ALL_KINDS = ("f32", "int8", "int16", "uint8")
IMG = [1, 4, 4, 3]


def act_expect(name):
    return {"fusedActivationFunction": name}


CASES = [
    # CONV_2D
    Case("conv_2d_same", lambda x, w: conv(x, w, (3, 3, 3, 4)), [[1, 5, 5, 3]], ["CONV_2D"],
         ALL_KINDS, seed=1, expect={"padding": "SAME"}),
    Case("conv_2d_valid_stride2_relu",
         lambda x, w: conv(x, w, (3, 3, 2, 3), strides=2, padding="VALID", act=R),
         [[1, 7, 7, 2]], ["CONV_2D"], ALL_KINDS, seed=2,
         expect={"padding": "VALID", "strideH": 2, **act_expect("RELU")}, out_range=(0.0, 4.0)),
    Case("conv_2d_same_stride2_relu6",
         lambda x, w: conv(x, w, (3, 2, 3, 4), strides=2, act=R6),
         [[1, 6, 5, 3]], ["CONV_2D"], ALL_KINDS, seed=3,
         expect={"strideW": 2, **act_expect("RELU6")}, out_range=(0.0, 6.0)),
    Case("conv_2d_same_dilation2_relu6",
         lambda x, w: conv(x, w, (3, 3, 2, 3), dilations=2, act=R6),
         [[1, 6, 6, 2]], ["CONV_2D"], BOTH, seed=4,
         expect={"dilationHFactor": 2, **act_expect("RELU6")}),
    Case("conv_2d_valid_dilation2",
         lambda x, w: conv(x, w, (2, 2, 3, 2), padding="VALID", dilations=2),
         [[2, 5, 6, 3]], ["CONV_2D"], BOTH, seed=5, expect={"dilationWFactor": 2}),
    # No bias in TensorFlow: the converter adds a zero bias (LiteRT's CONV_2D
    # rejects a model without one: conv.cc "has_bias was not true").
    Case("conv_2d_zero_bias",
         lambda x, w: conv(x, w, (2, 2, 3, 3), strides=2, bias=False),
         [[1, 5, 5, 3]], ["CONV_2D"], BOTH, seed=6),
    # DEPTHWISE_CONV_2D
    Case("depthwise_conv_2d_mult1_same",
         lambda x, w: depthwise(x, w, (3, 3, 4, 1)), [[1, 5, 5, 4]], ["DEPTHWISE_CONV_2D"],
         ALL_KINDS, seed=10, expect={"depthMultiplier": 1}),
    Case("depthwise_conv_2d_mult2_valid_stride2_relu",
         lambda x, w: depthwise(x, w, (3, 3, 3, 2), strides=2, padding="VALID", act=R),
         [[1, 7, 7, 3]], ["DEPTHWISE_CONV_2D"], ALL_KINDS, seed=11,
         expect={"depthMultiplier": 2, "strideH": 2, **act_expect("RELU")},
         out_range=(0.0, 4.0)),
    Case("depthwise_conv_2d_mult1_stride2_relu6",
         lambda x, w: depthwise(x, w, (2, 3, 4, 1), strides=2, act=R6),
         [[1, 6, 6, 4]], ["DEPTHWISE_CONV_2D"], BOTH, seed=12,
         expect={"strideW": 2, **act_expect("RELU6")}),
    Case("depthwise_conv_2d_mult2_dilation2",
         lambda x, w: depthwise(x, w, (2, 2, 2, 2), dilations=[2, 2]),
         [[1, 6, 6, 2]], ["DEPTHWISE_CONV_2D"], BOTH, seed=13,
         expect={"depthMultiplier": 2, "dilationHFactor": 2}),
    # FULLY_CONNECTED
    Case("fully_connected_batch3", lambda x, w: fully_connected(x, w, 5), [[3, 8]],
         ["FULLY_CONNECTED"], ALL_KINDS, seed=20),
    Case("fully_connected_batch3_relu", lambda x, w: fully_connected(x, w, 6, act=R),
         [[3, 10]], ["FULLY_CONNECTED"], ALL_KINDS, seed=21, expect=act_expect("RELU"),
         out_range=(0.0, 4.0)),
    Case("fully_connected_no_bias", lambda x, w: fully_connected(x, w, 4, bias=False),
         [[1, 12]], ["FULLY_CONNECTED"], BOTH, seed=22),
    Case("fully_connected_keep_num_dims", lambda x, w: fully_connected(x, w, 5),
         [[2, 3, 6]], ["FULLY_CONNECTED"], BOTH, seed=23, expect={"keepNumDims": True}),
    # Pooling
    Case("average_pool_2d_same_partial",
         lambda x, w: tf.nn.avg_pool2d(x, 3, 2, "SAME"), [[1, 6, 6, 3]],
         ["AVERAGE_POOL_2D"], ALL_KINDS, seed=30,
         out_range=(-2.0, 2.0), expect={"padding": "SAME", "strideW": 2}),
    Case("average_pool_2d_valid",
         lambda x, w: tf.nn.avg_pool2d(x, [2, 3], [2, 1], "VALID"), [[2, 5, 6, 2]],
         ["AVERAGE_POOL_2D"], ALL_KINDS, seed=31,
         out_range=(-2.0, 2.0), expect={"padding": "VALID"}),
    Case("average_pool_2d_same_relu6",
         lambda x, w: R6(tf.nn.avg_pool2d(x, 2, 1, "SAME")), [[1, 5, 5, 2]],
         ["AVERAGE_POOL_2D"], BOTH, seed=32, ranges=[(-3.0, 8.0)], expect=act_expect("RELU6")),
    Case("max_pool_2d_same_partial",
         lambda x, w: tf.nn.max_pool2d(x, 3, 2, "SAME"), [[1, 6, 6, 3]],
         ["MAX_POOL_2D"], ALL_KINDS, seed=33,
         out_range=(-2.0, 2.0), expect={"padding": "SAME"}),
    Case("max_pool_2d_valid",
         lambda x, w: tf.nn.max_pool2d(x, [3, 2], [1, 2], "VALID"), [[2, 5, 6, 2]],
         ["MAX_POOL_2D"], ALL_KINDS, seed=34,
         out_range=(-2.0, 2.0), expect={"padding": "VALID"}),
    Case("max_pool_2d_same_relu",
         lambda x, w: R(tf.nn.max_pool2d(x, 2, 2, "SAME")), [[1, 5, 5, 2]],
         ["MAX_POOL_2D"], BOTH, seed=35, expect=act_expect("RELU")),
    # SOFTMAX, LOGISTIC, TANH, RELU, RELU6
    Case("softmax", lambda x, w: tf.nn.softmax(x), [[3, 10]], ["SOFTMAX"], ALL_KINDS, seed=40,
         ranges=[(-4.0, 4.0)], expect={"beta": 1.0}, out_range=(0.0, 255.0 / 256.0)),
    # The converter never sets beta (it keeps a MUL): beta 0.5 is patched in.
    Case("softmax_beta_half", lambda x, w: tf.nn.softmax(x), [[2, 12]], ["SOFTMAX"],
         BOTH, seed=41, ranges=[(-6.0, 6.0)], expect={"beta": 0.5},
         patch=lambda m: set_options(m, "SOFTMAX", beta=0.5)),
    # No int16 for mul_scalar_softmax, relu_n1_to_1, padv2: the 16x8 converter
    # fails on them (crash; "not yet supported for op: 'RELU_N1_TO_1'").
    Case("mul_scalar_softmax", lambda x, w: tf.nn.softmax(0.5 * x), [[2, 12]],
         ["MUL", "SOFTMAX"], ("f32", "int8"), seed=41, ranges=[(-6.0, 6.0)]),
    Case("softmax_4d", lambda x, w: tf.nn.softmax(x), [[1, 2, 3, 8]], ["SOFTMAX"], BOTH,
         seed=42, ranges=[(-5.0, 3.0)]),
    Case("logistic", lambda x, w: tf.sigmoid(x), [[1, 6, 6, 3]], ["LOGISTIC"], ALL_KINDS,
         seed=43, ranges=[(-6.0, 6.0)], out_range=(0.0, 255.0 / 256.0)),
    Case("tanh", lambda x, w: tf.tanh(x), [[1, 6, 6, 3]], ["TANH"], ALL_KINDS, seed=44,
         ranges=[(-3.0, 3.0)], out_range=(-1.0, 127.0 / 128.0)),
    Case("relu", lambda x, w: tf.nn.relu(x), [[1, 5, 5, 3]], ["RELU"], BOTH, seed=45,
         ranges=[(-3.0, 5.0)]),
    Case("relu6", lambda x, w: tf.nn.relu6(x), [[1, 5, 5, 3]], ["RELU6"], BOTH, seed=46,
         ranges=[(-3.0, 9.0)]),
    Case("relu_n1_to_1", lambda x, w: tf.clip_by_value(x, -1.0, 1.0), [[1, 5, 5, 3]],
         ["RELU_N1_TO_1"], ("f32", "int8"), seed=47),
    # PAD, PADV2
    Case("pad", lambda x, w: tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]), [[1, 3, 3, 2]],
         ["PAD"], ALL_KINDS, seed=50, ranges=[(-1.0, 3.0)], out_range=(-1.0, 3.0)),
    Case("pad_all_dims", lambda x, w: tf.pad(x, [[1, 0], [0, 1], [1, 1], [0, 2]]),
         [[1, 2, 3, 2]], ["PAD"], BOTH, seed=51, ranges=[(0.5, 3.0)]),
    Case("padv2", lambda x, w: tf.pad(x, [[0, 0], [2, 1], [0, 2], [0, 0]],
                                      constant_values=1.5),
         [[1, 3, 3, 2]], ["PADV2"], ("f32", "int8"), seed=52),
    # MEAN
    Case("mean_axes12", lambda x, w: tf.reduce_mean(x, [1, 2]), [[1, 4, 5, 3]], ["MEAN"],
         ALL_KINDS, seed=60, ranges=[(-1.0, 3.0)], expect={"keepDims": False}),
    Case("mean_axes12_keepdims", lambda x, w: tf.reduce_mean(x, [1, 2], keepdims=True),
         [[2, 4, 5, 3]], ["MEAN"], BOTH, seed=61, ranges=[(-1.0, 3.0)],
         expect={"keepDims": True}),
    Case("mean_axis3", lambda x, w: tf.reduce_mean(x, [3]), [[1, 3, 4, 6]], ["MEAN"], BOTH,
         seed=62),
    # TRANSPOSE, CONCATENATION, RESHAPE, SQUEEZE
    Case("transpose_0312", lambda x, w: tf.transpose(x, [0, 3, 1, 2]), [[1, 2, 3, 4]],
         ["TRANSPOSE"], BOTH, seed=70),
    Case("transpose_3d", lambda x, w: tf.transpose(x, [2, 0, 1]), [[2, 3, 5]],
         ["TRANSPOSE"], BOTH, seed=71),
    # The 16x8 converter requantizes two of the inputs to the output's scale.
    Case("concatenation_axis3",
         lambda a, b, c, w: tf.concat([a, b, c], 3),
         [[1, 2, 3, 1], [1, 2, 3, 2], [1, 2, 3, 3]], ["CONCATENATION"], ALL_KINDS, seed=72,
         ranges=[(-1.0, 1.0), (-2.0, 2.0), (-1.0, 3.0)], expect={"axis": 3},
         int16_ops=["QUANTIZE", "QUANTIZE", "CONCATENATION"]),
    Case("concatenation_axis1",
         lambda a, b, c, w: tf.concat([a, b, c], 1),
         [[1, 1, 2, 2], [1, 2, 2, 2], [1, 3, 2, 2]], ["CONCATENATION"], BOTH, seed=73,
         expect={"axis": 1}, int16_ops=["QUANTIZE", "QUANTIZE", "CONCATENATION"]),
    Case("reshape", lambda x, w: tf.reshape(x, [2, 12]), [[1, 4, 6]], ["RESHAPE"],
         ALL_KINDS, seed=74, out_range=(-2.0, 2.0)),
    # The converter turns every tf.squeeze into RESHAPE: SQUEEZE is patched in.
    Case("squeeze", lambda x, w: tf.squeeze(x, [0, 2]), [[1, 3, 1, 4]], ["SQUEEZE"], BOTH,
         seed=75, patch=lambda m: reshape_to_squeeze(m, [0, 2])),
    Case("squeeze_all_unit_dims", lambda x, w: tf.squeeze(x), [[1, 5, 1, 1]], ["SQUEEZE"],
         BOTH, seed=76, patch=lambda m: reshape_to_squeeze(m, [])),
    # CONCATENATION needs one scale for all its inputs: the fixed-scale TANH output
    # is requantized (int8 -> int8 QUANTIZE).
    Case("tanh_requantize_concatenation", lambda x, w: tf.concat([x, tf.tanh(x)], 3),
         [[1, 3, 3, 2]], ["TANH", "QUANTIZE", "CONCATENATION"], ("int8", "int16"), seed=77),
    # QUANTIZE / DEQUANTIZE at the edges of a quantized model (float or uint8 I/O)
    Case("quantize_conv_dequantize", lambda x, w: conv(x, w, (2, 2, 3, 3), act=R),
         [[1, 4, 4, 3]], ["CONV_2D"], ("int8_fio", "int8_uio"), seed=80),
    Case("quantize_add_dequantize", lambda a, b, w: a + b, [IMG, IMG], ["ADD"],
         ("int8_fio", "int8_uio"), seed=81, ranges=[(-1.0, 1.0), (-3.0, 2.0)]),
]

# ADD / SUB / MUL: same shape, broadcast of [3] and [1,1,1,3], fused RELU / RELU6.
for _op, _fn in (("add", tf.add), ("sub", tf.subtract), ("mul", tf.multiply)):
    _name = _op.upper()
    _seed = {"add": 90, "sub": 100, "mul": 110}[_op]
    _ranges = [(-2.0, 2.0), (-1.0, 3.0)]
    CASES += [
        Case(f"{_op}_same_shape", lambda a, b, w, f=_fn: f(a, b), [IMG, IMG], [_name],
             ALL_KINDS, seed=_seed, ranges=_ranges),
        Case(f"{_op}_broadcast_c", lambda a, b, w, f=_fn: f(a, b), [IMG, [3]], [_name],
             BOTH, seed=_seed + 1, ranges=_ranges),
        Case(f"{_op}_broadcast_1113", lambda a, b, w, f=_fn: f(a, b), [IMG, [1, 1, 1, 3]],
             [_name], ALL_KINDS, seed=_seed + 2, ranges=_ranges),
        Case(f"{_op}_broadcast_both", lambda a, b, w, f=_fn: f(a, b),
             [[1, 4, 1, 3], [1, 1, 5, 1]], [_name], BOTH, seed=_seed + 3, ranges=_ranges),
        Case(f"{_op}_relu", lambda a, b, w, f=_fn: R(f(a, b)), [IMG, IMG], [_name],
             ALL_KINDS, seed=_seed + 4, ranges=_ranges, expect=act_expect("RELU"),
             out_range=(0.0, 4.0)),
        Case(f"{_op}_broadcast_c_relu6", lambda a, b, w, f=_fn: R6(f(a, b)), [IMG, [3]],
             [_name], BOTH, seed=_seed + 5, ranges=_ranges, expect=act_expect("RELU6")),
    ]


# --------------------------------------------------------------------------
# Patches: model features the converter no longer emits, made by editing the
# converted flatbuffer (the reference interpreter still computes the outputs).
def find_ops(model, name):
    graph = model.subgraphs[0]
    return [op for op in graph.operators
            if OP_NAMES[max(model.operatorCodes[op.opcodeIndex].builtinCode,
                            model.operatorCodes[op.opcodeIndex].deprecatedBuiltinCode)] == name]


def set_options(model, name, **options):
    for op in find_ops(model, name):
        for key, value in options.items():
            setattr(op.builtinOptions, key, value)


def reshape_to_squeeze(model, squeeze_dims):
    code = schema.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.SQUEEZE
    code.version = 1
    model.operatorCodes.append(code)
    for op in find_ops(model, "RESHAPE"):
        op.opcodeIndex = len(model.operatorCodes) - 1
        op.inputs = [int(op.inputs[0])]
        op.builtinOptionsType = schema.BuiltinOptions.SqueezeOptions
        op.builtinOptions = schema.SqueezeOptionsT()
        op.builtinOptions.squeezeDims = list(squeeze_dims)


def apply_patch(case, flatbuffer):
    if case.patch is None:
        return flatbuffer
    model = schema.ModelT.InitFromPackedBuf(flatbuffer, 0)
    case.patch(model)
    builder = flatbuffers.Builder(4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


# --------------------------------------------------------------------------
# Conversion.
def random_value(rng, dtype, shape, lo, hi):
    """A seeded input of a case's declared dtype (tf.float32, int32, int64, bool)."""
    dtype = tf.as_dtype(dtype)
    if dtype == tf.bool:
        return rng.integers(0, 2, shape).astype(np.bool_)
    if dtype.is_integer:
        return rng.integers(int(lo), int(hi), shape, endpoint=True).astype(dtype.as_numpy_dtype)
    return rng.uniform(lo, hi, shape).astype(np.float32)


def representative_by_name(case):
    """Calibration samples keyed by input name. The converter may order a
    model's inputs differently from the function's arguments (seen with
    BATCH_MATMUL: input_1 first), and positional samples then fail to
    calibrate. Opt in with `case.calibrate_by_name = True`."""
    def gen():
        rng = np.random.default_rng(500 + case.seed)
        for _ in range(32):
            yield {f"input_{i}": random_value(rng, dtype, shape, lo, hi)
                   for i, (shape, dtype, (lo, hi))
                   in enumerate(zip(case.shapes, case.dtypes, case.ranges))}
    return gen


def representative(case, order=None):
    """Calibration samples, listed in the model's input order: `order[k]` is
    the case input that model input k is (identity by default); by name for
    cases that set calibrate_by_name."""
    if getattr(case, "calibrate_by_name", False):
        return representative_by_name(case)

    def gen():
        rng = np.random.default_rng(500 + case.seed)
        for _ in range(32):
            sample = [random_value(rng, dtype, shape, lo, hi)
                      for shape, dtype, (lo, hi) in zip(case.shapes, case.dtypes, case.ranges)]
            yield [sample[i] for i in order] if order else sample
    return gen


def model_input_order(case):
    """The converter may order inputs by first use (IF and WHILE do): which
    case input each input of the converted float model is, or None when the
    order is the case's own. The quantized models have the same order.
    Only for cases with non-float inputs, where a wrong order breaks the
    calibration outright; all-float cases keep the order they were made with
    (byte-identical files; add_broadcast_both_* are reordered by the converter
    and so calibrated with swapped samples)."""
    if len(case.shapes) < 2 or all(tf.as_dtype(d) == tf.float32 for d in case.dtypes):
        return None
    probe = Interpreter(model_content=convert_tf2(case, "f32"))
    order = [declared_input_index(d, k) for k, d in enumerate(probe.get_input_details())]
    return None if order == sorted(order) else order


def convert_tf2(case, kind):
    specs = [tf.TensorSpec(s, d, name=f"input_{i}")
             for i, (s, d) in enumerate(zip(case.shapes, case.dtypes))]
    w = weights_maker(case.seed)
    function = tf.function(lambda *xs: case.fn(*xs, w), input_signature=specs,
                           autograph=False)
    module = tf.Module()
    module.f = function
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], module)
    if kind in WEIGHTS_ONLY_KINDS:
        return convert_weights_only(converter, kind)
    if kind != "f32":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative(case, model_input_order(case))
        converter.target_spec.supported_ops = [
            tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8
            if kind == "int16" else tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        io_type = {"int8": tf.int8, "int16": tf.int16, "int8_fio": tf.float32,
                   "int8_uio": tf.uint8}[kind]
        converter.inference_input_type = io_type
        converter.inference_output_type = io_type
    return converter.convert()


WEIGHTS_ONLY_KINDS = ("hybrid", "float16")


def convert_weights_only(converter, kind):
    """Weight-only quantization, no representative dataset: `hybrid` gives
    int8 weights used directly by the op (dynamic range: the op quantizes its
    float input at run time; weights under 1024 elements stay float), `float16`
    gives float16 constants each DEQUANTIZEd to float32. List the model's
    operators for these kinds in `case.ops_by_kind` where they differ from
    `ops` (float16: the DEQUANTIZE ops first)."""
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if kind == "float16":
        converter.target_spec.supported_types = [tf.float16]
    flatbuffer = converter.convert()
    if kind == "hybrid":  # the weights must reach the op as int8, not through DEQUANTIZE
        for name, _, inputs, _ in describe_ops(flatbuffer):
            if name != "DEQUANTIZE" and not any(t.startswith("int8[") for t in inputs):
                raise RuntimeError(f"hybrid model: {name} has no int8 weights: {inputs}")
    return flatbuffer


def fake_quant_range(lo, hi):
    # Widen so that 0 is inside the range (legacy uint8 needs it for padding/relu).
    return min(lo, 0.0), max(hi, 0.0)


def convert_legacy_uint8(case):
    """TF1 graph with fake-quant nodes, converted with inference_type uint8: the
    legacy asymmetric path (uint8 weights with a non-zero zero point)."""
    tf1 = tf.compat.v1
    graph = tf1.Graph()
    with graph.as_default():
        rng = np.random.default_rng(1000 + case.seed)

        def w(shape, low=-1.0, high=1.0):
            value = tf.constant(rng.uniform(low, high, shape).astype(np.float32))
            if len(shape) == 1:  # biases stay float; the converter quantizes them to int32
                return value
            return tf.quantization.fake_quant_with_min_max_args(value, low, high)

        placeholders, stats = [], {}
        quantized = []
        for i, (shape, (lo, hi)) in enumerate(zip(case.shapes, case.ranges)):
            lo, hi = fake_quant_range(lo, hi)
            x = tf1.placeholder(tf.float32, shape, name=f"input_{i}")
            placeholders.append(x)
            quantized.append(tf.quantization.fake_quant_with_min_max_args(x, lo, hi))
            stats[f"input_{i}"] = (-lo * 255.0 / (hi - lo), 255.0 / (hi - lo))
        y = case.fn(*quantized, w)
        y = tf.quantization.fake_quant_with_min_max_args(y, *case.out_range)
        with tf1.Session(graph=graph) as session:
            converter = tf1.lite.TFLiteConverter.from_session(session, placeholders, [y])
            converter.inference_type = tf.uint8
            converter.quantized_input_stats = stats
            return converter.convert()


# --------------------------------------------------------------------------
# Inspection: the operator list, checked against the case's intent.
def tensor_text(graph, buffers, index):
    if index < 0:
        return "none"
    t = graph.tensors[index]
    text = "%s[%s]" % (TYPE_NAMES[t.type], ",".join(str(d) for d in t.shape))
    q = t.quantization
    if q is not None and q.scale is not None and len(q.scale) > 0:
        if len(q.scale) == 1:
            text += " q(s=%.9g,zp=%d)" % (q.scale[0], q.zeroPoint[0])
        else:
            text += " q(per-channel x%d, dim %d)" % (len(q.scale), q.quantizedDimension)
    data = buffers[t.buffer].data
    if data is not None and len(data) > 0:
        text += " const"
    return text


def options_dict(op):
    opts = op.builtinOptions
    if opts is None:
        return {}
    result = {}
    for key, value in sorted(vars(opts).items()):
        if key == "fusedActivationFunction":
            value = ACTIVATIONS[value]
        elif key == "padding":
            value = PADDINGS[value]
        elif isinstance(value, float):
            value = float(np.float32(value))
        elif value is not None and not isinstance(value, (int, bool)):
            continue
        result[key] = value
    return result


def describe_ops(flatbuffer):
    model = schema.ModelT.InitFromPackedBuf(flatbuffer, 0)
    graph = model.subgraphs[0]
    ops = []
    for op in graph.operators:
        code = model.operatorCodes[op.opcodeIndex]
        name = OP_NAMES[max(code.builtinCode, code.deprecatedBuiltinCode)]
        if name == "CUSTOM":  # custom operators go by their registered name
            name = code.customCode.decode()
        ops.append((name, options_dict(op),
                    [tensor_text(graph, model.buffers, i) for i in op.inputs],
                    [tensor_text(graph, model.buffers, i) for i in op.outputs]))
    return ops


def ops_text(ops):
    lines = []
    for name, options, inputs, outputs in ops:
        lines.append(name + "".join(f" {k}={v}" for k, v in options.items()))
        lines += [f"  in  {t}" for t in inputs] + [f"  out {t}" for t in outputs]
    return "\n".join(lines) + "\n"


def intended_ops(case, kind):
    if kind in ("int8_fio", "int8_uio"):
        return ["QUANTIZE"] * len(case.shapes) + case.ops + ["DEQUANTIZE" if kind == "int8_fio"
                                                             else "QUANTIZE"]
    if kind == "int16" and case.int16_ops:
        return case.int16_ops
    if kind in getattr(case, "ops_by_kind", {}):
        return case.ops_by_kind[kind]
    return case.ops


def check_ops(case, kind, ops):
    names = [name for name, _, _, _ in ops]
    want = intended_ops(case, kind)
    if names != want:
        raise RuntimeError(f"{case.name}_{kind}: operators {names}, intended {want}")
    main = ops[names.index(case.ops[0])][1]
    for key, value in case.expect.items():
        if main.get(key) != value:
            raise RuntimeError(f"{case.name}_{kind}: {case.ops[0]} option {key}="
                               f"{main.get(key)}, intended {value}")


# --------------------------------------------------------------------------
# Running the oracle and writing the files.
def declared_input_index(detail, position):
    """Which of the case's inputs a model input is: the converter may order
    inputs by first use (IF, WHILE), so go by the name input_<i> it keeps."""
    match = re.search(r"input_(\d+)", detail["name"])
    return int(match.group(1)) if match else position


def make_inputs(interpreter, case):
    """A case may set `inputs` (a list of nested lists) for values that random
    draws would not hit; otherwise the inputs are seeded random values."""
    if hasattr(case, "inputs"):
        return [np.array(value, dtype=detail["dtype"]).reshape(detail["shape"])
                for value, detail in zip(case.inputs, interpreter.get_input_details())]
    rng = np.random.default_rng(700 + case.seed)
    values = []
    for position, detail in enumerate(interpreter.get_input_details()):
        i = declared_input_index(detail, position)
        (lo, hi), declared = case.ranges[i], case.dtypes[i]
        dtype, shape = detail["dtype"], detail["shape"]
        if tf.as_dtype(declared) != tf.float32:  # int/bool inputs: values in range
            values.append(random_value(rng, declared, shape, lo, hi).astype(dtype))
        elif dtype == np.float32:
            values.append(rng.uniform(lo, hi, shape).astype(np.float32))
        else:  # every integer value: covers the whole calibrated range and beyond
            info = np.iinfo(dtype)
            values.append(rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype))
    return values


def oracle(flatbuffer, case=None):
    """LiteRT's interpreter with its reference kernels (BUILTIN_REF). A case
    may set `resolver = "BUILTIN_WITHOUT_DEFAULT_DELEGATES"` for an op the
    reference resolver does not register (ELU, CEIL, ROUND in LiteRT 2.3):
    LiteRT's default kernels (without XNNPACK) are then the oracle; say why
    in the case's comment."""
    resolver = getattr(OpResolverType, getattr(case, "resolver", "BUILTIN_REF"))
    return Interpreter(model_content=flatbuffer, experimental_op_resolver_type=resolver)


def run_reference(flatbuffer, inputs, case=None):
    interpreter = oracle(flatbuffer, case)
    interpreter.allocate_tensors()
    for detail, value in zip(interpreter.get_input_details(), inputs):
        interpreter.set_tensor(detail["index"], value)
    interpreter.invoke()
    ops = [d["op_name"] for d in interpreter._get_ops_details()]
    return [interpreter.get_tensor(d["index"]).copy()
            for d in interpreter.get_output_details()], ops


def convert_case(case, kind):
    """A case may bring its own conversion (a `convert(kind)` method returning
    the flatbuffer): models that are not one tf.function of its inputs, e.g.
    a tf.Module with variables or a hand-built custom operator."""
    if hasattr(case, "convert"):
        return case.convert(kind)
    return convert_legacy_uint8(case) if kind == "uint8" else convert_tf2(case, kind)


def write_repeated_invokes(case, flatbuffer, inputs, case_dir):
    """Stateful cases (resource variables) set `invokes` > 1: invokes 2..n run
    with the same inputs in the same reference interpreter, and their outputs
    are written as invoke_<k>_output_<j>.npy."""
    invokes = getattr(case, "invokes", 1)
    if invokes <= 1:
        return
    interpreter = oracle(flatbuffer, case)
    interpreter.allocate_tensors()
    for k in range(1, invokes + 1):
        for detail, value in zip(interpreter.get_input_details(), inputs):
            interpreter.set_tensor(detail["index"], value)
        interpreter.invoke()
        if k < 2:
            continue
        for j, detail in enumerate(interpreter.get_output_details()):
            np.save(os.path.join(case_dir, f"invoke_{k}_output_{j}.npy"),
                    interpreter.get_tensor(detail["index"]))


def make_case(case, kind, out_dir):
    name = f"{case.name}_{kind}"
    flatbuffer = convert_case(case, kind)
    flatbuffer = apply_patch(case, flatbuffer)
    ops = describe_ops(flatbuffer)
    check_ops(case, kind, ops)
    probe = oracle(flatbuffer, case)
    inputs = make_inputs(probe, case)
    outputs, runtime_ops = run_reference(flatbuffer, inputs, case)
    if runtime_ops != [n for n, _, _, _ in ops]:
        raise RuntimeError(f"{name}: interpreter ops {runtime_ops} differ from the flatbuffer")
    case_dir = os.path.join(out_dir, name)
    os.makedirs(case_dir)
    with open(os.path.join(case_dir, "model.tflite"), "wb") as f:
        f.write(flatbuffer)
    for i, value in enumerate(inputs):
        np.save(os.path.join(case_dir, f"input_{i}.npy"), value)
    for j, value in enumerate(outputs):
        np.save(os.path.join(case_dir, f"output_{j}.npy"), value)
    write_repeated_invokes(case, flatbuffer, inputs, case_dir)
    with open(os.path.join(case_dir, "ops.txt"), "w") as f:
        f.write(ops_text(ops))
    write_later_steps(case, flatbuffer, inputs, outputs, case_dir)
    if case.tolerance is not None:
        relative, absolute, why = case.tolerance
        with open(os.path.join(case_dir, "tolerance.txt"), "w") as f:
            f.write(f"# {why}\nfloat32 {relative!r} {absolute!r}\n")
    return name, [n for n, _, _, _ in ops]


def write_later_steps(case, flatbuffer, inputs, outputs, case_dir):
    """Stateful ops (state in variable tensors) need several invokes of one
    interpreter. A case with `steps` = N > 1 (an attribute set after
    construction) also gets step<k>_input_<i>.npy / step<k>_output_<j>.npy
    for k = 1..N-1: the inputs rolled by k elements, the reference outputs of
    invoke k+1 (tests/runtime/stateful_steps_test.cc replays them)."""
    steps = getattr(case, "steps", 1)
    if steps <= 1:
        return
    interpreter = oracle(flatbuffer, case)
    interpreter.allocate_tensors()
    for k in range(steps):
        step_inputs = [np.roll(value, k) for value in inputs]
        for detail, value in zip(interpreter.get_input_details(), step_inputs):
            interpreter.set_tensor(detail["index"], value)
        interpreter.invoke()
        step_outputs = [interpreter.get_tensor(d["index"]).copy()
                        for d in interpreter.get_output_details()]
        if k == 0:
            if any(not np.array_equal(a, b) for a, b in zip(step_outputs, outputs)):
                raise RuntimeError(f"{case.name}: the first step differs from output_*.npy")
            continue
        for i, value in enumerate(step_inputs):
            np.save(os.path.join(case_dir, f"step{k}_input_{i}.npy"), value)
        for j, value in enumerate(step_outputs):
            np.save(os.path.join(case_dir, f"step{k}_output_{j}.npy"), value)


FAMILIES_DIR = os.path.join(SCRIPT_DIR, "families")


def family_cases():
    """{family: [Case]}: the core table above plus every families/<name>.py,
    each of which defines CASES with the helpers of this module."""
    import importlib.util
    sys.path.insert(0, SCRIPT_DIR)
    tables = {"core": CASES}
    for file in sorted(os.listdir(FAMILIES_DIR)):
        if not file.endswith(".py") or file.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(file[:-3], os.path.join(FAMILIES_DIR, file))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables[file[:-3]] = module.CASES
    return tables


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="case directory names to (re)make")
    parser.add_argument("--family", nargs="*",
                        help="(re)make only these families (core, or families/<name>.py)")
    parser.add_argument("--out-dir", default=CASES_DIR)
    args = parser.parse_args()
    tables = family_cases()
    everything = [(c, k) for cases in tables.values() for c in cases for k in c.kinds]
    names = [f"{c.name}_{k}" for c, k in everything]
    assert len(set(names)) == len(names), "duplicate case names"
    wanted = everything
    if args.family:
        unknown = set(args.family) - set(tables)
        if unknown:
            sys.exit(f"unknown families: {sorted(unknown)}")
        args.only = [f"{c.name}_{k}" for f in args.family for c in tables[f] for k in c.kinds]
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            sys.exit(f"unknown cases: {sorted(unknown)}")
        wanted = [(c, k) for c, k in wanted if f"{c.name}_{k}" in args.only]
        for name in args.only:
            shutil.rmtree(os.path.join(args.out_dir, name), ignore_errors=True)
    else:
        shutil.rmtree(args.out_dir, ignore_errors=True)
    os.makedirs(args.out_dir, exist_ok=True)
    tf.keras.utils.set_random_seed(0)
    failures = []
    for case, kind in wanted:
        try:
            name, ops = make_case(case, kind, args.out_dir)
            print(f"{name}: {' '.join(ops)}", flush=True)
        except Exception as error:  # report every case that cannot be made, then fail
            failures.append(f"{case.name}_{kind}: {type(error).__name__}: {error}")
            print("FAILED " + failures[-1], flush=True)
    if failures:
        sys.exit("cases not made:\n" + "\n".join(failures))


if __name__ == "__main__":
    main()
