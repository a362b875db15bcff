#!/usr/bin/env python3
"""Prints the Cortex-M4 size table: per firmware image, flash without the
model, RAM and instructions per Invoke, next to TensorFlow Lite Micro's.

    ./dev.sh test-cortex-m                      # builds build-cortex-m
    python3 ports/cortex_m/size_table.py [build-cortex-m]

Flash: arm-none-eabi-size text + data of the .elf, less the embedded model and
golden arrays (their sizes from arm-none-eabi-nm). RAM: the firmware's own
report under QEMU: the arena it uses (planned activations and scratch from its
start, persistent op data, options and variables at its end: TensorFlow Lite
Micro's layout), the high-water mark of the static setup memory (everything
else brasa keeps: tensor and node tables, quantization, the arena plan;
brasa/static_memory.h) and the painted stack.
Instructions: SysTick ticks of one Invoke under -icount shift=0 (40
instructions a tick; each image checks this on a calibration loop).
"""
import os
import re
import subprocess
import sys

# TensorFlow Lite Micro built for the same board (reference kernels, -Os,
# newlib-nano, only each model's ops registered; error strings stripped):
# figures from brasa issue #9.
TFLM = {
    "hello_world": {"arena": 1068, "flash": 20780, "instructions": 5300},
    "micro_speech": {"arena": 6800, "flash": 30580, "instructions": 9300000},
    "person_detect": {"arena": 82296, "flash": 33100, "instructions": 95600000},
}
QEMU = ["qemu-system-arm", "-M", "mps2-an386", "-nographic",
        "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel"]
EMBEDDED = re.compile(r"_(model|input|output)(_size)?$")


def flash_without_model(elf):
    out = subprocess.run(["arm-none-eabi-size", elf], capture_output=True, text=True,
                         check=True).stdout.split("\n")[1].split()
    text, data = int(out[0]), int(out[1])
    embedded = 0
    nm = subprocess.run(["arm-none-eabi-nm", "-S", elf], capture_output=True, text=True,
                        check=True).stdout
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "TtRrDd" and EMBEDDED.search(parts[3]):
            embedded += int(parts[1], 16)
    return text + data - embedded


def run(elf):
    # Semihosting writes to QEMU's stderr.
    result = subprocess.run(QEMU + [elf], capture_output=True, text=True, timeout=600)
    out = result.stdout + result.stderr
    if result.returncode != 0 or not re.search(r": PASS$", out, re.M):
        sys.exit("%s did not PASS:\n%s" % (elf, out))
    memory = re.search(r"memory: arena (\d+) bytes.*persistent (\d+) at its end.*setup memory "
                       r"high-water (\d+) bytes.*stack (\d+) bytes", out)
    instructions = max(int(m) for m in re.findall(r"= (\d+) instructions under", out))
    arena, persistent, setup, stack = (int(memory.group(i)) for i in range(1, 5))
    return arena, persistent, setup, stack, instructions


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build-cortex-m"
    print("| image | flash w/o model (TFLM) | arena (of it persistent) | static memory "
          "| RAM (TFLM arena) | stack | instructions / Invoke (TFLM) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("hello_world", "micro_speech", "person_detect"):
        elf = os.path.join(build, "ports", "cortex_m", name + ".elf")
        flash = flash_without_model(elf)
        arena, persistent, setup, stack, instructions = run(elf)
        tflm = TFLM[name]
        print("| %s | %s (%s) | %s (%s) | %s | %s (%s) | %s | %s (~%s) |" % (
            name, f"{flash:,}", f"{tflm['flash']:,}", f"{arena:,}", f"{persistent:,}",
            f"{setup:,}", f"{arena + setup:,}", f"{tflm['arena']:,}", f"{stack:,}",
            f"{instructions:,}", f"{tflm['instructions']:,}"))


if __name__ == "__main__":
    main()
