#!/usr/bin/env python3
"""Train the bundled digits classifier and convert it to .tflite.

Pinned versions (the bundled files were made with these):

    pip install tensorflow-cpu==2.21.0 scikit-learn
    # evaluation uses LiteRT when it is installed (else tf.lite.Interpreter):
    pip install ai-edge-litert==2.3.0 numpy==2.4.6

How to run (from any directory; about a minute on 2 CPU cores):

    python3 examples/digits/train_digits.py

Data: scikit-learn's bundled 8x8 handwritten digits (load_digits, 1797
images, pixels 0..16, light ink on a dark background); nothing is
downloaded. Pixels are scaled to 0..255 and rounded, exactly as a program
that reads an 8-bit image sees them. A stratified 25% of the images is held
out (never trained on). The model is a small CNN:

    Conv2D 16 3x3 relu -> Conv2D 32 3x3 relu -> MaxPool 2x2 -> Flatten
    -> Dense 64 relu -> Dense 10 -> Softmax

It writes next to this script:

    digits_float.tflite   float32 input [1,8,8,1] (pixel / 255), float32 [1,10]
    digits_int8.tflite    full-integer int8 input and output
    heldout_images.npy    uint8 [N,8,8]: the held-out images, pixels 0..255
    heldout_labels.npy    uint8 [N]: their labels
    samples/*.png, .jpg, .pgm   a few held-out digits as image files

and prints the held-out accuracy of both files, evaluated with LiteRT's
reference kernels.
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

try:
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
except ImportError:  # pragma: no cover - fallback path
    Interpreter = tf.lite.Interpreter
    OpResolverType = tf.lite.experimental.OpResolverType

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT_PATH = os.path.join(HERE, "digits_float.tflite")
INT8_PATH = os.path.join(HERE, "digits_int8.tflite")
SAMPLES_DIR = os.path.join(HERE, "samples")

SEED = 1234
HELD_OUT = 0.25
EPOCHS = 60
BATCH = 32
SAMPLE_SCALE = 4  # sample images are 32x32: each digit pixel becomes 4x4


def load_data():
    digits = load_digits()
    pixels = np.round(digits.images * (255.0 / 16.0)).astype(np.uint8)  # [N,8,8]
    labels = digits.target.astype(np.uint8)
    return train_test_split(pixels, labels, test_size=HELD_OUT, random_state=SEED,
                            stratify=labels)


def to_input(pixels):
    return (pixels.astype(np.float32) / 255.0)[..., np.newaxis]


def build_model(batch_size=None):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(8, 8, 1), batch_size=batch_size),
        tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dropout(0.3),
        tf.keras.layers.Dense(10),
        tf.keras.layers.Softmax(),
    ])


def convert(trained, x_train):
    # A copy with batch_size=1, so the files have static [1,...] shapes.
    model = build_model(batch_size=1)
    model.set_weights(trained.get_weights())
    float_model = tf.lite.TFLiteConverter.from_keras_model(model).convert()

    def representative_dataset():
        for image in x_train[:300]:
            yield [image[np.newaxis]]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return float_model, converter.convert()


def evaluate(path, x, y):
    """Accuracy of the .tflite file on (x, y) with LiteRT's reference kernels."""
    interp = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    in_scale, in_zp = inp["quantization"]
    correct = 0
    for image, label in zip(x, y):
        value = image[np.newaxis]
        if inp["dtype"] == np.int8:
            value = np.clip(np.round(value / in_scale) + in_zp, -128, 127).astype(np.int8)
        interp.set_tensor(inp["index"], value)
        interp.invoke()
        correct += int(np.argmax(interp.get_tensor(out["index"])[0]) == label)
    ops = sorted({op["op_name"] for op in interp._get_ops_details()})
    return correct / len(y), ops


def write_samples(pixels, labels):
    """One held-out image per digit: PNG for 0-7, then a JPEG and a PGM."""
    os.makedirs(SAMPLES_DIR, exist_ok=True)
    for digit in range(10):
        index = int(np.flatnonzero(labels == digit)[0])
        big = np.kron(pixels[index], np.ones((SAMPLE_SCALE, SAMPLE_SCALE), np.uint8))
        image = tf.constant(big[..., np.newaxis])
        if digit == 8:
            name, data = f"{digit}.jpg", tf.io.encode_jpeg(image, quality=95).numpy()
        elif digit == 9:  # binary PGM (P5): header, then the bytes
            name, data = f"{digit}.pgm", b"P5\n%d %d\n255\n" % big.shape[::-1] + big.tobytes()
        else:
            name, data = f"{digit}.png", tf.io.encode_png(image).numpy()
        with open(os.path.join(SAMPLES_DIR, name), "wb") as f:
            f.write(data)


def main():
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    train_pixels, test_pixels, train_labels, test_labels = load_data()
    x_train, x_test = to_input(train_pixels), to_input(test_pixels)
    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.002),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    hist = model.fit(x_train, train_labels, epochs=EPOCHS, batch_size=BATCH, shuffle=True,
                     verbose=0)
    print(f"trained {EPOCHS} epochs on {len(train_labels)} images in {time.time() - start:.1f} s;"
          f" final loss {hist.history['loss'][-1]:.4f}")

    float_model, int8_model = convert(model, x_train)
    for path, data in ((FLOAT_PATH, float_model), (INT8_PATH, int8_model)):
        with open(path, "wb") as f:
            f.write(data)
    np.save(os.path.join(HERE, "heldout_images.npy"), test_pixels)
    np.save(os.path.join(HERE, "heldout_labels.npy"), test_labels)
    write_samples(test_pixels, test_labels)

    ok = True
    for path in (FLOAT_PATH, INT8_PATH):
        accuracy, ops = evaluate(path, x_test, test_labels)
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, held-out accuracy "
              f"{100 * accuracy:.2f}% ({len(test_labels)} images); ops: {ops}")
        if accuracy < 0.97:
            print("    ERROR: accuracy is below 97%")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
