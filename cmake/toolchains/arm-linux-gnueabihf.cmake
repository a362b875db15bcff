# Cross-compiles brasa for 32-bit Arm Linux (Raspberry Pi OS 32-bit, armhf:
# ARMv7 with VFPv3-D16 hard float) with Debian's g++-arm-linux-gnueabihf.
# Tests run under qemu-arm (Debian's qemu-user).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(BRASA_CROSS_TRIPLE arm-linux-gnueabihf)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross-common.cmake")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L /usr/${BRASA_CROSS_TRIPLE})
