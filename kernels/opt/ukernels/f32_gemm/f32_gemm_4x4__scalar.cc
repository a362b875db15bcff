// f32_gemm in portable C++: up to 4 rows x 4 channels per step, the oracle
// the SIMD variants are tested against.
#include <algorithm>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {

void f32_gemm_4x4__scalar(int32_t rows, int32_t columns, int32_t depth, const float* a,
                          size_t a_stride, const float* packed, float* c, size_t c_stride,
                          const F32GemmParams& params) {
  constexpr int32_t kMr = 4, kNr = 4;
  for (int32_t first = 0; first < columns; first += kNr) {
    const float* bias = packed;
    const float* b = packed + kNr;
    float acc[kMr][kNr] = {};
    for (int32_t k = 0; k < depth; ++k) {
      for (int32_t m = 0; m < rows; ++m) {
        const float x = a[m * a_stride + k];
        for (int32_t j = 0; j < kNr; ++j) acc[m][j] += x * b[k * kNr + j];
      }
    }
    const int32_t count = std::min(kNr, columns - first);
    for (int32_t m = 0; m < rows; ++m) {
      for (int32_t j = 0; j < count; ++j) {
        c[m * c_stride + first + j] = std::min(std::max(acc[m][j] + bias[j], params.min),
                                               params.max);
      }
    }
    packed = b + static_cast<size_t>(depth) * kNr;
  }
}

}  // namespace brasa
