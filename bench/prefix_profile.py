#!/usr/bin/env python3
"""Where brasa loses time against LiteRT, node range by node range.

LiteRT's Python interpreter has no per-node profile, so this cuts the model:
for each cut point k it writes a copy whose subgraph stops after operator k
(its outputs become the model's outputs) and times that prefix in both
runtimes. The difference between consecutive prefixes is what the nodes in
between cost in the model's own context (caches as the full model leaves
them, up to the cut).

  python3 bench/prefix_profile.py MODEL --cuts 0 3 8 20 40 61 64 [--threads 1]
  python3 bench/prefix_profile.py MODEL --alone --cuts 0 3 63   # single nodes

On a shared, noisy machine `--stat min` (the fastest invoke of each side)
separates kernels that medians cannot: outside load only adds time.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare_litert import random_input  # same directory


def cut_model(model_bytes, last_operator, alone=False):
    """The prefix ending at `last_operator`, or (alone) that operator by itself."""
    from ai_edge_litert import schema_py_generated as schema
    import flatbuffers
    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(model_bytes, 0))
    graph = model.subgraphs[0]
    if alone:
        graph.operators = graph.operators[last_operator:last_operator + 1]
        # Every input the operator reads that no constant buffer fills (both
        # of an ADD's operands, say) becomes a model input.
        graph.inputs = [index for index in graph.operators[0].inputs
                        if index >= 0 and not has_data(model, graph.tensors[index])]
    else:
        graph.operators = graph.operators[:last_operator + 1]
    graph.outputs = list(graph.operators[-1].outputs)
    builder = flatbuffers.Builder(len(model_bytes) + 4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def has_data(model, tensor):
    buffer = model.buffers[tensor.buffer] if tensor.buffer < len(model.buffers) else None
    return buffer is not None and buffer.data is not None and len(buffer.data) > 0


def time_litert(path, threads, runs, stat):
    import numpy as np
    from ai_edge_litert import interpreter as litert
    interp = litert.Interpreter(model_path=str(path), num_threads=threads)
    interp.allocate_tensors()
    rng = np.random.default_rng(0)
    for detail in interp.get_input_details():
        interp.set_tensor(detail["index"], random_input(detail, rng))
    for _ in range(5):
        interp.invoke()
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        interp.invoke()
        times.append((time.perf_counter() - begin) * 1e3)
    return min(times) if stat == "min" else statistics.median(times)


def time_brasa(brasa, path, threads, runs, extra, stat):
    out = subprocess.run([brasa, "bench", str(path), "--threads", str(threads), "--runs",
                          str(runs), "--json"] + extra, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["latency_ms"][stat]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--cuts", type=int, nargs="+", required=True,
                        help="last operator index of each prefix")
    parser.add_argument("--alone", action="store_true",
                        help="time each cut operator by itself (its first input fed)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--brasa", default="build/brasa")
    parser.add_argument("--brasa-args", default="")
    parser.add_argument("--stat", choices=["median", "min"], default="median",
                        help="each side's statistic over its invokes")
    args = parser.parse_args()
    data = Path(args.model).read_bytes()
    previous = (0.0, 0.0)
    print(f"{'nodes':>10} {'brasa ms':>9} {'LiteRT ms':>9} {'d brasa':>8} {'d LiteRT':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for cut in args.cuts:
            path = Path(tmp) / f"prefix_{cut}.tflite"
            path.write_bytes(cut_model(data, cut, args.alone))
            b = time_brasa(args.brasa, path, args.threads, args.runs, args.brasa_args.split(),
                           args.stat)
            lite = time_litert(path, args.threads, args.runs, args.stat)
            print(f"{'..' + str(cut):>10} {b:9.3f} {lite:9.3f} {b - previous[0]:8.3f} "
                  f"{lite - previous[1]:8.3f}", flush=True)
            previous = (0.0, 0.0) if args.alone else (b, lite)


if __name__ == "__main__":
    sys.exit(main())
