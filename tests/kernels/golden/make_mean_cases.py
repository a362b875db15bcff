#!/usr/bin/env python3
"""Generates tests/kernels/golden/mean_cases.h: tiny tf.reduce_mean models
converted by TensorFlow and run by LiteRT's reference kernels
(OpResolverType.BUILTIN_REF).

Each quantized model is QUANTIZE (float -> int8/int16) -> MEAN -> DEQUANTIZE,
so one run gives golden data for all three ops; all tensors are read back with
experimental_preserve_all_tensors. A float conversion of the same model gives
the float MEAN output.

Run from the repository root:
  python3 tests/kernels/golden/make_mean_cases.py  # writes tests/kernels/golden/mean_cases.h
Deterministic: every representative dataset and input comes from fixed seeds.
"""
import os
import sys

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: E402

# (name, input shape, axes, keep_dims, activations: "int8" or "int16", seed)
CASES = [
    ("spatial_int8", [1, 5, 7, 3], [1, 2], False, "int8", 11),
    ("spatial_keep_int8", [1, 4, 6, 2], [1, 2], True, "int8", 12),
    ("last_axis_int8", [2, 3, 9], [-1], False, "int8", 13),
    ("outer_inner_keep_int8", [3, 4, 5], [0, 2], True, "int8", 14),
    ("all_axes_int8", [2, 6, 11], [0, 1, 2], False, "int8", 15),
    ("spatial_int16", [1, 5, 3, 4], [1, 2], False, "int16", 16),
    ("middle_axis_int16", [2, 7, 3], [1], True, "int16", 17),
]


def make_function(shape, axes, keep_dims):
    @tf.function(input_signature=[tf.TensorSpec(shape, tf.float32)])
    def mean(x):
        return tf.reduce_mean(x, axis=axes, keepdims=keep_dims)

    return mean


def convert(shape, axes, keep_dims, activations, seed):
    function = make_function(shape, axes, keep_dims)
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], function)
    if activations is not None:
        rng = np.random.default_rng(seed)

        def representative():
            for _ in range(8):
                yield [rng.uniform(-3.0, 5.0, shape).astype(np.float32)]

        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        if activations == "int16":
            converter.target_spec.supported_ops = [
                tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
        else:
            converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    return converter.convert()


def run(model, x):
    interpreter = Interpreter(model_content=model,
                              experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                              experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    return interpreter


def quant(interpreter, index):
    params = interpreter._get_tensor_details(index, 0)["quantization_parameters"]
    assert len(params["scales"]) == 1, "expected per-tensor quantization"
    return float(params["scales"][0]), int(params["zero_points"][0])


def ints(values):
    return "{" + ", ".join(str(int(v)) for v in np.asarray(values).ravel()) + "}"


def float_literal(value):
    text = "%.9g" % float(value)  # 9 digits round-trip a float32
    if not any(c in text for c in ".e"):
        text += ".0"
    return text + "f"


def floats(values):
    return "{" + ", ".join(float_literal(v) for v in np.asarray(values).ravel()) + "}"


def make_case(name, shape, axes, keep_dims, activations, seed):
    x = np.random.default_rng(seed + 1000).uniform(-3.0, 5.0, shape).astype(np.float32)
    interpreter = run(convert(shape, axes, keep_dims, activations, seed), x)
    ops = {op["op_name"]: op for op in interpreter._get_ops_details()}
    assert sorted(ops) == ["DEQUANTIZE", "MEAN", "QUANTIZE"], sorted(ops)
    mean = ops["MEAN"]
    mean_in, mean_axes = mean["inputs"]
    mean_out = mean["outputs"][0]
    assert list(interpreter.get_tensor(mean_axes).ravel()) == [a for a in axes]
    in_scale, in_zp = quant(interpreter, mean_in)
    out_scale, out_zp = quant(interpreter, mean_out)
    quantized_input = interpreter.get_tensor(mean_in)
    quantized_output = interpreter.get_tensor(mean_out)
    dequantized = interpreter.get_tensor(ops["DEQUANTIZE"]["outputs"][0])
    float_interpreter = run(convert(shape, axes, keep_dims, None, seed), x)
    float_output = float_interpreter.get_tensor(
        float_interpreter.get_output_details()[0]["index"])
    return "\n".join([
        "    {\"%s\", %s, %s, %s, %s, %s," % (name, ints(shape), ints(axes),
                                           "true" if keep_dims else "false",
                                           ints(quantized_output.shape),
                                           "true" if activations == "int16" else "false"),
        "     %s, %d, %s, %d," % (float_literal(in_scale), in_zp, float_literal(out_scale), out_zp),
        "     %s," % floats(x),
        "     %s," % ints(quantized_input),
        "     %s," % ints(quantized_output),
        "     %s," % floats(dequantized),
        "     %s}," % floats(float_output),
    ])


def main():
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mean_cases.h")
    body = "\n".join(make_case(*case) for case in CASES)
    header = f"""// GENERATED by tests/kernels/golden/make_mean_cases.py; do not edit.
// Regenerate from the repository root with:
//   python3 tests/kernels/golden/make_mean_cases.py
// tensorflow {tf.__version__} converted each tf.reduce_mean model; LiteRT's
// reference kernels (OpResolverType.BUILTIN_REF) produced every output.
#ifndef BRASA_TESTS_KERNELS_GOLDEN_MEAN_CASES_H_
#define BRASA_TESTS_KERNELS_GOLDEN_MEAN_CASES_H_

#include <cstdint>
#include <vector>

namespace brasa {{
namespace golden {{

// QUANTIZE(float_input) = quantized_input; MEAN(quantized_input) =
// quantized_output; DEQUANTIZE(quantized_output) = dequantized_output;
// float MEAN(float_input) = float_output.
struct MeanCase {{
  const char* name;
  std::vector<int32_t> input_shape;
  std::vector<int32_t> axes;
  bool keep_dims;
  std::vector<int32_t> output_shape;
  bool int16;  // int16 activations (else int8)
  float input_scale;
  int32_t input_zero_point;
  float output_scale;
  int32_t output_zero_point;
  std::vector<float> float_input;
  std::vector<int32_t> quantized_input;
  std::vector<int32_t> quantized_output;
  std::vector<float> dequantized_output;
  std::vector<float> float_output;
}};

inline std::vector<MeanCase> MeanCases() {{
  return {{
{body}
  }};
}}

}}  // namespace golden
}}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_GOLDEN_MEAN_CASES_H_
"""
    with open(out_path, "w") as f:
        f.write(header)
    print("wrote", out_path, file=sys.stderr)


if __name__ == "__main__":
    main()
