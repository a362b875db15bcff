// libFuzzer target: arbitrary bytes as a NumPy .npy file (tools/npy.cc).
#include <cstddef>
#include <cstdint>

#include "src/core/checked_math.h"
#include "tools/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto array = brasa::tools::ParseNpy(data, size, "fuzz.npy");
  if (array.ok()) {
    // A parsed array's bytes must match its shape and type exactly.
    size_t bytes = 0;
    if (!brasa::TensorByteSize(array->shape, array->type, &bytes) ||
        bytes != array->bytes.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
