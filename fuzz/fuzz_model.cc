// libFuzzer target: arbitrary bytes as a .tflite model (see fuzz_model_body.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_model_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  brasa::fuzz::RunModelBytes(data, size);
  return 0;
}
