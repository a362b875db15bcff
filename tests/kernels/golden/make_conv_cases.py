#!/usr/bin/env python3
"""Generates tests/kernels/golden/conv_cases.h: tiny single-op CONV_2D,
DEPTHWISE_CONV_2D and FULLY_CONNECTED models converted by TensorFlow and run
by LiteRT's reference kernels (OpResolverType.BUILTIN_REF).

Run from the repository root:
  python3 tests/kernels/golden/make_conv_cases.py  # writes tests/kernels/golden/conv_cases.h
Deterministic: every model, weight and input comes from fixed seeds.
"""
import os
import sys

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from ai_edge_litert import schema_py_generated as schema  # noqa: E402
from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: E402

OP_NAMES = {3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 9: "FULLY_CONNECTED"}
TYPE_NAMES = {np.float32: "kFloat32", np.int8: "kInt8", np.uint8: "kUInt8", np.int32: "kInt32"}


def quantized_model(layer_fn, input_shape, seed, per_channel=True, quantize=True):
    tf.keras.utils.set_random_seed(seed)
    inp = tf.keras.Input(shape=input_shape[1:], batch_size=input_shape[0])
    model = tf.keras.Model(inp, layer_fn()(inp))
    # Non-zero biases so the converter keeps the bias input.
    for weight in model.weights:
        if "bias" in weight.name:
            weight.assign(np.random.default_rng(seed).uniform(-0.5, 0.5, weight.shape))
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if quantize:
        def representative():
            rng = np.random.default_rng(seed + 100)
            for _ in range(64):
                yield [rng.uniform(-1.0, 3.0, input_shape).astype(np.float32)]
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
        if not per_channel:
            converter._experimental_disable_per_channel = True
    return converter.convert()


def legacy_uint8_model(build, input_shape, seed, input_range=(-1.0, 3.0),
                       weight_range=(-1.0, 0.9), output_range=(-4.0, 4.0)):
    """A TF1 graph with fake-quant nodes, converted with inference_type uint8:
    the legacy asymmetric path (uint8 weights with a non-zero zero point)."""
    tf1 = tf.compat.v1
    rng = np.random.default_rng(seed)
    graph = tf1.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, input_shape, name="input")
        xq = tf.quantization.fake_quant_with_min_max_args(x, *input_range)

        def weights(shape):
            w = tf.constant(rng.uniform(-1.0, 1.0, shape).astype(np.float32))
            return tf.quantization.fake_quant_with_min_max_args(w, *weight_range)

        def bias(n):
            return tf.constant(rng.uniform(-0.5, 0.5, (n,)).astype(np.float32))

        y = build(xq, weights, bias)
        yq = tf.quantization.fake_quant_with_min_max_args(y, *output_range)
        with tf1.Session(graph=graph) as session:
            converter = tf1.lite.TFLiteConverter.from_session(session, [x], [yq])
            converter.inference_type = tf.uint8
            low, high = input_range
            converter.quantized_input_stats = {"input": (-low * 255.0 / (high - low),
                                                         255.0 / (high - low))}
            return converter.convert()


def tensor_entry(details, values):
    q = details["quantization_parameters"]
    return {
        "shape": [int(d) for d in details["shape"]],
        "values": values.flatten().tolist(),
        "scales": [float(s) for s in q["scales"]],
        "zero_points": [int(z) for z in q["zero_points"]],
        "dim": int(q["quantized_dimension"]),
        "type": TYPE_NAMES[details["dtype"]],
    }


def run_case(name, flatbuffer, seed, input_value=None):
    model = schema.ModelT.InitFromPackedBuf(flatbuffer, 0)
    graph = model.subgraphs[0]
    assert len(graph.operators) == 1, f"{name}: expected one operator"
    op = graph.operators[0]
    code = model.operatorCodes[op.opcodeIndex]
    builtin = max(code.builtinCode, code.deprecatedBuiltinCode)
    opts = op.builtinOptions
    interpreter = Interpreter(model_content=flatbuffer,
                              experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                              experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    details = {d["index"]: d for d in interpreter.get_tensor_details()}
    inp = details[op.inputs[0]]
    rng = np.random.default_rng(seed + 200)
    if input_value is not None:
        data = np.full(inp["shape"], input_value, inp["dtype"])
    elif inp["dtype"] == np.float32:
        data = rng.uniform(-2.0, 2.0, inp["shape"]).astype(np.float32)
    else:
        info = np.iinfo(inp["dtype"])
        data = rng.integers(info.min, info.max + 1, inp["shape"]).astype(inp["dtype"])
    interpreter.set_tensor(op.inputs[0], data)
    interpreter.invoke()
    case = {
        "name": name,
        "op": OP_NAMES[builtin],
        "input": tensor_entry(inp, data),
        "filter": tensor_entry(details[op.inputs[1]], interpreter.get_tensor(op.inputs[1])),
        "bias": None,
        "output": tensor_entry(details[op.outputs[0]], interpreter.get_tensor(op.outputs[0])),
        "padding": getattr(opts, "padding", 0),
        "stride_w": getattr(opts, "strideW", 1),
        "stride_h": getattr(opts, "strideH", 1),
        "dilation_w": getattr(opts, "dilationWFactor", 1),
        "dilation_h": getattr(opts, "dilationHFactor", 1),
        "depth_multiplier": getattr(opts, "depthMultiplier", 1),
        "activation": opts.fusedActivationFunction,
        "keep_num_dims": bool(getattr(opts, "keepNumDims", False)),
    }
    if len(op.inputs) > 2 and op.inputs[2] >= 0:
        case["bias"] = tensor_entry(details[op.inputs[2]], interpreter.get_tensor(op.inputs[2]))
    return case


def cpp_list(values, kind):
    if kind == "float":
        return "{" + ", ".join("%.9gf" % v for v in values) + "}"
    if kind == "double":
        return "{" + ", ".join(repr(float(v)) for v in values) + "}"
    return "{" + ", ".join(str(int(v)) for v in values) + "}"


def cpp_tensor(t):
    if t is None:
        return "{}"
    return ("{DataType::%s, %s, %s, %s, %s, %d}" %
            (t["type"], cpp_list(t["shape"], "int"), cpp_list(t["values"], "double"),
             cpp_list(t["scales"], "float"), cpp_list(t["zero_points"], "int"), t["dim"]))


def keras_case(name, layer, shape, seed, per_channel=True, quantize=True):
    return name, lambda: quantized_model(layer, shape, seed, per_channel, quantize), seed, None


def uint8_case(name, build, shape, seed, input_value=None, **ranges):
    return name, lambda: legacy_uint8_model(build, shape, seed, **ranges), seed, input_value


def conv(x, w, b, filter_shape, strides, padding, relu6=False):
    y = tf.nn.bias_add(tf.nn.conv2d(x, w(filter_shape), strides=strides, padding=padding),
                       b(filter_shape[3]))
    return tf.nn.relu6(y) if relu6 else y


def depthwise(x, w, b, filter_shape, strides, padding, relu=False):
    y = tf.nn.depthwise_conv2d(x, w(filter_shape), strides=strides, padding=padding)
    y = tf.nn.bias_add(y, b(filter_shape[2] * filter_shape[3]))
    return tf.nn.relu(y) if relu else y


UINT8_CASES = [
    uint8_case("conv_uint8_same_stride2_relu6",
               lambda x, w, b: conv(x, w, b, (3, 3, 3, 4), [1, 2, 2, 1], "SAME", relu6=True),
               (1, 5, 5, 3), 20, output_range=(0.0, 6.0)),
    uint8_case("conv_uint8_valid",
               lambda x, w, b: conv(x, w, b, (3, 2, 2, 3), [1, 1, 1, 1], "VALID"),
               (1, 5, 4, 2), 21),
    uint8_case("depthwise_uint8_same_multiplier2",
               lambda x, w, b: depthwise(x, w, b, (3, 3, 3, 2), [1, 1, 1, 1], "SAME"),
               (1, 4, 4, 3), 22),
    uint8_case("depthwise_uint8_valid_stride2_relu",
               lambda x, w, b: depthwise(x, w, b, (2, 2, 4, 1), [1, 2, 2, 1], "VALID",
                                         relu=True),
               (1, 5, 5, 4), 23, output_range=(0.0, 5.0)),
    # x = zp_in, so acc = bias = 66554: LiteRT's M = double(float(s_in * s_w)) / s_out
    # gives 130; an all-double product would give 131 (QUANTIZATION.md §2.1).
    uint8_case("conv_uint8_float_scale_product",
               lambda x, w, b: tf.nn.bias_add(
                   tf.nn.conv2d(x, w((1, 1, 1, 1)), strides=[1, 1, 1, 1], padding="VALID"),
                   tf.constant([66554 * float(np.float32(np.float32(6 / 255) *
                                                         np.float32(1 / 255)))], tf.float32)),
               (1, 1, 1, 1), 25, input_value=0, input_range=(0.0, 6.0),
               weight_range=(0.0, 1.0), output_range=(0.0, 12.0)),
    uint8_case("fully_connected_uint8",
               lambda x, w, b: tf.nn.bias_add(tf.matmul(x, w((6, 5))), b(5)),
               (3, 6), 24, output_range=(-3.0, 5.0)),
]

CASES = [
    keras_case("conv_int8_same_stride2_relu",
               lambda: tf.keras.layers.Conv2D(4, 3, strides=2, padding="same",
                                              activation="relu"),
               (1, 5, 5, 3), 1),
    keras_case("conv_int8_per_tensor_valid_dilated",
               lambda: tf.keras.layers.Conv2D(3, 2, dilation_rate=2, padding="valid"),
               (1, 6, 5, 2), 2, per_channel=False),
    keras_case("conv_int8_stride_2x1_batch2",
               lambda: tf.keras.layers.Conv2D(3, (2, 3), strides=(2, 1), padding="same"),
               (2, 4, 3, 2), 3),
    keras_case("conv_int8_grouped",
               lambda: tf.keras.layers.Conv2D(4, 3, groups=2, padding="same"),
               (1, 4, 4, 4), 13),
    keras_case("conv_float_same_dilated",
               lambda: tf.keras.layers.Conv2D(2, 3, dilation_rate=2, padding="same"),
               (1, 5, 4, 2), 4, quantize=False),
    keras_case("depthwise_int8_same_multiplier2_relu6",
               lambda: tf.keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same",
                                                       activation="relu6"),
               (1, 4, 5, 3), 5),
    keras_case("depthwise_int8_per_tensor_valid_stride2",
               lambda: tf.keras.layers.DepthwiseConv2D((2, 3), strides=2, padding="valid"),
               (2, 5, 6, 2), 6, per_channel=False),
    keras_case("depthwise_int8_dilated",
               lambda: tf.keras.layers.DepthwiseConv2D(2, dilation_rate=2, padding="same"),
               (1, 5, 5, 4), 7),
    keras_case("depthwise_float_same_multiplier2",
               lambda: tf.keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
               (1, 4, 4, 2), 8, quantize=False),
    keras_case("fully_connected_int8_per_channel",
               lambda: tf.keras.layers.Dense(5), (2, 7), 9),
    keras_case("fully_connected_int8_per_tensor_relu",
               lambda: tf.keras.layers.Dense(4, activation="relu"), (3, 6), 10,
               per_channel=False),
    keras_case("fully_connected_int8_keep_num_dims",
               lambda: tf.keras.layers.Dense(3), (1, 2, 4, 6), 11),
    # Seeds picked so one output each lands where LiteRT's double requantization
    # differs from a fixed-point multiplier (QUANTIZATION.md §2.3).
    keras_case("fully_connected_int8_per_channel_requant",
               lambda: tf.keras.layers.Dense(12), (8, 24), 33),
    keras_case("fully_connected_int8_per_tensor_requant",
               lambda: tf.keras.layers.Dense(12), (8, 24), 39, per_channel=False),
    keras_case("fully_connected_float",
               lambda: tf.keras.layers.Dense(4), (2, 5), 12, quantize=False),
] + UINT8_CASES


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/kernels/golden/conv_cases.h"
    out = open(path, "w")  # not stdout: Keras prints conversion notes there
    out.write("// GENERATED by tests/kernels/golden/make_conv_cases.py; do not edit.\n"
              "// Regenerate from the repository root: "
              "python3 tests/kernels/golden/make_conv_cases.py\n"
              "// Expected outputs come from LiteRT %s (BUILTIN_REF kernels), models from\n"
              "// TensorFlow %s.\n" % (getattr(__import__("ai_edge_litert"), "__version__", "?"),
                                       tf.__version__))
    out.write("#ifndef BRASA_TESTS_KERNELS_GOLDEN_CONV_CASES_H_\n"
              "#define BRASA_TESTS_KERNELS_GOLDEN_CONV_CASES_H_\n\n"
              "#include <cstdint>\n#include <vector>\n\n#include \"brasa/tensor.h\"\n\n"
              "namespace brasa {\nnamespace golden {\n\n"
              "struct GoldenTensor {\n"
              "  DataType type = DataType::kFloat32;\n"
              "  Shape shape;  // empty: the input is omitted\n"
              "  std::vector<double> values;\n"
              "  std::vector<float> scales;\n"
              "  std::vector<int32_t> zero_points;\n"
              "  int32_t quantized_dimension = 0;\n"
              "};\n\n"
              "struct ConvGoldenCase {\n"
              "  const char* name;\n"
              "  const char* op;\n"
              "  int padding, stride_w, stride_h, dilation_w, dilation_h, depth_multiplier;\n"
              "  int activation;\n"
              "  bool keep_num_dims;\n"
              "  GoldenTensor input, filter, bias, output;\n"
              "};\n\n"
              "inline const std::vector<ConvGoldenCase>& ConvGoldenCases() {\n"
              "  static const std::vector<ConvGoldenCase> cases = {\n")
    for name, make_model, seed, input_value in CASES:
        case = run_case(name, make_model(), seed, input_value)
        out.write("      {\"%s\", \"%s\", %d, %d, %d, %d, %d, %d, %d, %s,\n" % (
            case["name"], case["op"], case["padding"], case["stride_w"], case["stride_h"],
            case["dilation_w"], case["dilation_h"], case["depth_multiplier"],
            case["activation"], "true" if case["keep_num_dims"] else "false"))
        out.write("       %s,\n       %s,\n       %s,\n       %s},\n" % (
            cpp_tensor(case["input"]), cpp_tensor(case["filter"]), cpp_tensor(case["bias"]),
            cpp_tensor(case["output"])))
    out.write("  };\n  return cases;\n}\n\n}  // namespace golden\n}  // namespace brasa\n\n"
              "#endif  // BRASA_TESTS_KERNELS_GOLDEN_CONV_CASES_H_\n")


if __name__ == "__main__":
    main()
