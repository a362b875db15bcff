# Cross-compiles brasa's core for a Cortex-M4F (Debian's gcc-arm-none-eabi,
# newlib-nano). Selects the bare-metal build (BRASA_BARE_METAL): the core
# library and the ports/cortex_m firmware images, nothing hosted.
#
#   cmake -S . -B build-cortex-m -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m4.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# There is no OS to run test executables on: try_compile builds libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(BRASA_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(CMAKE_C_FLAGS_INIT "${BRASA_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${BRASA_CPU_FLAGS} -ffunction-sections \
-fdata-sections -fno-exceptions -fno-rtti")
set(CMAKE_ASM_FLAGS_INIT "${BRASA_CPU_FLAGS}")
# Size over speed in every build type that optimizes.
foreach(lang C CXX)
  set(CMAKE_${lang}_FLAGS_RELEASE_INIT "-Os -DNDEBUG")
  set(CMAKE_${lang}_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
  set(CMAKE_${lang}_FLAGS_RELWITHDEBINFO_INIT "-Os -g -DNDEBUG")
endforeach()
set(CMAKE_EXE_LINKER_FLAGS_INIT "${BRASA_CPU_FLAGS} --specs=nano.specs -Wl,--gc-sections")

# Host programs (flatc) from the host; libraries and headers never.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(BRASA_BARE_METAL ON CACHE BOOL "Freestanding build of the core (no OS)")
