"""Builds one-operator .tflite models directly with the TFLite flatbuffer
schema (so tests choose every dtype and quantization exactly, including uint8
and int16), runs them with LiteRT's reference kernels
(OpResolverType.BUILTIN_REF) and prints the cases as C++ for
tests/kernels/golden/single_op_case.h.

Used by make_pooling_cases.py, make_binary_cases.py and
make_activation_cases.py in this directory.
"""
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import flatbuffers  # noqa: E402
import numpy as np  # noqa: E402
from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: E402
from tensorflow.lite.python import schema_py_generated as schema  # noqa: E402

# dtype name -> (schema type, numpy type, brasa DataType)
TYPES = {
    "float32": (schema.TensorType.FLOAT32, np.float32, "DataType::kFloat32"),
    "int8": (schema.TensorType.INT8, np.int8, "DataType::kInt8"),
    "uint8": (schema.TensorType.UINT8, np.uint8, "DataType::kUInt8"),
    "int16": (schema.TensorType.INT16, np.int16, "DataType::kInt16"),
    "int32": (schema.TensorType.INT32, np.int32, "DataType::kInt32"),
}

OPTIONS = {  # op -> (BuiltinOptions type, options class)
    "ADD": ("AddOptions", schema.AddOptionsT),
    "SUB": ("SubOptions", schema.SubOptionsT),
    "MUL": ("MulOptions", schema.MulOptionsT),
    "AVERAGE_POOL_2D": ("Pool2DOptions", schema.Pool2DOptionsT),
    "MAX_POOL_2D": ("Pool2DOptions", schema.Pool2DOptionsT),
    "SOFTMAX": ("SoftmaxOptions", schema.SoftmaxOptionsT),
}


class Spec:
    """A tensor: dtype name, shape, optional per-tensor (scale, zero point)."""

    def __init__(self, dtype, shape, scale=None, zero_point=0):
        self.dtype, self.shape, self.scale, self.zero_point = dtype, list(shape), scale, zero_point

    def random(self, rng, low=None, high=None):
        np_type = TYPES[self.dtype][1]
        if self.dtype == "float32":
            return rng.uniform(low if low is not None else -4.0, high if high is not None else 4.0,
                               self.shape).astype(np_type)
        info = np.iinfo(np_type)
        low = info.min if low is None else low
        high = info.max if high is None else high
        return rng.integers(low, high, self.shape, endpoint=True).astype(np_type)


def _schema_tensor(name, spec, buffer):
    tensor = schema.TensorT()
    tensor.name, tensor.shape, tensor.buffer = name, spec.shape, buffer
    tensor.type = TYPES[spec.dtype][0]
    if spec.scale is not None:
        q = schema.QuantizationParametersT()
        q.scale, q.zeroPoint = [float(spec.scale)], [int(spec.zero_point)]
        tensor.quantization = q
    return tensor


def run(op, inputs, output, options=None):
    """Runs `op` on [(Spec, values)] and returns the output array."""
    model = schema.ModelT()
    model.version = 3
    model.buffers = [schema.BufferT() for _ in range(len(inputs) + 2)]
    code = schema.OperatorCodeT()
    code.builtinCode = getattr(schema.BuiltinOperator, op)
    code.deprecatedBuiltinCode = min(code.builtinCode, 127)
    code.version = 1
    model.operatorCodes = [code]
    graph = schema.SubGraphT()
    graph.tensors = [_schema_tensor("in%d" % i, spec, i + 1) for i, (spec, _) in enumerate(inputs)]
    graph.tensors.append(_schema_tensor("out", output, len(inputs) + 1))
    graph.inputs = list(range(len(inputs)))
    graph.outputs = [len(inputs)]
    operator = schema.OperatorT()
    operator.opcodeIndex, operator.inputs, operator.outputs = 0, graph.inputs, graph.outputs
    if op in OPTIONS:
        type_name, options_class = OPTIONS[op]
        built = options_class()
        for key, value in (options or {}).items():
            assert hasattr(built, key), key
            setattr(built, key, value)
        operator.builtinOptionsType = getattr(schema.BuiltinOptions, type_name)
        operator.builtinOptions = built
    graph.operators = [operator]
    model.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    interpreter = Interpreter(model_content=bytes(builder.Output()),
                              experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    for i, (_, values) in enumerate(inputs):
        interpreter.set_tensor(i, values)
    interpreter.invoke()
    return interpreter.get_tensor(len(inputs))


def _number(value, dtype):
    if dtype != "float32":
        return str(int(value))
    text = "%.9g" % float(value)  # 9 significant digits round-trip a float32
    return text if any(c in text for c in ".en") else text + ".0"


def _float(value):
    text = "%.9g" % float(value)
    return (text if any(c in text for c in ".e") else text + ".0") + "f"


def cpp_tensor(spec, values):
    values = np.asarray(values)
    shape = "{" + ", ".join(str(d) for d in values.shape) + "}"
    numbers = "{" + ", ".join(_number(v, spec.dtype) for v in values.ravel()) + "}"
    scale = _float(spec.scale) if spec.scale is not None else "0.0f"
    return "{%s, %s, %s, %d, %s}" % (TYPES[spec.dtype][2], shape, scale, spec.zero_point, numbers)


def cpp_case(name, op, inputs, output_spec, output_values, activation=0, pot_scale_int16=True,
             pool=(0, 1, 1, 1, 1), beta=1.0):
    """pool = (padding 0 SAME / 1 VALID, filter_h, filter_w, stride_h, stride_w)."""
    ins = ",\n      ".join(cpp_tensor(spec, values) for spec, values in inputs)
    return ('  {"%s", "%s", %d, %s, {%s}, %s,\n     {%s},\n     %s},' %
            (name, op, activation, "true" if pot_scale_int16 else "false",
             ", ".join(str(p) for p in pool), _float(beta), ins,
             cpp_tensor(output_spec, output_values)))


def write_header(file_name, function, description, cases, script):
    guard = "BRASA_TESTS_KERNELS_GOLDEN_" + file_name.upper().replace(".", "_") + "_"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), file_name)
    import tensorflow as tf
    text = f"""// GENERATED by tests/kernels/golden/{script}; do not edit.
// Regenerate from the repository root with:
//   python3 tests/kernels/golden/{script}
// {description}
// Each model was built directly from the TFLite schema (tensorflow
// {tf.__version__}) and run by LiteRT's reference kernels
// (OpResolverType.BUILTIN_REF), which produced every output.
#ifndef {guard}
#define {guard}

#include <vector>

#include "tests/kernels/golden/single_op_case.h"

namespace brasa {{
namespace single_op_golden {{

inline const std::vector<SingleOpCase>& {function}() {{
  static const std::vector<SingleOpCase> cases = {{
{chr(10).join(cases)}
  }};
  return cases;
}}

}}  // namespace single_op_golden
}}  // namespace brasa

#endif  // {guard}
"""
    with open(path, "w") as f:
        f.write(text)
    print("wrote", path)
