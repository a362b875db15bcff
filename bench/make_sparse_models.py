#!/usr/bin/env python3
"""Builds the pruned-model benchmarks: MobileNetV1 float32 at 224x224 with
its pointwise (1x1) convolutions and classifier pruned by magnitude, and its
dense twin.

Pinned: tensorflow-cpu==2.21.0.

  python3 bench/make_sparse_models.py [--out build/sparse_models] [--sparsity 80 90]

Writes mobilenet_v1_f32_dense.tflite (seeded random weights, as
bench/make_models.py makes them) and, per sparsity S,
mobilenet_v1_f32_pruned<S>.tflite: the same weights with S% of every 1x1
kernel zeroed by magnitude (the pruning of the conformance cases,
tests/conformance/families/sparse.py), converted with
tf.lite.Optimize.EXPERIMENTAL_SPARSITY (the pruned kernels are stored
compressed, each behind a DENSIFY). The files are 5-17 MB: they go to the
output directory, never into the repository.

  ./build/brasa bench build/sparse_models/mobilenet_v1_f32_dense.tflite
  ./build/brasa bench build/sparse_models/mobilenet_v1_f32_pruned80.tflite
"""
import argparse
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "conformance"))
sys.path.insert(0, str(ROOT / "tests" / "conformance" / "families"))
from sparse import prune  # noqa: E402

SEED = 20261130


def convert(model, sparse):
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if sparse:
        converter.optimizations = [tf.lite.Optimize.EXPERIMENTAL_SPARSITY]
    return converter.convert()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "sparse_models"))
    parser.add_argument("--sparsity", type=int, nargs="+", default=[80, 90])
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tf.keras.utils.set_random_seed(SEED)
    # A fixed batch of 1, so the converter writes static shapes (as
    # bench/make_models.py does: a free batch turns Keras' Reshape into ops
    # that compute the shape at run time).
    model = tf.keras.applications.MobileNet(
        input_tensor=tf.keras.Input(shape=(224, 224, 3), batch_size=1), weights=None)
    (out / "mobilenet_v1_f32_dense.tflite").write_bytes(convert(model, sparse=False))
    dense_weights = [layer.get_weights() for layer in model.layers]
    for percent in args.sparsity:
        for layer, weights in zip(model.layers, dense_weights):
            if (isinstance(layer, tf.keras.layers.Conv2D) and
                    not isinstance(layer, tf.keras.layers.DepthwiseConv2D) and
                    layer.kernel_size == (1, 1)):
                layer.set_weights([prune(weights[0], percent / 100, seed=percent)] +
                                  weights[1:])
        path = out / f"mobilenet_v1_f32_pruned{percent}.tflite"
        path.write_bytes(convert(model, sparse=True))
        print(f"wrote {path}")
        for layer, weights in zip(model.layers, dense_weights):
            layer.set_weights(weights)


if __name__ == "__main__":
    main()
