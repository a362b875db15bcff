#!/usr/bin/env python3
"""Classify images with brasa's Python module, the way TensorFlow Lite's
label_image.py does (same Interpreter calls: swap the import to compare).

    PYTHONPATH=build/python python3 examples/python/label_image.py \
        --model ../shared/models/mobilenet_v1_0.25_128_quant.tflite \
        --labels ../shared/models/imagenet_labels.txt ../shared/models/cat.bmp

Needs numpy and Pillow (pip install numpy pillow).
"""
import argparse
import sys
import time

import numpy as np
from PIL import Image

import brasa


def load_labels(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("images", nargs="+", help="image files (JPEG, PNG, BMP, ...)")
    parser.add_argument("--model", required=True)
    parser.add_argument("--labels", help="one label per line, in output order")
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--mean", type=float, default=127.5, help="float models: (x - mean) / std")
    parser.add_argument("--std", type=float, default=127.5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    interpreter = brasa.Interpreter(model_path=args.model, num_threads=args.threads)
    interpreter.allocate_tensors()
    input_detail = interpreter.get_input_details()[0]
    output_detail = interpreter.get_output_details()[0]
    _, height, width, _ = input_detail["shape"]
    labels = load_labels(args.labels) if args.labels else None

    for path in args.images:
        try:
            image = Image.open(path).convert("RGB").resize((width, height), Image.BILINEAR)
        except OSError as error:
            sys.exit(f"label_image: {path}: {error}")
        pixels = np.asarray(image)[np.newaxis]
        if input_detail["dtype"] == np.float32:
            pixels = (pixels.astype(np.float32) - args.mean) / args.std
        elif input_detail["dtype"] == np.int8:
            pixels = (pixels.astype(np.int16) - 128).astype(np.int8)
        interpreter.set_tensor(input_detail["index"], pixels.astype(input_detail["dtype"]))

        start = time.perf_counter()
        interpreter.invoke()
        elapsed_ms = (time.perf_counter() - start) * 1000.0

        scores = interpreter.get_tensor(output_detail["index"])[0]
        scale, zero_point = output_detail["quantization"]
        if scale:  # quantized scores -> probabilities
            scores = (scores.astype(np.float32) - zero_point) * scale
        print(f"{path} ({elapsed_ms:.2f} ms)")
        for i in np.argsort(-scores, kind="stable")[:args.top_k]:
            name = labels[i] if labels and i < len(labels) else ""
            print(f"  {scores[i]:.4f}  {i:4d}  {name}")


if __name__ == "__main__":
    main()
