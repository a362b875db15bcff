// Weight packing for f32_gemm (layout in f32_gemm.h).
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {

size_t F32GemmPackedFloats(int32_t nr, int32_t columns, int32_t depth) {
  const size_t blocks = static_cast<size_t>((columns + nr - 1) / nr);
  return blocks * static_cast<size_t>(nr) * (1 + static_cast<size_t>(depth));
}

void PackF32Gemm(const float* weights, const float* bias, int32_t columns, int32_t depth,
                 int32_t nr, float* packed) {
  for (int32_t first = 0; first < columns; first += nr) {
    for (int32_t j = 0; j < nr; ++j) {
      const int32_t n = first + j;
      *packed++ = n < columns && bias != nullptr ? bias[n] : 0.0f;
    }
    for (int32_t k = 0; k < depth; ++k) {
      for (int32_t j = 0; j < nr; ++j) {
        const int32_t n = first + j;
        *packed++ = n < columns ? weights[static_cast<size_t>(n) * depth + k] : 0.0f;
      }
    }
  }
}

}  // namespace brasa
