// Portable f32_dconv: one pixel x 4 channels per step. The oracle the SIMD
// variants are tested against.
#include <algorithm>

#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {

void f32_dconv_1x4__scalar(int32_t pixels, const float* const* rows, const float* packed,
                           float* output, const F32DconvParams& params) {
  constexpr int32_t kNr = 4;
  const int32_t taps = params.filter_h * params.segment;
  for (int32_t first = 0; first < params.channels; first += kNr) {
    const float* block = packed + static_cast<size_t>(first / kNr) * kNr * (1 + taps);
    const int32_t count = std::min(kNr, params.channels - first);
    for (int32_t k = 0; k < pixels; ++k) {
      float acc[kNr] = {0.0f, 0.0f, 0.0f, 0.0f};
      const float* w = block + kNr;
      for (int32_t fy = 0; fy < params.filter_h; ++fy) {
        const float* x = rows[fy] + static_cast<size_t>(k) * params.pixel_step;
        for (int32_t t = 0; t < params.segment; ++t, w += kNr) {
          for (int32_t j = 0; j < kNr; ++j) acc[j] += x[t] * w[j];
        }
      }
      float* out = output + static_cast<size_t>(k) * params.channels + first;
      for (int32_t j = 0; j < count; ++j) {
        out[j] = std::min(std::max(acc[j] + block[j], params.min), params.max);
      }
    }
  }
}

}  // namespace brasa
