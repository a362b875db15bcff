#!/usr/bin/env python3
"""Latency of brasa against LiteRT on the same models, measured in one run.

For each model it times, interleaved on the same machine:
  * `brasa bench --json` (the real CLI path),
  * LiteRT's Python interpreter with its reference kernels (BUILTIN_REF),
  * LiteRT's default interpreter (optimized kernels; XNNPACK where it applies).
and prints median latencies and the ratios brasa / LiteRT.

  pip install ai-edge-litert==2.3.0 numpy==2.4.6
  python3 bench/compare_litert.py --brasa build/brasa [--runs 30] [--models a.tflite ...]
"""
import argparse
import json
import pathlib
import subprocess
import time

import sys

import numpy as np
from ai_edge_litert import interpreter as litert

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "golden"))
from make_goldens import fix_quantized_dimension  # noqa: E402  (LiteRT refuses person_detect as is)
DEFAULT_MODELS = ["hello_world_int8.tflite", "micro_speech_quantized.tflite",
                  "person_detect.tflite", "mobilenet_v1_0.25_128_quant.tflite",
                  "mobilenet_v2_quantized_1x3x224x224.tflite", "simple_add_model.tflite"]


def litert_median_ms(path, runs, warmup, resolver):
    content, _ = fix_quantized_dimension(pathlib.Path(path).read_bytes())
    kwargs = {"model_content": content, "num_threads": 1}
    if resolver is not None:
        kwargs["experimental_op_resolver_type"] = resolver
    interp = litert.Interpreter(**kwargs)
    interp.allocate_tensors()
    rng = np.random.default_rng(0)
    for detail in interp.get_input_details():
        info = np.iinfo(detail["dtype"]) if np.issubdtype(detail["dtype"], np.integer) else None
        data = (rng.integers(info.min, info.max, detail["shape"], endpoint=True) if info
                else rng.standard_normal(detail["shape"]))
        interp.set_tensor(detail["index"], data.astype(detail["dtype"]))
    for _ in range(warmup):
        interp.invoke()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        interp.invoke()
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.median(times))


def brasa_median_ms(brasa, path, runs, warmup):
    out = subprocess.run([brasa, "bench", str(path), "--runs", str(runs), "--warmup", str(warmup),
                          "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["latency_ms"]["median"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brasa", default=str(ROOT / "build" / "brasa"))
    parser.add_argument("--models-dir", default=str(ROOT.parent / "shared" / "models"))
    parser.add_argument("--models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    print(f"{'model':44s} {'brasa':>10s} {'litert ref':>11s} {'litert opt':>11s} "
          f"{'brasa/ref':>10s} {'brasa/opt':>10s}")
    for name in args.models:
        path = pathlib.Path(args.models_dir) / name
        ours = brasa_median_ms(args.brasa, path, args.runs, args.warmup)
        ref = litert_median_ms(path, args.runs, args.warmup, litert.OpResolverType.BUILTIN_REF)
        opt = litert_median_ms(path, args.runs, args.warmup, None)
        print(f"{name:44s} {ours:9.4f}ms {ref:9.4f}ms {opt:9.4f}ms {ours / ref:10.2f} {ours / opt:10.2f}")


if __name__ == "__main__":
    main()
