# The bare-metal build (BRASA_BARE_METAL, set by cmake/toolchains/cortex-m4.cmake):
# brasa's core as a static library with no OS underneath (no threads, no
# mmap: Model::FromFile returns UNSUPPORTED), and the firmware images of
# ports/cortex_m that run under QEMU.
# -Wno-format: arm-none-eabi's int32_t is `long int` (hosted targets: int, the
# same 32 bits and calling convention here), so every "%d" given an int32_t
# would warn. The hosted builds check the formats; this one compiles the code
# against the target's own types.
set(BRASA_FLAGS -Wall -Wextra -Werror -Wno-format -ffp-contract=off)
# Link-time optimization: about 12 KB less flash per image (person_detect:
# 121 KB -> 108 KB) for about 3% more instructions per Invoke.
option(BRASA_LTO "Link-time optimization of the bare-metal library and firmware" ON)
if(BRASA_LTO)
  set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
  # One link-time partition: the whole image is optimized as one unit (about
  # 60 bytes less than the default partitions on micro_speech).
  add_link_options(-flto-partition=one)
endif()
# Input sections placed by alignment: less padding between them (about 40
# bytes).
add_link_options(-Wl,--sort-section=alignment)
set(BRASA_GENERATED_DIR "${CMAKE_CURRENT_BINARY_DIR}/generated")

# flatc runs on the host; the flatbuffers headers (header-only use) are copied
# into the build tree so that the cross compiler never sees /usr/include.
find_program(BRASA_FLATC flatc REQUIRED)
find_path(BRASA_HOST_FLATBUFFERS_INCLUDE flatbuffers/flatbuffers.h
          PATHS /usr/include /usr/local/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT BRASA_HOST_FLATBUFFERS_INCLUDE)
  message(FATAL_ERROR "flatbuffers headers not found (Debian: libflatbuffers-dev)")
endif()
file(COPY "${BRASA_HOST_FLATBUFFERS_INCLUDE}/flatbuffers"
     DESTINATION "${BRASA_GENERATED_DIR}/flatbuffers_include")

set(BRASA_SCHEMA_HEADER "${BRASA_GENERATED_DIR}/schema/tflite_generated.h")
add_custom_command(
  OUTPUT "${BRASA_SCHEMA_HEADER}"
  COMMAND "${BRASA_FLATC}" --cpp --scoped-enums -o "${BRASA_GENERATED_DIR}/schema"
          "${CMAKE_CURRENT_SOURCE_DIR}/schema/tflite.fbs"
  DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/schema/tflite.fbs"
  COMMENT "flatc: schema/tflite.fbs")
add_custom_target(brasa_schema DEPENDS "${BRASA_SCHEMA_HEADER}")
include(cmake/builtin_kernels.cmake)

# The same sources as the hosted library, less the C API, the OS-backed file
# mapping and the delegate partitioner (replaced by src/platform/bare_metal/). The x86 micro-kernels
# are not built; the optimized kernels fall back to the reference ones.
file(GLOB BRASA_BARE_METAL_SOURCES CONFIGURE_DEPENDS
  src/core/*.cc src/model/*.cc src/runtime/*.cc src/planner/*.cc
  src/platform/cpu_features.cc src/platform/thread_pool.cc src/platform/bare_metal/*.cc
  kernels/*.cc kernels/ref/*.cc kernels/ref/common/*.cc kernels/opt/*.cc
  kernels/opt/ukernels/*/*.cc)
list(FILTER BRASA_BARE_METAL_SOURCES EXCLUDE REGEX "__(avx2|avxvnni|avx512|avx512vnni|avx512vbmi)\\.cc$")

add_library(brasa STATIC ${BRASA_BARE_METAL_SOURCES})
add_library(brasa::brasa ALIAS brasa)
add_dependencies(brasa brasa_schema)
target_include_directories(brasa
  PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}/include" "${BRASA_GENERATED_DIR}/include"
         "${CMAKE_CURRENT_SOURCE_DIR}/src/platform/bare_metal/include"
  PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}" "${BRASA_GENERATED_DIR}"
          "${BRASA_GENERATED_DIR}/flatbuffers_include")
target_compile_options(brasa PRIVATE ${BRASA_FLAGS})
# BRASA_BARE_METAL is public: brasa/tensor.h's Tensor has no name string
# there, and the application must see the same layout.
target_compile_definitions(brasa PUBLIC BRASA_BARE_METAL=1)
target_compile_definitions(brasa PRIVATE BRASA_THREADS=0
                                         FLATBUFFERS_LOCALE_INDEPENDENT=0
                                         ${BRASA_FEATURE_DEFINITIONS})
if(BRASA_STRIP_ERROR_STRINGS)  # ON here: errors keep their code, not their text
  target_compile_definitions(brasa PUBLIC BRASA_STRIP_ERROR_STRINGS=1)
  target_compile_options(brasa PRIVATE ${BRASA_STRIPPED_WARNINGS})
endif()

enable_testing()
add_subdirectory(ports/cortex_m)
