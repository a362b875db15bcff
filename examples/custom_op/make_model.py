#!/usr/bin/env python3
"""Make the custom_op example's model: a TensorFlow Lite file with a CUSTOM op.

Pinned versions (the bundled files were made with these):

    pip install tensorflow-cpu==2.21.0 ai-edge-litert==2.3.0 numpy==2.4.6

How to run (from any directory; a few seconds):

    python3 examples/custom_op/make_model.py

It builds a small seeded float32 Keras model, x [1,4] -> Dense 8 relu ->
Dense 3 -> sigmoid, converts it (the sigmoid becomes the builtin LOGISTIC),
then edits the converted flatbuffer so that the op is
CUSTOM "BrasaSigmoid" instead: a model only a runtime that registers that
custom op can run. It writes next to this script:

    custom_sigmoid.tflite   the model with the CUSTOM op
    inputs.npy              float32 [8,4]: test inputs
    expected.npy            float32 [8,3]: the outputs TensorFlow Lite's
                            reference kernels give on the model before the
                            edit (builtin LOGISTIC), the test's goldens
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import flatbuffers
import numpy as np
import tensorflow as tf
from tensorflow.lite.python import schema_py_generated as schema

try:
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
except ImportError:  # pragma: no cover - fallback path
    Interpreter = tf.lite.Interpreter
    OpResolverType = tf.lite.experimental.OpResolverType

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_PATH = os.path.join(HERE, "custom_sigmoid.tflite")
CUSTOM_NAME = "BrasaSigmoid"
SEED = 1234


def converted_model():
    tf.keras.utils.set_random_seed(SEED)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(4,), batch_size=1),
        tf.keras.layers.Dense(8, activation="relu"),
        tf.keras.layers.Dense(3),
        tf.keras.layers.Activation("sigmoid"),
    ])
    return tf.lite.TFLiteConverter.from_keras_model(model).convert()


def replace_with_custom(tflite_bytes, builtin, custom_name):
    """The same model with every `builtin` operator made CUSTOM `custom_name`."""
    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(tflite_bytes, 0))
    replaced = 0
    for code in model.operatorCodes:
        # Newer files keep the code in builtinCode, older ones in the
        # deprecated int8 field: set both.
        if max(code.builtinCode, code.deprecatedBuiltinCode) == builtin:
            code.builtinCode = schema.BuiltinOperator.CUSTOM
            code.deprecatedBuiltinCode = schema.BuiltinOperator.CUSTOM
            code.customCode = custom_name
            replaced += 1
    if replaced != 1:
        raise SystemExit(f"expected one operator code {builtin}, found {replaced}")
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def run(tflite_bytes, inputs):
    interp = Interpreter(model_content=tflite_bytes,
                         experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    outputs = []
    for row in inputs:
        interp.set_tensor(inp["index"], row[np.newaxis])
        interp.invoke()
        outputs.append(interp.get_tensor(out["index"])[0])
    ops = [op["op_name"] for op in interp._get_ops_details()]
    return np.array(outputs, dtype=np.float32), ops


def main():
    original = converted_model()
    inputs = np.random.default_rng(SEED).uniform(-3, 3, size=(8, 4)).astype(np.float32)
    expected, ops = run(original, inputs)
    print(f"converted: ops {ops}")
    if ops.count("LOGISTIC") != 1:
        print("ERROR: expected one LOGISTIC operator")
        return 1
    edited = replace_with_custom(original, schema.BuiltinOperator.LOGISTIC, CUSTOM_NAME)
    with open(MODEL_PATH, "wb") as f:
        f.write(edited)
    np.save(os.path.join(HERE, "inputs.npy"), inputs)
    np.save(os.path.join(HERE, "expected.npy"), expected)
    print(f"{os.path.basename(MODEL_PATH)}: {len(edited)} bytes, LOGISTIC -> CUSTOM {CUSTOM_NAME!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
