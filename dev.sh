#!/usr/bin/env bash
# brasa developer entry point (Debian 12).
#
#   ./dev.sh example   install what is missing, build, run the bundled example
#   ./dev.sh test      install what is missing, build, run the test suite
#   ./dev.sh build     install what is missing, build
#   ./dev.sh test-cortex-m  cross-build the core and firmware for a Cortex-M4F,
#                           run the firmware under qemu-system-arm (mps2-an386)
#
# BUILD_DIR (default: build) and BUILD_TYPE (default: Release) can be set.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
PACKAGES=(cmake g++ make libflatbuffers-dev flatbuffers-compiler libeigen3-dev
          googletest libgtest-dev libbenchmark-dev libstb-dev)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Python packages for the Python module and its tests (pybind11 builds the
# module; LiteRT is the oracle it is compared with; Pillow reads images in
# the Python example). Pinned where results depend on them.
PYTHON_PACKAGES=(numpy==2.4.6 ai-edge-litert==2.3.0 pybind11==3.1.0 pillow)

install_python_missing() {
  python3 -c "import numpy, ai_edge_litert, pybind11, PIL" 2>/dev/null && return 0
  echo "dev.sh: pip installing ${PYTHON_PACKAGES[*]}"
  python3 -m pip install --quiet "${PYTHON_PACKAGES[@]}"
}

# build [TARGET]: configure, then build TARGET (default: everything).
build() {
  install_missing
  install_python_missing
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" ${1:+--target "$1"}
}

# cortex_m_test: the bare-metal build (cmake/toolchains/cortex-m4.cmake) in
# build-cortex-m; ctest runs each firmware image under qemu-system-arm.
cortex_m_test() {
  local dir=build-cortex-m
  PACKAGES=(cmake make libflatbuffers-dev flatbuffers-compiler gcc-arm-none-eabi
            libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)
  install_missing
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=MinSizeRel \
        -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m4.cmake >/dev/null
  cmake --build "$dir" -j"$(nproc)"
  ctest --test-dir "$dir" --output-on-failure -V
}

case "${1:-}" in
  example)
    build hello_world
    build digits
    build keyword_spotting
    "$BUILD_DIR/hello_world"
    echo "digits: handwritten digits (examples/digits/samples) -> label (confidence)"
    "$BUILD_DIR/examples/digits" examples/digits/samples/*
    echo
    echo "keyword_spotting: spoken commands (examples/keyword_spotting/samples) -> label score"
    for clip in examples/keyword_spotting/samples/{yes,no,stop,go}.wav; do
      "$BUILD_DIR/examples/keyword_spotting" "$clip"
    done
    echo "keyword_spotting --stream: a recording of left, up, off"
    "$BUILD_DIR/examples/keyword_spotting" --stream examples/keyword_spotting/samples/stream_left_up_off.wav
    ;;
  test)
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)"
    ;;
  build)
    build
    ;;
  test-cortex-m)
    cortex_m_test
    ;;
  *)
    echo "usage: ./dev.sh example|test|build|test-cortex-m" >&2
    exit 2
    ;;
esac
