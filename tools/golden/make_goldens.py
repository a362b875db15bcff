#!/usr/bin/env python3
"""Make golden input/output tensors for brasa's model tests.

Pinned versions (the goldens in tests/models/golden were made with these):

    pip install ai-edge-litert==2.3.0 numpy==2.4.6

(If `ai_edge_litert` cannot be imported, the script falls back to
`tensorflow.lite.Interpreter`; tensorflow-cpu 2.21.0 is the tested version.)

How to run (from any directory):

    python3 tools/golden/make_goldens.py
    python3 tools/golden/make_goldens.py --models-dir /path/to/models
    python3 tools/golden/make_goldens.py --only hello_world_int8 sine_int8

Each case runs one model once in LiteRT's Python interpreter with the
REFERENCE op resolver (OpResolverType.BUILTIN_REF) on a fixed input (a
constant, a test image, or seeded random data) and writes

    tests/models/golden/<case>/input_<i>.npy    (model input i, own dtype/shape)
    tests/models/golden/<case>/output_<j>.npy   (model output j, own dtype/shape)

with i and j in the model's own input and output order. The models come
from --models-dir (default: ../shared/models relative to the repository
root) and, for the bundled sine models, from examples/hello_world/ (made by
examples/hello_world/train_sine.py). Re-running gives byte-identical files.
"""

import argparse
import os
import struct
import sys

import numpy as np

try:
    from ai_edge_litert import interpreter as _litert

    Interpreter = _litert.Interpreter
    BUILTIN_REF = _litert.OpResolverType.BUILTIN_REF
    BACKEND = "ai_edge_litert"
except ImportError:  # pragma: no cover - fallback path
    import tensorflow as tf

    Interpreter = tf.lite.Interpreter
    BUILTIN_REF = tf.lite.experimental.OpResolverType.BUILTIN_REF
    BACKEND = "tensorflow.lite"

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(SCRIPT_DIR, "..", ".."))
DEFAULT_MODELS_DIR = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "models"))
BUNDLED_DIR = os.path.join(REPO_ROOT, "examples", "hello_world")
DEFAULT_OUT_DIR = os.path.join(REPO_ROOT, "tests", "models", "golden")

HELLO_X = 1.2345  # the input used for every sine-regressor case


# --------------------------------------------------------------------------
# Minimal read/patch of the .tflite flatbuffer (only what is needed below).
# --------------------------------------------------------------------------

def _u32(buf, pos):
    return struct.unpack_from("<I", buf, pos)[0]


def _field_pos(buf, table, field):
    """Absolute position of a table's field, or None if the field is absent."""
    vtable = table - struct.unpack_from("<i", buf, table)[0]
    vt_size = struct.unpack_from("<H", buf, vtable)[0]
    slot = 4 + 2 * field
    if slot >= vt_size:
        return None
    off = struct.unpack_from("<H", buf, vtable + slot)[0]
    return table + off if off else None


def _deref(buf, pos):
    return pos + _u32(buf, pos)


def _vector(buf, table, field):
    """(position of first element, length) of a vector field, or (None, 0)."""
    pos = _field_pos(buf, table, field)
    if pos is None:
        return None, 0
    vec = _deref(buf, pos)
    return vec + 4, _u32(buf, vec)


def fix_quantized_dimension(model_bytes):
    """Return (patched bytes, list of patched tensor indices).

    Some converter outputs (person_detect.tflite) give 1-D per-channel bias
    tensors quantized_dimension=3, copied from the 4-D filter. TFLite Micro
    ignores it; LiteRT refuses the model ("quantized_dimension must be in
    range [0, 1)"). For a 1-D tensor the only valid channel axis is 0, so the
    field is rewritten in place to 0. Nothing else changes.
    """
    buf = bytearray(model_bytes)
    patched = []
    model = _u32(buf, 0)
    subgraphs, n_sub = _vector(buf, model, 2)  # Model.subgraphs
    for s in range(n_sub):
        sg = _deref(buf, subgraphs + 4 * s)
        tensors, n_t = _vector(buf, sg, 0)  # SubGraph.tensors
        for t in range(n_t):
            tensor = _deref(buf, tensors + 4 * t)
            _, rank = _vector(buf, tensor, 0)  # Tensor.shape
            qpos = _field_pos(buf, tensor, 4)  # Tensor.quantization
            if qpos is None:
                continue
            quant = _deref(buf, qpos)
            dpos = _field_pos(buf, quant, 6)  # QuantizationParameters.quantized_dimension
            if dpos is None:
                continue
            qdim = struct.unpack_from("<i", buf, dpos)[0]
            if rank == 1 and qdim >= rank:
                struct.pack_into("<i", buf, dpos, 0)
                patched.append((s, t))
    return bytes(buf), patched


# --------------------------------------------------------------------------
# Image readers (BMP parsed by hand) and a numpy bilinear resize.
# --------------------------------------------------------------------------

def read_bmp(path):
    """Return (pixel rows top-first as uint8 array, bits per pixel).

    8-bit files give shape [h, w] (the raw palette indices); 24-bit files give
    [h, w, 3] in the file's BGR order.
    """
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"BM":
        raise ValueError(f"{path}: not a BMP file")
    off_bits = struct.unpack_from("<I", data, 10)[0]
    width, height = struct.unpack_from("<ii", data, 18)
    bpp = struct.unpack_from("<H", data, 28)[0]
    compression = struct.unpack_from("<I", data, 30)[0]
    if compression != 0 or bpp not in (8, 24):
        raise ValueError(f"{path}: unsupported BMP (bpp={bpp}, compression={compression})")
    channels = bpp // 8
    bottom_up = height > 0
    height = abs(height)
    stride = (width * channels + 3) // 4 * 4
    raw = np.frombuffer(data, dtype=np.uint8, count=stride * height, offset=off_bits)
    rows = raw.reshape(height, stride)[:, : width * channels]
    if bottom_up:
        rows = rows[::-1]
    shape = (height, width) if channels == 1 else (height, width, channels)
    return np.ascontiguousarray(rows).reshape(shape), bpp


def resize_bilinear_half_pixel(img, out_h, out_w):
    """Bilinear resize of an [h, w, c] image, half-pixel centers, float64 result."""
    in_h, in_w = img.shape[:2]
    src = img.astype(np.float64)

    def axis(out_n, in_n):
        s = (np.arange(out_n, dtype=np.float64) + 0.5) * (in_n / out_n) - 0.5
        s = np.clip(s, 0.0, in_n - 1)
        i0 = np.floor(s).astype(np.int64)
        i1 = np.minimum(i0 + 1, in_n - 1)
        return i0, i1, s - i0

    y0, y1, fy = axis(out_h, in_h)
    x0, x1, fx = axis(out_w, in_w)
    fy = fy[:, None, None]
    fx = fx[None, :, None]
    top = src[y0][:, x0] * (1.0 - fx) + src[y0][:, x1] * fx
    bottom = src[y1][:, x0] * (1.0 - fx) + src[y1][:, x1] * fx
    return top * (1.0 - fy) + bottom * fy


# --------------------------------------------------------------------------
# Input makers. Each gets (input details, models dir, rng) and returns a list
# of arrays, one per model input, in model input order.
# --------------------------------------------------------------------------

def _check_inputs(details, n):
    if len(details) != n:
        raise ValueError(f"expected {n} model input(s), got {len(details)}")


def random_inputs(details, _models_dir, rng):
    """Seeded random data: full dtype range for integers, uniform [0, 1) for floats."""
    arrays = []
    for d in details:
        dtype, shape = d["dtype"], tuple(d["shape"])
        if np.issubdtype(dtype, np.floating):
            arrays.append(rng.uniform(0.0, 1.0, size=shape).astype(dtype))
        else:
            info = np.iinfo(dtype)
            arrays.append(rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True))
    return arrays


def keyword_inputs(details, _models_dir, rng):
    """int16 [1,96]. The model's first QUANTIZE maps int16 (s=0.000625) to int8
    (s=0.0592, zp=-128), i.e. reals in [0, 15.1]: the full int16 range would
    saturate most values, so draw int16 values in [0, 24000] (reals 0..15)."""
    _check_inputs(details, 1)
    d = details[0]
    return [rng.integers(0, 24000, size=tuple(d["shape"]), dtype=d["dtype"], endpoint=True)]


def sine_inputs(details, _models_dir, _rng):
    """x = HELLO_X, quantized with the input's scale/zero point if integer."""
    _check_inputs(details, 1)
    d = details[0]
    shape, dtype = tuple(d["shape"]), d["dtype"]
    if np.issubdtype(dtype, np.floating):
        return [np.full(shape, HELLO_X, dtype=dtype)]
    scale, zp = d["quantization"]
    info = np.iinfo(dtype)
    q = int(np.clip(np.round(HELLO_X / scale) + zp, info.min, info.max))
    return [np.full(shape, q, dtype=dtype)]


def person_bmp_inputs(name):
    def make(details, models_dir, _rng):
        _check_inputs(details, 1)
        d = details[0]
        pixels, bpp = read_bmp(os.path.join(models_dir, name))
        if bpp != 8:
            raise ValueError(f"{name}: expected an 8-bit palette BMP")
        # Each byte is the int8 input value in two's complement.
        x = pixels.view(np.int8).reshape(tuple(d["shape"]))
        assert d["dtype"] == np.int8
        return [x]

    return make


def cat_inputs(details, models_dir, _rng):
    _check_inputs(details, 1)
    d = details[0]
    _, h, w, c = d["shape"]
    bgr, bpp = read_bmp(os.path.join(models_dir, "cat.bmp"))
    if bpp != 24:
        raise ValueError("cat.bmp: expected a 24-bit BMP")
    rgb = bgr[:, :, ::-1]
    resized = resize_bilinear_half_pixel(rgb, h, w)
    x = np.clip(np.round(resized), 0, 255).astype(np.uint8)
    assert d["dtype"] == np.uint8 and c == 3
    return [x.reshape(tuple(d["shape"]))]


# --------------------------------------------------------------------------
# Checks on the outputs (run before anything is written).
# --------------------------------------------------------------------------

def person_check(person_expected):
    def check(outputs, _models_dir):
        scores = outputs[0].reshape(-1)
        no_person, person = int(scores[0]), int(scores[1])
        print(f"    scores: no_person={no_person} person={person}")
        if person_expected:
            assert person > no_person, "person.bmp must score person > no person"
        else:
            assert no_person > person, "no_person.bmp must score no person > person"

    return check


def cat_check(outputs, models_dir):
    with open(os.path.join(models_dir, "imagenet_labels.txt"), encoding="utf-8") as f:
        labels = [line.strip() for line in f]
    scores = outputs[0].reshape(-1).astype(np.int64)
    # Stable sort on -score: ties keep the lower index first (deterministic).
    top = np.argsort(-scores, kind="stable")[:5]
    for rank, idx in enumerate(top, 1):
        print(f"    top-{rank}: {idx:4d} {labels[idx]!r} score={scores[idx]} ({scores[idx] / 256:.3f})")
    assert 281 <= top[0] <= 286, f"top-1 index {top[0]} is not a domestic cat (281..286)"


def sine_check(outputs, _models_dir, details):
    d = details[0]
    y = outputs[0].reshape(-1)[0]
    if not np.issubdtype(d["dtype"], np.floating):
        scale, zp = d["quantization"]
        y = (int(y) - zp) * scale
    print(f"    y={float(y):.5f}  sin(x)={np.sin(HELLO_X):.5f}")
    assert abs(float(y) - np.sin(HELLO_X)) < 0.2, "sine model output is far from sin(x)"


# --------------------------------------------------------------------------
# The cases: (golden directory, model location, model file, input maker,
#             seed, output check)
# location "models" is --models-dir; "bundled" is examples/hello_world/.
# --------------------------------------------------------------------------

CASES = [
    ("hello_world_float", "models", "hello_world_float.tflite", sine_inputs, None, "sine"),
    ("hello_world_int8", "models", "hello_world_int8.tflite", sine_inputs, None, "sine"),
    ("person_detect_person", "models", "person_detect.tflite", person_bmp_inputs("person.bmp"), None,
     person_check(True)),
    ("person_detect_no_person", "models", "person_detect.tflite", person_bmp_inputs("no_person.bmp"), None,
     person_check(False)),
    ("micro_speech_quantized", "models", "micro_speech_quantized.tflite", random_inputs, 1001, None),
    ("mobilenet_v2_quantized_1x3x224x224", "models", "mobilenet_v2_quantized_1x3x224x224.tflite",
     random_inputs, 1002, None),
    ("simple_add_model", "models", "simple_add_model.tflite", random_inputs, 1003, None),
    ("mobilenet_v1_0.25_128_quant_cat", "models", "mobilenet_v1_0.25_128_quant.tflite", cat_inputs, None,
     cat_check),
    ("keyword_scrambled", "models", "keyword_scrambled.tflite", keyword_inputs, 1004, None),
    ("trained_lstm", "models", "trained_lstm.tflite", random_inputs, 1005, None),
    ("trained_lstm_int8", "models", "trained_lstm_int8.tflite", random_inputs, 1006, None),
    ("sine_float", "bundled", "sine_float.tflite", sine_inputs, None, "sine"),
    ("sine_int8", "bundled", "sine_int8.tflite", sine_inputs, None, "sine"),
]


def load_interpreter(path):
    with open(path, "rb") as f:
        content, patched = fix_quantized_dimension(f.read())
    if patched:
        print(f"    note: set quantized_dimension=0 on 1-D tensors {[t for _, t in patched]} "
              "(file has an out-of-range value that LiteRT rejects)")
    interp = Interpreter(model_content=content, experimental_op_resolver_type=BUILTIN_REF)
    interp.allocate_tensors()
    return interp


def run_case(case, models_dir, out_dir):
    name, location, model_file, make_inputs, seed, check = case
    base = models_dir if location == "models" else BUNDLED_DIR
    path = os.path.join(base, model_file)
    print(f"{name}: {path}")
    if not os.path.exists(path):
        hint = " (run examples/hello_world/train_sine.py first)" if location == "bundled" else ""
        raise FileNotFoundError(f"model not found: {path}{hint}")
    interp = load_interpreter(path)
    in_details = interp.get_input_details()
    out_details = interp.get_output_details()
    rng = np.random.default_rng(seed) if seed is not None else None
    inputs = make_inputs(in_details, models_dir, rng)
    for d, x in zip(in_details, inputs):
        if x.dtype != d["dtype"] or tuple(x.shape) != tuple(d["shape"]):
            raise ValueError(f"input {d['name']}: made {x.dtype}{x.shape}, model wants {d['dtype']}{d['shape']}")
        interp.set_tensor(d["index"], x)
    interp.invoke()
    outputs = [np.array(interp.get_tensor(d["index"])) for d in out_details]

    if check == "sine":
        sine_check(outputs, models_dir, out_details)
    elif check is not None:
        check(outputs, models_dir)

    case_dir = os.path.join(out_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    for old in os.listdir(case_dir):
        if old.endswith(".npy") and old.startswith(("input_", "output_")):
            os.remove(os.path.join(case_dir, old))
    for i, x in enumerate(inputs):
        np.save(os.path.join(case_dir, f"input_{i}.npy"), np.ascontiguousarray(x))
    for j, y in enumerate(outputs):
        np.save(os.path.join(case_dir, f"output_{j}.npy"), np.ascontiguousarray(y))
    desc = lambda arrs: ", ".join(f"{a.dtype}{list(a.shape)}" for a in arrs)
    print(f"    inputs: {desc(inputs)}  outputs: {desc(outputs)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models-dir", default=DEFAULT_MODELS_DIR,
                        help="directory with the .tflite models and test images "
                             "(default: ../shared/models relative to the repository root)")
    parser.add_argument("--out-dir", default=DEFAULT_OUT_DIR,
                        help="where the golden directories go (default: tests/models/golden)")
    parser.add_argument("--only", nargs="+", metavar="CASE",
                        help="make only these cases: " + ", ".join(c[0] for c in CASES))
    args = parser.parse_args(argv)

    models_dir = os.path.abspath(args.models_dir)
    cases = CASES
    if args.only:
        unknown = set(args.only) - {c[0] for c in CASES}
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
        cases = [c for c in CASES if c[0] in args.only]
    print(f"interpreter: {BACKEND} (BUILTIN_REF), numpy {np.__version__}")
    for case in cases:
        run_case(case, models_dir, os.path.abspath(args.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
