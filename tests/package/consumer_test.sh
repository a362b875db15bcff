#!/usr/bin/env bash
# Consumer test: installs the build tree's brasa into a temporary prefix and
# builds apps outside the tree against it, the ways users do: CMake
# find_package, pkg-config (C++), TensorFlow Lite's C API from C with
# pkg-config's flags unchanged, and add_subdirectory of the sources.
# Usage: consumer_test.sh SOURCE_DIR BUILD_DIR SHARED_MODELS_DIR
set -euo pipefail
source_dir=$1 build_dir=$2 models=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
sine=$source_dir/examples/hello_world/sine_float.tflite

echo "== install into $prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
test -f "$prefix/include/tensorflow/lite/c/c_api.h"
test -f "$prefix/include/brasa/builtin_kernels.h"
"$prefix/bin/brasa" --version

echo "== find_package(brasa)"
cmake -S "$source_dir/tests/package/app" -B "$work/app_package" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/app_package" >/dev/null
"$work/app_package/consumer_app" "$sine"

echo "== pkg-config (C++)"
pkg_dir=$(dirname "$(find "$prefix" -name brasa.pc | head -1)")
export PKG_CONFIG_PATH=$pkg_dir
# When libbrasa.so is installed too (-DBRASA_BUILD_SHARED=ON), -lbrasa picks it.
export LD_LIBRARY_PATH="$(pkg-config --variable=libdir brasa)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
test "$(pkg-config --modversion brasa)" = "$("$prefix/bin/brasa" --version | cut -d' ' -f2)"
# shellcheck disable=SC2046
c++ -std=c++17 -O1 "$source_dir/tests/package/app/main.cc" -o "$work/app_pc" \
    $(pkg-config --cflags --libs brasa)
"$work/app_pc" "$sine"

echo "== TensorFlow Lite C API program, cc + pkg-config flags only"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror "$source_dir/tests/c_api/classify.c" -o "$work/classify" \
   $(pkg-config --cflags --libs brasa)
golden=$source_dir/tests/models/golden/person_detect_person
tail -c 9216 "$golden/input_0.npy" > "$work/input.bin"   # int8 [1,96,96,1]
"$work/classify" "$models/person_detect.tflite" "$work/input.bin" "$work/output.bin"
tail -c 2 "$golden/output_0.npy" > "$work/expected.bin"  # int8 [1,2], LiteRT's
cmp "$work/output.bin" "$work/expected.bin"
echo "C API output matches TensorFlow Lite's"

echo "== add_subdirectory (tests, benches and their dependencies off)"
cmake -S "$source_dir/tests/package/app" -B "$work/app_subdir" -DCMAKE_BUILD_TYPE=Release \
      -DBRASA_CONSUME=subdirectory -DBRASA_SOURCE="$source_dir" >/dev/null
cmake --build "$work/app_subdir" -j2 >/dev/null
"$work/app_subdir/consumer_app" "$sine"
echo "consumer test passed"
