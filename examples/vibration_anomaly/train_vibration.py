#!/usr/bin/env python3
"""Simulate accelerometer data, train the vibration classifier, convert it.

Pinned versions (the bundled files were made with these):

    pip install tensorflow-cpu==2.21.0
    # evaluation uses LiteRT when it is installed (else tf.lite.Interpreter):
    pip install ai-edge-litert==2.3.0 numpy==2.4.6

How to run (from any directory; a few minutes on 2 CPU cores):

    python3 examples/vibration_anomaly/train_vibration.py

Data: a seeded simulation of a 3-axis accelerometer (x, y radial, z axial;
units g; 1 kHz; windows of 256 samples = 0.256 s) on rotating machines.
Each simulated machine has its own nominal shaft speed (10-45 Hz), structural
resonance, bearing geometry, noise floor and per-axis sensor gain (0.8-1.25),
and each window varies the speed by +-4% and the phases at random. Classes:

    healthy    small 1x/2x shaft harmonics, broadband noise
    bearing    outer-race defect: impacts at 3.1-5.1x shaft speed, each
               ringing the machine's resonance (150-350 Hz)
    imbalance  a strong 1x component, x and y in quadrature
    loose      a clipped, rattling waveform: 0.5x and 1x-5x harmonics
               with random impacts, mostly on one axis

The split holds out whole machines: 48 train machines, 16 held out. The
model (Conv2D over time with (k,1) kernels, so it uses only CONV_2D,
MAX_POOL_2D, MEAN, FULLY_CONNECTED and SOFTMAX):

    input [1,256,1,3] -> Conv 16 (9x1)/2 relu -> Conv 24 (9x1)/2 relu
    -> MaxPool (2x1) -> Conv 32 (5x1) relu -> mean over time -> Dense 4 -> Softmax

It writes next to this script:

    vibration_float.tflite, vibration_int8.tflite (int8 input and output)
    labels.txt
    heldout_windows.npy   int16 [N,256,3]: held-out windows in milli-g
    heldout_labels.npy    uint8 [N]
    samples/<class>.csv   two windows (512 rows of x,y,z) per class, from
                          held-out machines

and prints the accuracy of both files on the held-out machines (LiteRT
reference kernels).
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
FLOAT_PATH = os.path.join(HERE, "vibration_float.tflite")
INT8_PATH = os.path.join(HERE, "vibration_int8.tflite")

SEED = 1234
CLASSES = ["healthy", "bearing", "imbalance", "loose"]
RATE = 1000.0          # samples per second
WINDOW = 256           # samples per window
TRAIN_MACHINES = 48
HELD_OUT_MACHINES = 16
TRAIN_WINDOWS = 60     # per machine and class
HELD_OUT_WINDOWS = 4   # per machine and class (kept small: it is committed)
EPOCHS = 25
BATCH = 64


def make_machine(rng):
    return {
        "shaft_hz": rng.uniform(10.0, 45.0),
        "resonance_hz": rng.uniform(150.0, 350.0),
        "bearing_ratio": rng.uniform(3.1, 5.1),        # outer-race defect / shaft
        "noise_g": rng.uniform(0.02, 0.08),
        "gain": rng.uniform(0.8, 1.25, size=3),        # sensor gain per axis
        "baseline_g": rng.uniform(0.02, 0.08),         # healthy 1x level
        "loose_axis": rng.integers(0, 3),
    }


def simulate_window(rng, machine, label):
    t = np.arange(WINDOW) / RATE
    shaft = machine["shaft_hz"] * rng.uniform(0.96, 1.04)
    phase = rng.uniform(0, 2 * np.pi, size=8)
    signal = np.zeros((WINDOW, 3))
    base = machine["baseline_g"] * rng.uniform(0.7, 1.3)
    # Every machine: a little 1x and 2x, as real healthy machines have.
    signal[:, 0] += base * np.sin(2 * np.pi * shaft * t + phase[0])
    signal[:, 1] += base * np.cos(2 * np.pi * shaft * t + phase[0])
    signal[:, :2] += 0.4 * base * np.sin(2 * np.pi * 2 * shaft * t + phase[1])[:, None]
    if label == "bearing":
        rate = shaft * machine["bearing_ratio"]
        ringing = np.zeros(WINDOW)
        amplitude = rng.uniform(0.25, 0.7)
        for start in np.arange(rng.uniform(0, 1 / rate), t[-1], 1 / rate):
            after = t - start - rng.normal(0, 0.0005)  # slight slip
            mask = after >= 0
            decay = np.exp(-after[mask] * rng.uniform(60, 120))
            ringing[mask] += amplitude * rng.uniform(0.6, 1.0) * decay * np.sin(
                2 * np.pi * machine["resonance_hz"] * after[mask])
        signal += ringing[:, None] * np.array([1.0, 0.8, 0.5])
    elif label == "imbalance":
        level = rng.uniform(0.3, 0.9)
        signal[:, 0] += level * np.sin(2 * np.pi * shaft * t + phase[2])
        signal[:, 1] += level * np.cos(2 * np.pi * shaft * t + phase[2])
        signal[:, 2] += 0.1 * level * np.sin(2 * np.pi * shaft * t + phase[3])
    elif label == "loose":
        level = rng.uniform(0.25, 0.7)
        wave = 0.6 * np.sin(np.pi * shaft * t + phase[4])  # 0.5x
        for harmonic in range(1, 6):
            wave += rng.uniform(0.3, 1.0) / harmonic ** 0.5 * np.sin(
                2 * np.pi * harmonic * shaft * t + phase[harmonic % 8])
        wave = np.clip(wave, -0.8, 1.0) * level  # one-sided truncation: rattling
        impacts = (rng.random(WINDOW) < 0.02) * rng.normal(0, 2 * level, WINDOW)
        axis = machine["loose_axis"]
        signal[:, axis] += wave + impacts
        signal[:, (axis + 1) % 3] += 0.3 * wave
    signal += rng.normal(0, machine["noise_g"], size=signal.shape)
    return (signal * machine["gain"]).astype(np.float32)


def simulate(rng, machines, windows_per_class):
    x, y = [], []
    for machine in machines:
        for label_index, label in enumerate(CLASSES):
            for _ in range(windows_per_class):
                x.append(simulate_window(rng, machine, label))
                y.append(label_index)
    return np.stack(x), np.array(y, dtype=np.uint8)


def to_input(windows):  # [N,256,3] -> [N,256,1,3]
    return windows[:, :, np.newaxis, :]


def build_model(batch_size=None):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(WINDOW, 1, 3), batch_size=batch_size),
        tf.keras.layers.Conv2D(16, (9, 1), strides=(2, 1), padding="same", activation="relu"),
        tf.keras.layers.Conv2D(24, (9, 1), strides=(2, 1), padding="same", activation="relu"),
        tf.keras.layers.MaxPooling2D((2, 1)),
        tf.keras.layers.Conv2D(32, (5, 1), padding="same", activation="relu"),
        tf.keras.layers.GlobalAveragePooling2D(),
        tf.keras.layers.Dense(len(CLASSES)),
        tf.keras.layers.Softmax(),
    ])


def convert(trained, x_train):
    model = build_model(batch_size=1)
    model.set_weights(trained.get_weights())
    float_model = tf.lite.TFLiteConverter.from_keras_model(model).convert()

    def representative_dataset():
        for window in x_train[::20][:400]:
            yield [window[np.newaxis]]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return float_model, converter.convert()


def evaluate(path, x, y):
    interp = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    in_scale, in_zp = inp["quantization"]
    correct = 0
    for window, label in zip(x, y):
        value = window[np.newaxis]
        if inp["dtype"] == np.int8:
            value = np.clip(np.round(value / in_scale) + in_zp, -128, 127).astype(np.int8)
        interp.set_tensor(inp["index"], value)
        interp.invoke()
        correct += int(np.argmax(interp.get_tensor(out["index"])[0]) == label)
    ops = sorted({op["op_name"] for op in interp._get_ops_details()})
    return correct / len(y), ops


def write_samples(rng, machines):
    os.makedirs(os.path.join(HERE, "samples"), exist_ok=True)
    for label in CLASSES:
        machine = machines[CLASSES.index(label)]
        rows = np.concatenate([simulate_window(rng, machine, label) for _ in range(2)])
        with open(os.path.join(HERE, "samples", label + ".csv"), "w") as f:
            f.write("x,y,z\n")
            for x, y, z in rows:
                f.write(f"{x:.4f},{y:.4f},{z:.4f}\n")


def main():
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(SEED)
    machines = [make_machine(rng) for _ in range(TRAIN_MACHINES + HELD_OUT_MACHINES)]
    train_machines, held_out_machines = machines[:TRAIN_MACHINES], machines[TRAIN_MACHINES:]
    x_train, y_train = simulate(rng, train_machines, TRAIN_WINDOWS)
    x_test, y_test = simulate(rng, held_out_machines, HELD_OUT_WINDOWS)
    # What is committed (and what the C++ test reads) is milli-g, int16:
    # evaluate on exactly those values.
    test_milli_g = np.clip(np.round(x_test * 1000), -32768, 32767).astype(np.int16)
    x_test = test_milli_g.astype(np.float32) / 1000

    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    hist = model.fit(to_input(x_train), y_train, epochs=EPOCHS, batch_size=BATCH, shuffle=True,
                     verbose=0)
    print(f"trained {EPOCHS} epochs on {len(y_train)} windows in {time.time() - start:.1f} s; "
          f"final loss {hist.history['loss'][-1]:.4f}, accuracy {hist.history['accuracy'][-1]:.4f}")

    float_model, int8_model = convert(model, to_input(x_train))
    for path, data in ((FLOAT_PATH, float_model), (INT8_PATH, int8_model)):
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(HERE, "labels.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    np.save(os.path.join(HERE, "heldout_windows.npy"), test_milli_g)
    np.save(os.path.join(HERE, "heldout_labels.npy"), y_test)
    write_samples(rng, held_out_machines)

    ok = True
    for path in (FLOAT_PATH, INT8_PATH):
        accuracy, ops = evaluate(path, to_input(x_test), y_test)
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, held-out machines accuracy "
              f"{100 * accuracy:.2f}% ({len(y_test)} windows); ops: {ops}")
        if accuracy < 0.95:
            print("    ERROR: accuracy is below 95%")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
