#!/usr/bin/env python3
"""Builds the benchmark models: MobileNetV1 and MobileNetV2, float32 and int8.

Pinned: tensorflow-cpu==2.21.0 (the converter's output depends on its version).

  python3 bench/make_models.py [--out build/bench_models] [--only mobilenet_v2_int8]

Writes, at 224x224x3 input and alpha 1.0, with seeded random weights
(weights=None, tf.keras.utils.set_random_seed):
  mobilenet_v1_f32.tflite   mobilenet_v1_int8.tflite
  mobilenet_v2_f32.tflite   mobilenet_v2_int8.tflite
The int8 models are full-integer (int8 input and output, per-channel weights),
calibrated on a seeded random representative dataset. Latency does not depend
on the weights' values, so random weights measure what trained ones would.
The files are 4-14 MB each: they go to the output directory, never into the
repository. Running the script again writes the same models.
"""
import argparse
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = 20261130
INPUT_SHAPE = (224, 224, 3)
CALIBRATION_SAMPLES = 8
ARCHITECTURES = {
    "mobilenet_v1": tf.keras.applications.MobileNet,
    "mobilenet_v2": tf.keras.applications.MobileNetV2,
}


def random_images(count):
    # Inputs in the range the Keras MobileNets expect after preprocessing.
    rng = np.random.default_rng(SEED)
    return rng.uniform(-1.0, 1.0, (count,) + INPUT_SHAPE).astype(np.float32)


def settle_batch_norm(model):
    """Sets every BatchNormalization's moving statistics to the batch
    statistics of random images (one training step, momentum 0, learning
    rate 0: the weights do not change).

    With their initial statistics (mean 0, variance 1) the activations of a
    randomly initialized MobileNet shrink layer after layer, down to logits
    with a range near 1e-6; int8 SOFTMAX cannot take an input scale that small
    (TensorFlow Lite needs beta * input_scale * 2^26 > 1) and the model would
    not run. Settled, every layer sees activations of a realistic size.
    """
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.BatchNormalization):
            layer.momentum = 0.0
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.0),
                  loss="categorical_crossentropy")
    images = random_images(CALIBRATION_SAMPLES)
    labels = np.eye(1000, dtype=np.float32)[np.arange(CALIBRATION_SAMPLES)]
    model.fit(images, labels, batch_size=CALIBRATION_SAMPLES, epochs=1, verbose=0, shuffle=False)


def build_keras(architecture):
    # A fresh session (Keras' layer-name counters, which reach the tensor
    # names in the file) and the same seed before each model make every model
    # independent of which others this run builds (--only).
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(SEED)
    trainable = ARCHITECTURES[architecture](input_shape=INPUT_SHAPE, alpha=1.0, weights=None)
    settle_batch_norm(trainable)
    # A fixed batch of 1, so the converter writes static shapes (with a free
    # batch, Keras' Reshape layers become SHAPE / STRIDED_SLICE / PACK ops).
    fixed = ARCHITECTURES[architecture](
        input_tensor=tf.keras.Input(shape=INPUT_SHAPE, batch_size=1), alpha=1.0, weights=None)
    fixed.set_weights(trainable.get_weights())
    return fixed


def representative_dataset():
    for image in random_images(CALIBRATION_SAMPLES):
        yield [image[np.newaxis]]


def convert(keras_model, quantize):
    converter = tf.lite.TFLiteConverter.from_keras_model(keras_model)
    if quantize:
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative_dataset
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    return converter.convert()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "bench_models"))
    parser.add_argument("--only", nargs="*", default=None,
                        help="model names to build, e.g. mobilenet_v1_int8 (default: all)")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for architecture in ARCHITECTURES:
        wanted = [(name, quantize) for name, quantize in
                  ((architecture + "_f32", False), (architecture + "_int8", True))
                  if args.only is None or name in args.only]
        if not wanted:
            continue
        keras_model = build_keras(architecture)
        for name, quantize in wanted:
            path = out / (name + ".tflite")
            path.write_bytes(convert(keras_model, quantize))
            print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
