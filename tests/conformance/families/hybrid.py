"""Dynamic-range ("hybrid": float32 activations, int8 weights) and float16
weight models of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and
BATCH_MATMUL. The converter leaves weights under 1024 elements in float, so
every weight here has at least 1024. It quantizes the FULLY_CONNECTED and
BATCH_MATMUL inputs asymmetrically by default; `_sym` cases patch the
option off. Its conv filters are per-channel (LiteRT then quantizes the
input asymmetrically); `_per_tensor` cases patch one scale in (symmetric)."""
import tensorflow as tf

from make_cases import Case, conv, depthwise, find_ops, fully_connected, set_options

R, R6 = tf.nn.relu, tf.nn.relu6
HYBRID = ("hybrid",)
BOTH = ("hybrid", "float16")


def symmetric_inputs(name):
    return lambda model: set_options(model, name, asymmetricQuantizeInputs=False)


def per_tensor_filter(name):
    """One filter scale (the largest) instead of one per channel."""
    def patch(model):
        graph = model.subgraphs[0]
        for op in find_ops(model, name):
            q = graph.tensors[op.inputs[1]].quantization
            q.scale = [float(max(q.scale))]
            q.zeroPoint = [0]
            q.quantizedDimension = 0
    return patch


def with_float16(case, dequantizes):
    """The float16 model: `dequantizes` DEQUANTIZE ops (weights, bias) first."""
    case.ops_by_kind = {"float16": ["DEQUANTIZE"] * dequantizes + case.ops}
    return case


FC, CV, DW, BMM = ["FULLY_CONNECTED"], ["CONV_2D"], ["DEPTHWISE_CONV_2D"], ["BATCH_MATMUL"]

CASES = [
    # FULLY_CONNECTED
    with_float16(Case("fc_hybrid_batch3", lambda x, w: fully_connected(x, w, 40), [[3, 40]], FC,
                      BOTH, seed=1), 2),
    Case("fc_hybrid_batch3_sym", lambda x, w: fully_connected(x, w, 40), [[3, 40]], FC, HYBRID,
         seed=1, patch=symmetric_inputs("FULLY_CONNECTED"),
         expect={"asymmetricQuantizeInputs": False}),
    Case("fc_hybrid_relu6_odd", lambda x, w: fully_connected(x, w, 29, act=R6), [[5, 37]], FC,
         HYBRID, seed=2, ranges=[(-1.0, 3.0)], expect={"fusedActivationFunction": "RELU6"}),
    Case("fc_hybrid_relu_sym", lambda x, w: fully_connected(x, w, 29, act=R), [[5, 37]], FC,
         HYBRID, seed=3, patch=symmetric_inputs("FULLY_CONNECTED")),
    with_float16(Case("fc_hybrid_keep_num_dims_no_bias",
                      lambda x, w: fully_connected(x, w, 33, bias=False), [[2, 3, 40]], FC, BOTH,
                      seed=4, expect={"keepNumDims": True}), 1),
    Case("fc_hybrid_per_tensor_sym", lambda x, w: fully_connected(x, w, 33), [[2, 40]], FC,
         HYBRID, seed=5,
         patch=lambda m: (symmetric_inputs("FULLY_CONNECTED")(m),
                          per_tensor_filter("FULLY_CONNECTED")(m))),
    Case("fc_hybrid_positive_input", lambda x, w: fully_connected(x, w, 40), [[2, 40]], FC,
         HYBRID, seed=6, ranges=[(0.5, 2.0)]),
    # CONV_2D
    with_float16(Case("conv_hybrid_same", lambda x, w: conv(x, w, (3, 3, 16, 32)),
                      [[1, 8, 8, 16]], CV, BOTH, seed=10), 2),
    with_float16(Case("conv_hybrid_valid_stride2_relu",
                      lambda x, w: conv(x, w, (3, 3, 12, 10), strides=2, padding="VALID", act=R),
                      [[2, 9, 7, 12]], CV, BOTH, seed=11, expect={"strideH": 2}), 2),
    Case("conv_hybrid_dilation2_relu6",
         lambda x, w: conv(x, w, (3, 3, 8, 16), dilations=2, act=R6), [[1, 9, 9, 8]], CV,
         HYBRID, seed=12, expect={"dilationHFactor": 2}),
    Case("conv_hybrid_per_tensor", lambda x, w: conv(x, w, (3, 3, 16, 32)), [[2, 7, 6, 16]],
         CV, HYBRID, seed=13, patch=per_tensor_filter("CONV_2D")),
    Case("conv_hybrid_per_tensor_stride2", lambda x, w: conv(x, w, (2, 3, 12, 30), strides=2),
         [[1, 7, 8, 12]], CV, HYBRID, seed=14, patch=per_tensor_filter("CONV_2D")),
    # DEPTHWISE_CONV_2D
    with_float16(Case("depthwise_hybrid_same", lambda x, w: depthwise(x, w, (3, 3, 130, 1)),
                      [[1, 5, 5, 130]], DW, BOTH, seed=20), 2),
    with_float16(Case("depthwise_hybrid_mult2_stride2_relu6",
                      lambda x, w: depthwise(x, w, (3, 3, 60, 2), strides=2, act=R6),
                      [[2, 7, 7, 60]], DW, BOTH, seed=21, expect={"depthMultiplier": 2}), 2),
    Case("depthwise_hybrid_valid_dilation2",
         lambda x, w: depthwise(x, w, (3, 3, 120, 1), padding="VALID", dilations=[2, 2]),
         [[1, 8, 8, 120]], DW, HYBRID, seed=22, expect={"dilationHFactor": 2}),
    # BATCH_MATMUL (a constant rhs with batch dimensions stays BATCH_MATMUL)
    Case("batch_matmul_hybrid", lambda x, w: tf.matmul(x, w((2, 40, 33))), [[2, 3, 40]], BMM,
         HYBRID, seed=30, expect={"asymmetricQuantizeInputs": True}),
    Case("batch_matmul_hybrid_sym", lambda x, w: tf.matmul(x, w((2, 40, 33))), [[2, 3, 40]],
         BMM, HYBRID, seed=31, patch=symmetric_inputs("BATCH_MATMUL")),
    Case("batch_matmul_hybrid_adj_y", lambda x, w: tf.matmul(x, w((2, 33, 40)), transpose_b=True),
         [[2, 5, 40]], BMM, HYBRID, seed=32),
]
