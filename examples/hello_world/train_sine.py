#!/usr/bin/env python3
"""Train the bundled hello_world sine regressor and convert it to .tflite.

Pinned versions (the bundled files were made with these):

    pip install tensorflow-cpu==2.21.0
    # evaluation uses LiteRT when it is installed (else tf.lite.Interpreter):
    pip install ai-edge-litert==2.3.0 numpy==2.4.6

How to run (from any directory; takes well under a minute on 2 CPU cores):

    python3 examples/hello_world/train_sine.py

It trains a tiny Keras model y = f(x) ~ sin(x) for x in [0, 2*pi]
(Dense 16 relu, Dense 16 relu, Dense 1) on seeded noisy samples, then
writes next to this script:

    sine_float.tflite  float32 input [1,1], float32 output [1,1]
    sine_int8.tflite   full-integer int8: int8 input [1,1], int8 output [1,1]
                       (the input/output scale and zero point are in the file)

and prints the mean absolute error of both files against sin(x) on a grid
of x values, evaluated with the LiteRT interpreter. It checks that both
files contain only FULLY_CONNECTED operators.

After re-training, refresh the goldens:

    python3 tools/golden/make_goldens.py --only sine_float sine_int8
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

try:
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
except ImportError:  # pragma: no cover - fallback path
    Interpreter = tf.lite.Interpreter
    OpResolverType = tf.lite.experimental.OpResolverType

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT_PATH = os.path.join(HERE, "sine_float.tflite")
INT8_PATH = os.path.join(HERE, "sine_int8.tflite")

SEED = 1234
N_SAMPLES = 2000
NOISE = 0.05
EPOCHS = 200
BATCH = 64
X_MAX = 2.0 * np.pi


def make_data():
    rng = np.random.default_rng(SEED)
    x = rng.uniform(0.0, X_MAX, size=(N_SAMPLES, 1)).astype(np.float32)
    y = (np.sin(x) + NOISE * rng.standard_normal(size=x.shape)).astype(np.float32)
    return x, y


def build_model(batch_size=None):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(1,), batch_size=batch_size),
        tf.keras.layers.Dense(16, activation="relu"),
        tf.keras.layers.Dense(16, activation="relu"),
        tf.keras.layers.Dense(1),
    ])


def convert(trained, x_train):
    # Convert a copy of the trained model whose Input has batch_size=1, so the
    # files have static [1,1] input/output shapes (no -1 batch dimension),
    # like the reference hello_world models.
    model = build_model(batch_size=1)
    model.set_weights(trained.get_weights())
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    float_model = converter.convert()

    def representative_dataset():
        for v in x_train[:500]:
            yield [v.reshape(1, 1).astype(np.float32)]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    int8_model = converter.convert()
    return float_model, int8_model


def evaluate(path, grid):
    """MAE of the .tflite file against sin(x) on grid, and its operator names."""
    # The reference kernels, no delegates: the same resolver as the goldens,
    # and the operator list is the file's own (no DELEGATE nodes).
    interp = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    in_scale, in_zp = inp["quantization"]
    out_scale, out_zp = out["quantization"]
    integer = np.issubdtype(inp["dtype"], np.integer)
    preds = np.empty_like(grid)
    for k, x in enumerate(grid):
        if integer:
            info = np.iinfo(inp["dtype"])
            q = np.clip(np.round(x / in_scale) + in_zp, info.min, info.max)
            value = np.full(inp["shape"], q, dtype=inp["dtype"])
        else:
            value = np.full(inp["shape"], x, dtype=inp["dtype"])
        interp.set_tensor(inp["index"], value)
        interp.invoke()
        y = interp.get_tensor(out["index"]).reshape(-1)[0]
        preds[k] = (float(y) - out_zp) * out_scale if integer else float(y)
    ops = [op["op_name"] for op in interp._get_ops_details()]
    details = (inp["dtype"].__name__, [int(n) for n in inp["shape"]], (float(in_scale), int(in_zp)),
               out["dtype"].__name__, [int(n) for n in out["shape"]], (float(out_scale), int(out_zp)))
    return float(np.mean(np.abs(preds - np.sin(grid)))), ops, details


def main():
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    x_train, y_train = make_data()
    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.005), loss="mse", metrics=["mae"])
    start = time.time()
    hist = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH, shuffle=True, verbose=0)
    print(f"trained {EPOCHS} epochs in {time.time() - start:.1f} s; "
          f"final loss {hist.history['loss'][-1]:.5f}, mae {hist.history['mae'][-1]:.5f}")

    float_model, int8_model = convert(model, x_train)
    with open(FLOAT_PATH, "wb") as f:
        f.write(float_model)
    with open(INT8_PATH, "wb") as f:
        f.write(int8_model)

    grid = np.linspace(0.0, X_MAX, 1000, dtype=np.float64)
    ok = True
    for path in (FLOAT_PATH, INT8_PATH):
        mae, ops, details = evaluate(path, grid)
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, MAE vs sin(x) = {mae:.4f}")
        print(f"    input {details[0]}{details[1]} q={details[2]}  output {details[3]}{details[4]} q={details[5]}")
        print(f"    ops: {ops}")
        if set(ops) != {"FULLY_CONNECTED"}:
            print("    ERROR: expected FULLY_CONNECTED operators only")
            ok = False
        if path == INT8_PATH and (details[0] != "int8" or details[3] != "int8"):
            print("    ERROR: expected int8 input and output")
            ok = False
        if mae > 0.1:
            print("    ERROR: MAE is too large")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
