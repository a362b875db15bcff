"""Pruned (sparse) weights: DENSIFY, and FULLY_CONNECTED reading a sparse weight.

Weights are pruned here by magnitude in numpy (seeded): unstructured (the
smallest |w| set to zero) or in 1x4 blocks (blocks of 4 consecutive input
channels of one output, ranked by their summed |w|), at 50/75/90%. This is
the criterion of the TensorFlow Model Optimization toolkit's
prune_low_magnitude (tensorflow-model-optimization==0.8.1 installs and runs
here only through tf-keras with TF_USE_LEGACY_KERAS=1, not TensorFlow
2.21's Keras 3, and prunes during training steps); the converter's sparsity
pass only needs the zeros, so they are made directly and reproducibly.
Conversion uses `converter.optimizations = [EXPERIMENTAL_SPARSITY]` (float32),
plus DEFAULT with a seeded representative dataset (int8), or float16 weights.
The converter then stores each pruned weight compressed and either adds a
DENSIFY (unstructured; int8) or, for a float32 1x4-block weight of
FULLY_CONNECTED or an int8 1x16-block one, keeps it sparse for the op
itself (LiteRT's int8 FULLY_CONNECTED reads 1x16 blocks only: it rejects a
1x4 int8 weight given directly, so int8 1x4 models go through DENSIFY). LiteRT's reference kernels compute every golden.
"""

import numpy as np
import tensorflow as tf

from make_cases import Case, representative

DENSIFY_FC = ["DENSIFY", "FULLY_CONNECTED"]
DENSIFY_CONV = ["DENSIFY", "CONV_2D"]


def prune(weight, fraction, block_axis=None, seed=0, block=4):
    """Zeroes `fraction` of `weight` by magnitude: single weights, or blocks of
    `block` along `block_axis` (the input-channel axis), ranked by summed |w|.
    Ties are broken by a seeded jitter so the count is exact."""
    rng = np.random.default_rng(seed)
    w = np.array(weight, np.float32)
    if block_axis is None:
        score = np.abs(w) + rng.uniform(0, 1e-6, w.shape)
        w[score < np.quantile(score, fraction)] = 0.0
        return w
    moved = np.moveaxis(w, block_axis, -1)
    shape = moved.shape
    blocks = moved.reshape(-1, shape[-1] // block, block)
    score = np.abs(blocks).sum(-1) + rng.uniform(0, 1e-6, blocks.shape[:2])
    keep = score >= np.quantile(score, fraction)
    blocks = blocks * keep[..., None]
    return np.moveaxis(blocks.reshape(shape), -1, block_axis)


class SparseCase(Case):
    """A case whose function closes over pruned constants; `convert(kind)`
    runs the converter with the sparsity optimization."""

    def __init__(self, name, fn, shape, ops, kind, seed=0, patch=None):
        super().__init__(name, lambda x, w: fn(x), [shape], ops, kinds=(kind,), seed=seed,
                         patch=patch)
        self.model_fn = fn

    def convert(self, kind):
        spec = tf.TensorSpec(self.shapes[0], tf.float32, name="input_0")
        function = tf.function(self.model_fn, input_signature=[spec], autograph=False)
        module = tf.Module()
        module.f = function
        converter = tf.lite.TFLiteConverter.from_concrete_functions(
            [function.get_concrete_function()], module)
        converter.optimizations = [tf.lite.Optimize.EXPERIMENTAL_SPARSITY]
        if kind == "f16":
            converter.optimizations.append(tf.lite.Optimize.DEFAULT)
            converter.target_spec.supported_types = [tf.float16]
        elif kind == "int8":
            converter.optimizations.append(tf.lite.Optimize.DEFAULT)
            converter.representative_dataset = representative(self)
            converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
            converter.inference_input_type = tf.int8
            converter.inference_output_type = tf.int8
        return converter.convert()


def fc_model(inputs, units, fraction, blocks, seed):
    """relu(x W + b), W pruned unstructured (blocks 0) or in 1 x `blocks`."""
    rng = np.random.default_rng(2000 + seed)
    weight = rng.uniform(-1, 1, (inputs, units)).astype(np.float32)
    weight = prune(weight, fraction, block_axis=0 if blocks else None, seed=seed,
                   block=blocks or 4)
    bias = rng.uniform(-0.5, 0.5, (units,)).astype(np.float32)
    return lambda x: tf.nn.relu(tf.matmul(x, weight) + bias)


def conv_model(filt, fraction, seed, strides=1):
    rng = np.random.default_rng(3000 + seed)
    kernel = prune(rng.uniform(-1, 1, filt).astype(np.float32), fraction, seed=seed)
    bias = rng.uniform(-0.5, 0.5, (filt[3],)).astype(np.float32)
    return lambda x: tf.nn.relu(tf.nn.conv2d(x, kernel, strides, "SAME") + bias)


def small_cnn(seed):
    """conv 3x3 (75% unstructured) -> conv 1x1 (90%) -> FC (1x4 blocks, 90%)."""
    rng = np.random.default_rng(4000 + seed)
    k1 = prune(rng.uniform(-1, 1, (3, 3, 4, 12)).astype(np.float32), 0.75, seed=seed)
    k2 = prune(rng.uniform(-1, 1, (1, 1, 12, 16)).astype(np.float32), 0.9, seed=seed + 1)
    fc = prune(rng.uniform(-1, 1, (6 * 6 * 16, 10)).astype(np.float32), 0.9, block_axis=0,
               seed=seed + 2)

    def fn(x):
        y = tf.nn.relu(tf.nn.conv2d(x, k1, 1, "SAME"))
        y = tf.nn.relu(tf.nn.conv2d(y, k2, 1, "SAME"))
        return tf.matmul(tf.reshape(y, [1, -1]), fc)
    return fn


def mobilenet_style(seed, pointwise=(0.8, 0.9), fc_fraction=0.85):
    """A MobileNet-like stack: conv 3x3 stride 2 (dense), then twice
    depthwise 3x3 (dense) -> pointwise 1x1 (pruned unstructured), global
    average pool, FC (pruned). 18x18 input: the first pointwise conv has 81
    pixels (a sparse tile of 64 and a tail), the second 25."""
    rng = np.random.default_rng(5000 + seed)

    def uniform(shape, scale=1.0):
        return (rng.uniform(-1, 1, shape) * scale).astype(np.float32)
    c0, b0 = uniform((3, 3, 3, 16), 0.5), uniform((16,), 0.1)
    d1, d2 = uniform((3, 3, 16, 1)), uniform((3, 3, 32, 1))
    p1 = prune(uniform((1, 1, 16, 32), 0.5), pointwise[0], seed=seed)
    p2 = prune(uniform((1, 1, 32, 64), 0.5), pointwise[1], seed=seed + 1)
    b1, b2 = uniform((32,), 0.1), uniform((64,), 0.1)
    fc = prune(uniform((64, 10)), fc_fraction, seed=seed + 2)

    def fn(x):
        y = tf.nn.relu6(tf.nn.conv2d(x, c0, 2, "SAME") + b0)
        y = tf.nn.relu6(tf.nn.depthwise_conv2d(y, d1, [1, 1, 1, 1], "SAME"))
        y = tf.nn.relu6(tf.nn.conv2d(y, p1, 1, "SAME") + b1)
        y = tf.nn.relu6(tf.nn.depthwise_conv2d(y, d2, [1, 2, 2, 1], "SAME"))
        y = tf.nn.relu6(tf.nn.conv2d(y, p2, 1, "SAME") + b2)
        return tf.matmul(tf.reduce_mean(y, [1, 2]), fc)
    return fn


CASES = []
for percent in (50, 75, 90):
    for kind in ("f32", "int8"):
        CASES.append(SparseCase(f"sparse_fc_random{percent}", fc_model(64, 20, percent / 100,
                                                                       0, percent),
                                [3, 64], DENSIFY_FC, kind, seed=percent))
        CASES.append(SparseCase(f"sparse_fc_block4_{percent}", fc_model(64, 20, percent / 100,
                                                                        4, percent),
                                [3, 64], ["FULLY_CONNECTED"] if kind == "f32" else DENSIFY_FC,
                                kind, seed=percent))
CASES += [
    SparseCase("sparse_fc_block16_75", fc_model(64, 20, 0.75, 16, 75), [3, 64],
               ["FULLY_CONNECTED"], "int8", seed=75),
    SparseCase("sparse_fc_random90", fc_model(64, 20, 0.9, 0, 91), [3, 64],
               ["DENSIFY", "DEQUANTIZE", "DEQUANTIZE", "FULLY_CONNECTED"], "f16", seed=91),
]
for kind in ("f32", "int8", "f16"):
    conv_ops = DENSIFY_CONV if kind != "f16" else ["DENSIFY", "DEQUANTIZE", "DEQUANTIZE",
                                                   "CONV_2D"]
    CASES += [
        SparseCase("sparse_conv3x3_random75", conv_model((3, 3, 6, 10), 0.75, 5), [1, 7, 9, 6],
                   conv_ops, kind, seed=5),
        SparseCase("sparse_conv1x1_random90", conv_model((1, 1, 16, 24), 0.9, 6), [2, 5, 5, 16],
                   conv_ops, kind, seed=6),
    ]
CASES += [SparseCase("sparse_cnn", small_cnn(7), [1, 6, 6, 4],
                     DENSIFY_CONV * 2 + ["RESHAPE"] + (DENSIFY_FC if kind == "int8"
                                                       else ["FULLY_CONNECTED"]),
                     kind, seed=7) for kind in ("f32", "int8")]
MOBILENET_OPS = ["CONV_2D", "DEPTHWISE_CONV_2D", "DENSIFY", "CONV_2D", "DEPTHWISE_CONV_2D",
                 "DENSIFY", "CONV_2D", "MEAN", "DENSIFY", "FULLY_CONNECTED"]
CASES += [SparseCase("sparse_mobilenet", mobilenet_style(8), [1, 18, 18, 3], MOBILENET_OPS, kind,
                     seed=8) for kind in ("f32", "int8")]
