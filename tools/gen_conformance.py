#!/usr/bin/env python3
"""Builds brasa's conformance data: the single-op cases of
tests/conformance/make_cases.py (every family) and the model-level cases of
tests/models/cases (whole Keras networks).

Pinned versions (the committed files were made with these):

    pip install tensorflow-cpu==2.21.0 ai-edge-litert==2.3.0 numpy==2.4.6

How to run (from the repository root):

    python3 tools/gen_conformance.py                    # op cases, then model cases
    python3 tools/gen_conformance.py --models           # model cases only
    python3 tools/gen_conformance.py --models --only unet_int8

Model cases: tf.keras.applications networks with seeded random weights
(weights=None), small inputs and 10 classes so that the files stay small,
plus a small LSTM sequence classifier and a small U-Net-style segmenter.
Each is converted to float32 (`<name>_f32`) and to full-integer int8 with
int8 input and output (`<name>_int8`, calibrated on seeded random data).
Before conversion every BatchNormalization takes the batch statistics of
random inputs (as in bench/make_models.py): with its initial statistics a
random network's activations shrink layer after layer and int8 calibration
would see ranges near zero. The batch is fixed at 1 (static shapes).

For each model it writes, like a conformance case,

    tests/models/cases/<name>/model.tflite
    tests/models/cases/<name>/input_0.npy     seeded input (int8: the quantized
                                              float input, so it is realistic)
    tests/models/cases/<name>/output_<j>.npy  LiteRT, OpResolverType.BUILTIN_REF
    tests/models/cases/<name>/ops.txt         operators and tensors

and fails if LiteRT's reference interpreter cannot run the model.
tests/models/model_cases_test.cc runs them: integer outputs byte-exact, float
outputs within 1e-4 of each output's range. Re-running gives byte-identical
files.
"""

import argparse
import os
import shutil
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKE_CASES = os.path.join(ROOT, "tests", "conformance", "make_cases.py")
MODELS_DIR = os.path.join(ROOT, "tests", "models", "cases")
sys.path.insert(0, os.path.dirname(MAKE_CASES))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from make_cases import describe_ops, ops_text, run_reference  # noqa: E402

SEED = 20261130
CLASSES = 10
CALIBRATION_SAMPLES = 8
keras = tf.keras


# --------------------------------------------------------------------------
# The models: name -> (builder(input_shape), input shape without batch).
def mobilenet_v1(shape):
    return keras.applications.MobileNet(input_shape=shape, alpha=0.25, weights=None,
                                        classes=CLASSES)


def mobilenet_v2(shape):
    return keras.applications.MobileNetV2(input_shape=shape, alpha=0.35, weights=None,
                                          classes=CLASSES)


def mobilenet_v3_small(shape):
    return keras.applications.MobileNetV3Small(input_shape=shape, alpha=0.35, weights=None,
                                               classes=CLASSES)


def mobilenet_v3_large(shape):
    return keras.applications.MobileNetV3Large(input_shape=shape, alpha=0.35, weights=None,
                                               classes=CLASSES)


def efficientnet_b0_w025(shape):
    # EfficientNetB0's blocks (depth 1.0) at width 0.25: B0 itself is 5.3 M
    # parameters (21 MB in float32). tf.keras.applications.EfficientNetB0 is
    # this same function with width_coefficient 1.0.
    from keras.src.applications.efficientnet import EfficientNet
    return EfficientNet(0.25, 1.0, shape[0], 0.2, name="efficientnet_b0_w025",
                        weights=None, input_shape=shape, classes=CLASSES)


def lstm_classifier(shape):
    # Unrolled: Keras 3's LSTM is not converted to the fused
    # UNIDIRECTIONAL_SEQUENCE_LSTM but to a WHILE loop whose body slices with
    # run-time sizes (brasa fixes shapes at Prepare), and the int8 converter
    # crashes on that loop (segfault in libpywrap_tflite_common).
    inputs = keras.Input(shape=shape)
    x = keras.layers.LSTM(16, return_sequences=True, unroll=True)(inputs)
    x = keras.layers.LSTM(12, unroll=True)(x)
    outputs = keras.layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="lstm_classifier")


def unet(shape):
    """Two levels down, two up: Conv2DTranspose (TRANSPOSE_CONV), Resizing
    nearest (RESIZE_NEAREST_NEIGHBOR) and bilinear (RESIZE_BILINEAR), skip
    connections (CONCATENATION), per-pixel softmax over 3 classes."""
    layers = keras.layers
    inputs = keras.Input(shape=shape)
    d1 = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    d1 = layers.BatchNormalization()(d1)
    p1 = layers.MaxPooling2D()(d1)
    d2 = layers.Conv2D(16, 3, padding="same", activation="relu")(p1)
    d2 = layers.BatchNormalization()(d2)
    p2 = layers.MaxPooling2D()(d2)
    b = layers.Conv2D(24, 3, padding="same", activation="relu")(p2)
    u2 = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(b)
    u2 = layers.Concatenate()([u2, d2])
    u2 = layers.Conv2D(16, 3, padding="same", activation="relu")(u2)
    # (UpSampling2D would become RESHAPE + TILE: Keras 3 implements it with repeat.)
    u1 = layers.Resizing(shape[0], shape[1], interpolation="nearest")(u2)
    u1 = layers.Concatenate()([u1, d1])
    u1 = layers.Conv2D(8, 3, padding="same", activation="relu")(u1)
    # A half-size head resized back up: bilinear resize of the logits.
    h = layers.Conv2D(3, 1, strides=2)(u1)
    h = layers.Resizing(shape[0], shape[1], interpolation="bilinear")(h)
    outputs = layers.Softmax()(h)
    return keras.Model(inputs, outputs, name="unet")


MODELS = {
    "mobilenet_v1_025_96": (mobilenet_v1, (96, 96, 3)),
    "mobilenet_v2_035_96": (mobilenet_v2, (96, 96, 3)),
    "mobilenet_v3_small_035_96": (mobilenet_v3_small, (96, 96, 3)),
    "mobilenet_v3_large_035_96": (mobilenet_v3_large, (96, 96, 3)),
    "efficientnet_b0_w025_96": (efficientnet_b0_w025, (96, 96, 3)),
    "lstm_classifier": (lstm_classifier, (20, 8)),
    "unet_64": (unet, (64, 64, 3)),
}
KINDS = ("f32", "int8")


# --------------------------------------------------------------------------
# Building, converting, running the oracle.
def random_inputs(shape, count, seed):
    # Images in the range the Keras applications expect after preprocessing;
    # the sequence and segmentation models take the same range.
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.0, 1.0, (count,) + tuple(shape)).astype(np.float32)


def settle_batch_norm(model, shape):
    """Every BatchNormalization takes the batch statistics of random inputs:
    one training step at momentum 0 and learning rate 0 (weights unchanged)."""
    norms = [layer for layer in model.layers
             if isinstance(layer, keras.layers.BatchNormalization)]
    if not norms:
        return
    for layer in norms:
        layer.momentum = 0.0
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    images = random_inputs(shape, CALIBRATION_SAMPLES, SEED)
    targets = np.zeros((CALIBRATION_SAMPLES,) + tuple(model.output_shape[1:]), np.float32)
    model.fit(images, targets, batch_size=CALIBRATION_SAMPLES, epochs=1, verbose=0,
              shuffle=False)


def build_keras(name):
    builder, shape = MODELS[name]
    # A fresh session and the same seed before each model: every model is
    # independent of which others this run builds (--only).
    keras.backend.clear_session()
    keras.utils.set_random_seed(SEED)
    trainable = builder(shape)
    settle_batch_norm(trainable, shape)
    # A fixed batch of 1, so the converter writes static shapes.
    inputs = keras.Input(shape=shape, batch_size=1)
    fixed = keras.Model(inputs, trainable(inputs))
    return fixed, shape


def convert(model, shape, kind):
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if kind == "int8":
        def representative():
            for sample in random_inputs(shape, CALIBRATION_SAMPLES, SEED + 1):
                yield [sample[np.newaxis]]
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    return converter.convert()


def model_input(flatbuffer, shape):
    from ai_edge_litert.interpreter import Interpreter
    detail = Interpreter(model_content=flatbuffer).get_input_details()[0]
    value = random_inputs(shape, 1, SEED + 2)
    if detail["dtype"] == np.float32:
        return value
    scale, zero_point = detail["quantization"]
    info = np.iinfo(detail["dtype"])
    quantized = np.round(value / scale) + zero_point
    return np.clip(quantized, info.min, info.max).astype(detail["dtype"])


def make_model_case(name, kind, keras_model, shape, out_dir):
    case = f"{name}_{kind}"
    flatbuffer = convert(keras_model, shape, kind)
    ops = describe_ops(flatbuffer)
    inputs = [model_input(flatbuffer, shape)]
    outputs, runtime_ops = run_reference(flatbuffer, inputs)
    if runtime_ops != [n for n, _, _, _ in ops]:
        raise RuntimeError(f"{case}: interpreter ops {runtime_ops} differ from the flatbuffer")
    case_dir = os.path.join(out_dir, case)
    shutil.rmtree(case_dir, ignore_errors=True)
    os.makedirs(case_dir)
    with open(os.path.join(case_dir, "model.tflite"), "wb") as f:
        f.write(flatbuffer)
    for i, value in enumerate(inputs):
        np.save(os.path.join(case_dir, f"input_{i}.npy"), value)
    for j, value in enumerate(outputs):
        np.save(os.path.join(case_dir, f"output_{j}.npy"), value)
    with open(os.path.join(case_dir, "ops.txt"), "w") as f:
        f.write(ops_text(ops))
    distinct = sorted(set(n for n, _, _, _ in ops))
    print(f"{case}: {len(flatbuffer) / 1e3:.0f} kB, {len(ops)} ops: {' '.join(distinct)}",
          flush=True)


def make_models(only, out_dir):
    wanted = [(n, k) for n in MODELS for k in KINDS if not only or f"{n}_{k}" in only]
    unknown = set(only or ()) - {f"{n}_{k}" for n in MODELS for k in KINDS}
    if unknown:
        sys.exit(f"unknown model cases: {sorted(unknown)}")
    os.makedirs(out_dir, exist_ok=True)
    if not only:  # every case directory (README.md stays)
        for entry in os.listdir(out_dir):
            if os.path.isdir(os.path.join(out_dir, entry)):
                shutil.rmtree(os.path.join(out_dir, entry))
    for name in MODELS:
        kinds = [k for n, k in wanted if n == name]
        if not kinds:
            continue
        keras_model, shape = build_keras(name)
        for kind in kinds:
            make_model_case(name, kind, keras_model, shape, out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", action="store_true",
                        help="make only the model-level cases (tests/models/cases)")
    parser.add_argument("--only", nargs="*", help="model case names to (re)make")
    parser.add_argument("--out-dir", default=MODELS_DIR)
    args = parser.parse_args()
    if not args.models:
        subprocess.run([sys.executable, MAKE_CASES], check=True)
    make_models(args.only, args.out_dir)


if __name__ == "__main__":
    main()
