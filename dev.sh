#!/usr/bin/env bash
# brasa developer entry point (Debian 12).
#
#   ./dev.sh example   install what is missing, build, run the bundled example
#   ./dev.sh test      install what is missing (chromium too: a test renders
#                      `brasa inspect`'s SVGs in it), build, run the test suite
#   ./dev.sh build     install what is missing, build
#   ./dev.sh test-aarch64   cross-build for 64-bit Arm Linux (Raspberry Pi),
#                           run the test suite under qemu-aarch64
#   ./dev.sh test-armhf     the same for 32-bit Arm Linux under qemu-arm
#   ./dev.sh test-asan the test suite under AddressSanitizer + UBSan (clang, build-asan/)
#   ./dev.sh test-tsan the threading tests under ThreadSanitizer (clang, build-tsan/)
#   ./dev.sh fuzz TARGET [SECONDS]  build and run a libFuzzer target of fuzz/
#                      (fuzz_model, fuzz_model_structured, fuzz_npy, fuzz_image,
#                      fuzz_wav) on its corpus
#   ./dev.sh fuzz-smoke  every fuzz target for a short while (CI: about 4
#                      minutes in all), after test-asan has built them
#   ./dev.sh test-cortex-m  cross-build the core and firmware for a Cortex-M4F,
#                           run the firmware under qemu-system-arm (mps2-an386)
#
# BUILD_DIR (default: build) and BUILD_TYPE (default: Release) can be set.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
PACKAGES=(cmake g++ make libflatbuffers-dev flatbuffers-compiler libeigen3-dev
          googletest libgtest-dev libbenchmark-dev libstb-dev pkg-config python3-pip)

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

# The sanitizer and fuzzing modes build with clang and its runtimes.
SANITIZER_PACKAGES=(clang-14 libclang-rt-14-dev)

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
  [ -z "${1:-}" ] && install_python_missing  # the Python module and its tests
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" ${1:+--target "$1"}
}

# cross_test TRIPLE: cross-builds the library, CLI and test suite with the
# toolchain file cmake/toolchains/TRIPLE.cmake and runs ctest, which starts
# every test binary under qemu-user.
cross_test() {
  local triple=$1 dir="build-$1"
  PACKAGES+=("g++-$triple" qemu-user googletest)
  install_missing
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="cmake/toolchains/$triple.cmake" \
        -DBRASA_BUILD_BENCH=OFF -DBRASA_BUILD_PYTHON=OFF -DBRASA_INSTALL=OFF >/dev/null
  cmake --build "$dir" -j"$(nproc)"
  ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
}

# sanitizer_build DIR SANITIZERS [CMAKE ARGS...] [-- TARGETS...]: a clang
# build with -fsanitize=SANITIZERS; no Python module, benches or examples.
sanitizer_build() {
  local dir=$1 sanitizers=$2
  shift 2
  PACKAGES+=("${SANITIZER_PACKAGES[@]}")
  install_missing
  local cmake_args=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  for target in "$@"; do targets+=(--target "$target"); done
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBRASA_SANITIZE="$sanitizers" -DBRASA_BUILD_PYTHON=OFF -DBRASA_BUILD_BENCH=OFF \
    -DBRASA_BUILD_EXAMPLES=OFF -DBRASA_INSTALL=OFF "${cmake_args[@]}" >/dev/null
  cmake --build "$dir" -j"$(nproc)" "${targets[@]}"
}

# run_fuzzer TARGET SECONDS: fuzz a target of build-asan on its committed
# corpus. New inputs go to build-asan/fuzz-corpus (the committed corpus is
# read only: minimize finds into fuzz/corpus with -merge=1), crashes to build-asan/.
run_fuzzer() {
  local target=$1 seconds=$2
  local corpus=fuzz/corpus/${target%_structured} work=build-asan/fuzz-corpus/$target
  mkdir -p "$work"
  ASAN_OPTIONS=detect_leaks=1 "./build-asan/fuzz/$target" "$work" "$corpus" \
    -max_total_time="$seconds" -max_len=262144 -timeout=20 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix=build-asan/
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
    PACKAGES+=(chromium)
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)"
    ;;
  build)
    build
    ;;
  test-aarch64)
    cross_test aarch64-linux-gnu
    ;;
  test-armhf)
    cross_test arm-linux-gnueabihf
    ;;
  test-asan)
    # The fuzz targets build here too (same instrumented library).
    sanitizer_build build-asan address,undefined -DBRASA_BUILD_FUZZERS=ON
    ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 600
    ;;
  test-tsan)
    # Only the threading tests (brasa_thread_tests: shared models, thread pools).
    sanitizer_build build-tsan thread -- brasa_thread_tests
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ./build-tsan/brasa_thread_tests
    ;;
  fuzz)
    target=${2:?usage: ./dev.sh fuzz TARGET [SECONDS]}
    seconds=${3:-60}
    sanitizer_build build-asan address,undefined -DBRASA_BUILD_FUZZERS=ON -- "$target"
    run_fuzzer "$target" "$seconds"
    ;;
  fuzz-smoke)
    targets=(fuzz_model_structured fuzz_model fuzz_image fuzz_npy fuzz_wav)
    seconds=(90 60 40 25 25)
    sanitizer_build build-asan address,undefined -DBRASA_BUILD_FUZZERS=ON -- "${targets[@]}"
    for i in "${!targets[@]}"; do
      log=build-asan/fuzz-smoke-${targets[$i]}.log
      if ! run_fuzzer "${targets[$i]}" "${seconds[$i]}" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "dev.sh: ${targets[$i]} failed (log above, input in build-asan/)" >&2
        exit 1
      fi
      echo "${targets[$i]}: $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    done
    ;;
  test-cortex-m)
    cortex_m_test
    ;;
  *)
    echo "usage: ./dev.sh example|test|build|test-aarch64|test-armhf|test-cortex-m|test-asan|test-tsan|fuzz TARGET [SECONDS]|fuzz-smoke" >&2
    exit 2
    ;;
esac
