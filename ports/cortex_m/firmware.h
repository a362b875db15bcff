// The part every firmware image shares: load a model embedded in the image,
// run it on golden inputs with a caller-owned arena, compare the output bytes
// with TensorFlow Lite's, and report PASS/FAIL and what the run cost.
#ifndef BRASA_PORTS_CORTEX_M_FIRMWARE_H_
#define BRASA_PORTS_CORTEX_M_FIRMWARE_H_

#include <cstddef>
#include <cstdint>

#include "brasa/op_resolver.h"

// Arrays generated at build time by embed_file.cmake from .tflite/.npy files.
#define BRASA_EMBEDDED(name)                    \
  extern "C" const unsigned char name[];        \
  extern "C" const unsigned int name##_size

namespace brasa_port {

// One golden case: the raw bytes of input 0 and of the expected output 0.
struct GoldenCase {
  const char* name;
  const unsigned char* input;
  size_t input_size;
  const unsigned char* expected;
  size_t expected_size;
};

struct Firmware {
  const char* name;
  const unsigned char* model;  // 16-byte aligned
  size_t model_size;
  const brasa::OpResolver* resolver;
  const GoldenCase* cases;
  int num_cases;
  void* arena;  // 16-byte aligned, static
  size_t arena_size;
};

// Gives brasa the image's static setup memory (brasa/static_memory.h), with
// an out-of-memory handler that fails the run. The first thing main does:
// brasa's allocations (the op resolver's too) come from it.
void UseSetupMemory(void* buffer, size_t size);

// Returns main's exit status: 0 when every case matches byte for byte and
// Invoke allocated nothing, 1 otherwise.
int RunFirmware(const Firmware& firmware);

}  // namespace brasa_port

#endif  // BRASA_PORTS_CORTEX_M_FIRMWARE_H_
