#!/usr/bin/env python3
"""Synthesize keyword audio, train the keyword model and convert it.

Pinned versions (the bundled files were made with these):

    apt-get install espeak-ng flite          # Debian 12: 1.51, 2.2
    pip install tensorflow-cpu==2.21.0 scipy
    # evaluation uses LiteRT when it is installed (else tf.lite.Interpreter):
    pip install ai-edge-litert==2.3.0 numpy==2.4.6

How to run (build first: the features come from the C++ front end):

    cmake --build build --target kws_features
    python3 examples/keyword_spotting/train_keywords.py [--features-tool build/examples/kws_features]

Data, all synthesized offline (nothing downloaded): every word is spoken
by Debian's text-to-speech engines, espeak-ng (accent voices x voice
variants, several speeds and pitches) and flite (voices kal16, awb, rms
with duration and pitch changes), resampled to 16 kHz, then augmented
(seeded): placed at a random time in a 1 s clip, speed change by
resampling (0.9-1.1), gain (-20..0 dB), reverberation (decaying noise
impulse response) on half of the clips, and background noise (white or
pink, 5-40 dB SNR) on 80% of them. Classes: silence (noise only), unknown (20 other
words), yes no up down left right on off stop go.

Split: the espeak-ng accent voices en-gb-scotland and en-gb-x-gbclan
(every variant) are held out: the test set is spoken only by them,
training never hears them.

Features: the C++ front end (audio_features.cc, through the kws_features
tool): 49 frames x 40 log-mel bands, normalized per clip. Model:

    [1,49,40,1] -> Conv 16 3x3 relu -> MaxPool 2 -> Conv 32 3x3 relu
    -> MaxPool 2 -> Conv 64 3x3 relu -> MaxPool 2 -> Flatten -> Dense 64 relu
    -> Dense 12 -> Softmax

It writes next to this script: keywords_int8.tflite, labels.txt, heldout_features.npy (int8 [N,49,40]: the held-out clips'
features, quantized as the int8 model's input), heldout_labels.npy, and
samples/ (a few held-out clips, and a stream of several words).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import wave

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf
from scipy.signal import resample_poly

try:
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
except ImportError:  # pragma: no cover - fallback path
    Interpreter = tf.lite.Interpreter
    OpResolverType = tf.lite.experimental.OpResolverType

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The float32 model (about 590 KB) is only evaluated, not kept: the example
# and its test use the int8 one.
FLOAT_PATH = os.path.join(tempfile.gettempdir(), "keywords_float.tflite")
INT8_PATH = os.path.join(HERE, "keywords_int8.tflite")

SEED = 1234
RATE = 16000
KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
LABELS = ["silence", "unknown"] + KEYWORDS
UNKNOWN_WORDS = ["cat", "dog", "house", "bed", "bird", "tree", "happy", "wow", "marvin",
                 "sheila", "nine", "seven", "learn", "follow", "forward", "backward", "visual",
                 "zero", "one", "three"]
TRAIN_ACCENTS = ["en-us", "en-gb", "en-gb-x-rp", "en-029", "en-gb-x-gbcwmd"]
TEST_ACCENTS = ["en-gb-scotland", "en-gb-x-gbclan"]
VARIANTS = ["", "+m1", "+m3", "+m5", "+m7", "+f1", "+f2", "+f4", "+klatt"]
FLITE_VOICES = ["kal16", "awb", "rms"]
EPOCHS = 30
BATCH = 64


def read_wav(data):
    with wave.open(data) as w:
        rate = w.getframerate()
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16) / 32768.0
    if rate == 22050:
        audio = resample_poly(audio, 320, 441)
    elif rate != RATE:
        raise ValueError(f"unexpected rate {rate}")
    return audio.astype(np.float32)


def espeak(word, voice, speed, pitch, path):
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, word],
                   check=True)
    return read_wav(path)


def flite(word, voice, stretch, pitch, path):
    subprocess.run(["flite", "-voice", voice, "--setf", f"duration_stretch={stretch}",
                    "--setf", f"int_f0_target_mean={pitch}", "-t", word, "-o", path], check=True)
    return read_wav(path)


def trim(audio):
    """The spoken part: drop leading/trailing near-silence."""
    loud = np.flatnonzero(np.abs(audio) > 0.02 * np.abs(audio).max())
    return audio[loud[0]:loud[-1] + 1] if loud.size else audio


def synthesize(rng, words, accents, variants_per_word, flite_voices, tmp):
    """Spoken (word, audio) pairs: espeak-ng accents x variants, flite voices."""
    spoken = []
    path = os.path.join(tmp, "word.wav")
    for word in words:
        for accent in accents:
            for variant in rng.choice(VARIANTS, size=variants_per_word, replace=False):
                speed, pitch = int(rng.integers(120, 200)), int(rng.integers(25, 75))
                spoken.append((word, trim(espeak(word, accent + variant, speed, pitch, path))))
        for voice in flite_voices:
            for _ in range(2):
                stretch, pitch = rng.uniform(0.8, 1.3), rng.uniform(80, 180)
                spoken.append((word, trim(flite(word, voice, stretch, pitch, path))))
    return spoken


def noise(rng, n):
    white = rng.standard_normal(n)
    if rng.random() < 0.5:
        return white
    pink = np.cumsum(white)  # brown-ish, then high-passed a little: a darker hiss
    pink -= np.convolve(pink, np.ones(64) / 64, mode="same")
    return pink / (pink.std() + 1e-9)


def augment(rng, audio):
    """One 1 s clip: speed, placement, reverb, gain, background noise."""
    speed = rng.uniform(0.9, 1.1)
    audio = resample_poly(audio, 100, int(round(100 * speed))) if abs(speed - 1) > 0.01 else audio
    audio = audio[:RATE - 400]
    clip = np.zeros(RATE)
    start = int(rng.integers(200, RATE - len(audio) - 199)) if len(audio) < RATE - 400 else 200
    clip[start:start + len(audio)] = audio
    if rng.random() < 0.5:
        length = int(rng.uniform(0.05, 0.3) * RATE)
        response = rng.standard_normal(length) * np.exp(-np.arange(length) / (length / 5))
        response[0] = 1.0 / rng.uniform(0.3, 0.8)
        clip = np.convolve(clip, response)[:RATE]
    clip *= 10 ** (rng.uniform(-20, 0) / 20) / (np.abs(clip).max() + 1e-9)
    if rng.random() < 0.8:  # else clean, as a close microphone in a quiet room
        snr_db = rng.uniform(5, 40)
        clip += noise(rng, RATE) * np.sqrt(np.mean(clip ** 2) / 10 ** (snr_db / 10))
    return np.clip(clip, -1, 1).astype(np.float32)


def silence(rng):
    if rng.random() < 0.1:  # digital silence
        return np.zeros(RATE, np.float32)
    level = 10 ** (rng.uniform(-90, -25) / 20)
    return np.clip(noise(rng, RATE) * level, -1, 1).astype(np.float32)


def make_set(rng, spoken, copies, silences):
    clips, labels = [], []
    for word, audio in spoken:
        label = LABELS.index(word) if word in KEYWORDS else LABELS.index("unknown")
        for _ in range(copies):
            clips.append(augment(rng, audio))
            labels.append(label)
    for _ in range(silences):
        clips.append(silence(rng))
        labels.append(0)
    return np.stack(clips), np.array(labels, dtype=np.uint8)


def features(tool, clips, tmp):
    clips_path, features_path = os.path.join(tmp, "clips.npy"), os.path.join(tmp, "features.npy")
    np.save(clips_path, clips)
    subprocess.run([tool, clips_path, features_path], check=True)
    return np.load(features_path)


def build_model(batch_size=None):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(49, 40, 1), batch_size=batch_size),
        tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Flatten(),  # keeps the order of sounds in time ("no" vs "on")
        tf.keras.layers.Dropout(0.3),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(len(LABELS)),
        tf.keras.layers.Softmax(),
    ])


def convert(trained, x_train):
    model = build_model(batch_size=1)
    model.set_weights(trained.get_weights())
    float_model = tf.lite.TFLiteConverter.from_keras_model(model).convert()

    def representative_dataset():
        for x in x_train[::10][:400]:
            yield [x[np.newaxis]]

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
    correct = 0
    for features_, label in zip(x, y):
        interp.set_tensor(inp["index"], features_[np.newaxis])
        interp.invoke()
        correct += int(np.argmax(interp.get_tensor(out["index"])[0]) == label)
    ops = sorted({op["op_name"] for op in interp._get_ops_details()})
    return correct / len(y), ops


def quantize(x, path):
    interp = Interpreter(model_path=path)
    scale, zero_point = interp.get_input_details()[0]["quantization"]
    return np.clip(np.round(x / scale) + zero_point, -128, 127).astype(np.int8)


def write_wav(path, audio):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())


def write_samples(rng, test_spoken):
    os.makedirs(os.path.join(HERE, "samples"), exist_ok=True)
    by_word = {}
    for word, audio in test_spoken:
        by_word.setdefault(word, audio)
    for word in ["yes", "no", "stop", "go"]:
        clip = np.zeros(RATE, np.float32)
        audio = by_word[word][:RATE - 2000]
        clip[1000:1000 + len(audio)] = 0.5 * audio / np.abs(audio).max()
        write_wav(os.path.join(HERE, "samples", word + ".wav"), clip)
    stream = [np.zeros(RATE // 2)]
    for word in ["left", "up", "off"]:
        audio = by_word[word]
        stream += [0.5 * audio / np.abs(audio).max(), np.zeros(RATE)]
    stream = np.concatenate(stream)
    stream += 0.003 * rng.standard_normal(len(stream))
    write_wav(os.path.join(HERE, "samples", "stream_left_up_off.wav"), stream.astype(np.float32))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--features-tool", default=os.path.join(ROOT, "build", "examples", "kws_features"))
    args = parser.parse_args()
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(SEED)

    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        train_spoken = synthesize(rng, KEYWORDS, TRAIN_ACCENTS, 8, FLITE_VOICES, tmp)
        train_spoken += synthesize(rng, UNKNOWN_WORDS, TRAIN_ACCENTS, 2, FLITE_VOICES[:1], tmp)
        test_spoken = synthesize(rng, KEYWORDS, TEST_ACCENTS, 5, [], tmp)
        test_spoken += synthesize(rng, UNKNOWN_WORDS, TEST_ACCENTS, 1, [], tmp)
        print(f"synthesized {len(train_spoken)} train and {len(test_spoken)} held-out utterances "
              f"in {time.time() - start:.0f} s")
        train_clips, y_train = make_set(rng, train_spoken, 4, 600)
        test_clips, y_test = make_set(rng, test_spoken, 1, 25)
        x_train = features(args.features_tool, train_clips, tmp)[..., np.newaxis]
        x_test = features(args.features_tool, test_clips, tmp)[..., np.newaxis]
    print(f"{len(y_train)} train clips, {len(y_test)} held-out clips; features {x_train.shape[1:]}")

    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.002),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    hist = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH, shuffle=True, verbose=0)
    print(f"trained {EPOCHS} epochs in {time.time() - start:.0f} s; final loss "
          f"{hist.history['loss'][-1]:.4f}, accuracy {hist.history['accuracy'][-1]:.4f}")

    float_model, int8_model = convert(model, x_train)
    for path, data in ((FLOAT_PATH, float_model), (INT8_PATH, int8_model)):
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(HERE, "labels.txt"), "w") as f:
        f.write("\n".join(LABELS) + "\n")
    q_test = quantize(x_test, INT8_PATH)
    np.save(os.path.join(HERE, "heldout_features.npy"), q_test[..., 0])
    np.save(os.path.join(HERE, "heldout_labels.npy"), y_test)
    write_samples(rng, test_spoken)

    ok = True
    for path, x in ((FLOAT_PATH, x_test), (INT8_PATH, q_test)):
        accuracy, ops = evaluate(path, x.astype(np.float32) if path == FLOAT_PATH else x, y_test)
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, held-out voices accuracy "
              f"{100 * accuracy:.2f}% ({len(y_test)} clips); ops: {ops}")
        if accuracy < 0.90:
            print("    ERROR: accuracy is below 90%")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
