# Cross-compiles brasa for 64-bit Arm Linux (Raspberry Pi OS 64-bit, Debian
# arm64) with Debian's g++-aarch64-linux-gnu. Tests run under qemu-aarch64
# (Debian's qemu-user): ctest uses CMAKE_CROSSCOMPILING_EMULATOR.
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(BRASA_CROSS_TRIPLE aarch64-linux-gnu)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross-common.cmake")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/${BRASA_CROSS_TRIPLE})
