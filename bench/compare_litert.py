#!/usr/bin/env python3
"""Latency, load time and memory of brasa against LiteRT, measured in one run.

Pinned: ai-edge-litert==2.3.0 (numpy 2.4.6); the bench models come from
bench/make_models.py (tensorflow-cpu 2.21.0).

For every model and thread count it times, on the same machine and in
alternating order (brasa first in even rounds, LiteRT first in odd ones):
  * brasa: `brasa bench MODEL --threads N --runs R --warmup W --json` (the
    real CLI, a fresh process per round),
  * LiteRT: its default interpreter (default op resolver, which applies the
    XNNPACK delegate) with num_threads=N, in a worker subprocess, also a
    fresh one per round, so that both sides start each round alike and
    LiteRT's peak RSS is its own and not this script's.
Each round measures R invokes after warm-up and keeps their median; the
reported latency is the median of the rounds' medians, and brasa/LiteRT
their ratio. "paired" is the median over rounds of each round's own ratio
(both sides measured back to back): when the machine's outside load
changes during a run, a busy stretch then moves both sides of a round
rather than one side's median. It also reports the median
load-plus-prepare time over the rounds (brasa: file mapping, verification, Create and
AllocateTensors; LiteRT: Interpreter(model_path) and allocate_tensors) and
the highest peak RSS (LiteRT's also as the growth over its worker's RSS right after
importing LiteRT, which the Python interpreter and numpy inflate).

  python3 bench/make_models.py            # once: build/bench_models/*.tflite
  python3 bench/compare_litert.py [--brasa build/brasa] [--runs 30] [--rounds 3]
      [--threads 1 2] [--models v2_int8 person] [--markdown]
      [--brasa-args='--reference']        # passed on to `brasa bench`
"""
import argparse
import json
import pathlib
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_MODELS = ["person_detect.tflite", "mobilenet_v2_quantized_1x3x224x224.tflite",
                 "micro_speech_quantized.tflite", "mobilenet_v1_0.25_128_quant.tflite"]
BENCH_MODELS = ["mobilenet_v1_f32.tflite", "mobilenet_v1_int8.tflite",
                "mobilenet_v2_f32.tflite", "mobilenet_v2_int8.tflite"]


# ---- LiteRT worker: one process per model and thread count ----

def peak_rss_kb():
    """This process's peak RSS in KiB: VmHWM, because ru_maxrss carries over
    the parent's peak through fork and exec."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def random_input(detail, rng):
    """Random values for a LiteRT input: normal floats, integers over the type's range."""
    import numpy as np
    dtype = detail["dtype"]
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, detail["shape"], endpoint=True).astype(dtype)
    return rng.standard_normal(detail["shape"]).astype(dtype)


def litert_worker(model_path, threads):
    """Speaks JSON lines on stdout; reads "run N" and "quit" on stdin."""
    import numpy as np
    from ai_edge_litert import interpreter as litert
    baseline_kb = peak_rss_kb()
    start = time.perf_counter()
    interp = litert.Interpreter(model_path=model_path, num_threads=threads)
    interp.allocate_tensors()
    load_ms = (time.perf_counter() - start) * 1e3
    rng = np.random.default_rng(0)
    for detail in interp.get_input_details():
        interp.set_tensor(detail["index"], random_input(detail, rng))
    print(json.dumps({"load_ms": load_ms, "baseline_rss_kb": baseline_kb}), flush=True)
    for line in sys.stdin:
        command = line.split()
        if command[:1] == ["warmup"] or command[:1] == ["run"]:
            times = []
            for _ in range(int(command[1])):
                begin = time.perf_counter()
                interp.invoke()
                times.append((time.perf_counter() - begin) * 1e3)
            print(json.dumps({"times_ms": times if command[0] == "run" else []}), flush=True)
        else:
            break
    print(json.dumps({"peak_rss_kb": peak_rss_kb()}), flush=True)


class LiteRTWorker:
    def __init__(self, model_path, threads):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--litert-worker", str(model_path), "--threads",
             str(threads)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.loaded = self._reply()

    def _reply(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the LiteRT worker exited (see its error above)")
        return json.loads(line)

    def invoke(self, command, count):
        self.process.stdin.write(f"{command} {count}\n")
        self.process.stdin.flush()
        return self._reply()["times_ms"]

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        peak = self._reply()["peak_rss_kb"]
        self.process.wait()
        return peak


# ---- brasa: the CLI ----

def brasa_bench(args, model_path, threads):
    command = [args.brasa, "bench", str(model_path), "--threads", str(threads), "--runs",
               str(args.runs), "--warmup", str(args.warmup), "--json"]
    command += shlex.split(args.brasa_args)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


# ---- Models ----

def litert_ready_copy(path, temp_dir):
    """person_detect.tflite as shipped has 1-D bias tensors with
    quantized_dimension=3, which LiteRT refuses; give LiteRT a patched copy
    (the same fix tools/golden/make_goldens.py makes). brasa gets the original."""
    sys.path.insert(0, str(ROOT / "tools" / "golden"))
    from make_goldens import fix_quantized_dimension
    content, patched = fix_quantized_dimension(path.read_bytes())
    if not patched:
        return path
    copy = pathlib.Path(temp_dir) / path.name
    copy.write_bytes(content)
    return copy


def find_models(args):
    candidates = [pathlib.Path(args.models_dir) / name for name in SHARED_MODELS]
    candidates += [pathlib.Path(args.bench_models_dir) / name for name in BENCH_MODELS]
    chosen = [p for p in candidates
              if not args.models or any(f in p.name for f in args.models)]
    missing = [p for p in chosen if not p.exists()]
    for p in missing:
        hint = " (run bench/make_models.py)" if p.name in BENCH_MODELS else ""
        print(f"skipping {p}: not found{hint}", file=sys.stderr)
    return [p for p in chosen if p.exists()]


# ---- Measurement and report ----

def litert_round(args, litert_model, threads):
    """One LiteRT round in a fresh worker: load, warm up, time R invokes."""
    worker = LiteRTWorker(litert_model, threads)
    try:
        worker.invoke("warmup", args.warmup)
        times = worker.invoke("run", args.runs)
    finally:
        peak_kb = worker.close()
    return {"median_ms": statistics.median(times), "load_ms": worker.loaded["load_ms"],
            "peak_rss_kb": peak_kb, "baseline_rss_kb": worker.loaded["baseline_rss_kb"]}


def measure(args, model, litert_model, threads):
    brasa_rounds, litert_rounds = [], []
    for round_index in range(args.rounds):
        sides = ["brasa", "litert"] if round_index % 2 == 0 else ["litert", "brasa"]
        for side in sides:
            if side == "brasa":
                brasa_rounds.append(brasa_bench(args, model, threads))
            else:
                litert_rounds.append(litert_round(args, litert_model, threads))
    litert_peak = max(litert_rounds, key=lambda r: r["peak_rss_kb"])
    paired = [b["latency_ms"]["median"] / lite["median_ms"]
              for b, lite in zip(brasa_rounds, litert_rounds)]
    return {
        "model": model.name, "threads": threads,
        "brasa_ms": statistics.median(r["latency_ms"]["median"] for r in brasa_rounds),
        "paired_ratio": statistics.median(paired),
        "paired_spread": quartiles(paired),
        "litert_ms": statistics.median(r["median_ms"] for r in litert_rounds),
        "brasa_load_ms": statistics.median(r["load_ms"] for r in brasa_rounds),
        "litert_load_ms": statistics.median(r["load_ms"] for r in litert_rounds),
        "brasa_rss_mb": max(r["peak_rss_kb"] for r in brasa_rounds) / 1024,
        "litert_rss_mb": litert_peak["peak_rss_kb"] / 1024,
        "litert_rss_growth_mb":
            (litert_peak["peak_rss_kb"] - litert_peak["baseline_rss_kb"]) / 1024,
    }


def quartiles(values):
    """"Q1-Q3" of the rounds' own ratios: how far a busy host moved them."""
    low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return f"{low:.2f}-{high:.2f}"


COLUMNS = [("model", "model", "{}"), ("threads", "threads", "{}"),
           ("brasa ms", "brasa_ms", "{:.3f}"), ("LiteRT ms", "litert_ms", "{:.3f}"),
           ("brasa/LiteRT", "ratio", "{:.2f}"), ("paired", "paired_ratio", "{:.2f}"),
           ("paired Q1-Q3", "paired_spread", "{}"),
           ("brasa load ms", "brasa_load_ms", "{:.1f}"),
           ("LiteRT load ms", "litert_load_ms", "{:.1f}"),
           ("brasa RSS MB", "brasa_rss_mb", "{:.1f}"),
           ("LiteRT RSS MB (+growth)", "litert_rss", "{}")]


def cells(row):
    row = dict(row, ratio=row["brasa_ms"] / row["litert_ms"],
               litert_rss=f"{row['litert_rss_mb']:.1f} (+{row['litert_rss_growth_mb']:.1f})")
    return [fmt.format(row[key]) for _, key, fmt in COLUMNS]


def print_table(rows, markdown):
    headers = [title for title, _, _ in COLUMNS]
    body = [cells(row) for row in rows]
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        for line in body:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(h), *(len(line[i]) for line in body)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                    for i, (h, w) in enumerate(zip(headers, widths))))
    for line in body:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(line, widths))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brasa", default=str(ROOT / "build" / "brasa"))
    parser.add_argument("--brasa-args", default="",
                        help="extra `brasa bench` arguments, e.g. --brasa-args='--reference'")
    parser.add_argument("--models-dir", default=str(ROOT.parent / "shared" / "models"))
    parser.add_argument("--bench-models-dir", default=str(ROOT / "build" / "bench_models"))
    parser.add_argument("--models", nargs="*", default=[],
                        help="keep only models whose file name contains one of these")
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--runs", type=int, default=30, help="invokes per round and side (>= 30)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--litert-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.litert_worker:
        litert_worker(args.litert_worker, args.threads[0])
        return
    if args.runs < 30:
        parser.error("--runs must be at least 30")
    if args.rounds < 1 or args.warmup < 0 or min(args.threads) < 1:
        parser.error("--rounds and --threads must be positive, --warmup not negative")
    models = find_models(args)
    if not models:
        parser.error("no models to measure")
    rows = []
    with tempfile.TemporaryDirectory() as temp_dir:
        for model in models:
            litert_model = litert_ready_copy(model, temp_dir)
            for threads in args.threads:
                try:
                    rows.append(measure(args, model, litert_model, threads))
                except RuntimeError as error:
                    sys.exit(f"compare_litert: {model.name}, {threads} thread(s): {error}")
                print(f"measured {model.name} at {threads} thread(s)", file=sys.stderr)
    extra = f" with `brasa bench {args.brasa_args}`" if args.brasa_args else ""
    print(f"median of {args.rounds} alternating rounds, each the median of {args.runs} invokes "
          f"after {args.warmup} warm-up{extra}")
    print_table(rows, args.markdown)


if __name__ == "__main__":
    main()
