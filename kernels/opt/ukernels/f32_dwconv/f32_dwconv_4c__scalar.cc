// f32_dwconv in portable C++, 4 channels per block: the oracle the SIMD
// variants are tested against.
#include <algorithm>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {

void f32_dwconv_4c__scalar(int32_t pixels, int32_t channels, int32_t taps,
                           const float* const* inputs, const float* packed, float* output,
                           size_t output_stride, const F32DwconvParams& params) {
  constexpr int32_t kCb = 4;
  for (int32_t p = 0; p < pixels; ++p) {
    const float* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const float* block = packed;
    float* out = output + p * output_stride;
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = std::min(kCb, channels - first);
      const float* w = block + kCb;
      float acc[kCb] = {};
      for (int32_t t = 0; t < taps; ++t) {
        for (int32_t j = 0; j < count; ++j) acc[j] += pixel_inputs[t][first + j] * w[t * kCb + j];
      }
      for (int32_t j = 0; j < count; ++j) {
        out[first + j] = std::min(std::max(acc[j] + block[j], params.min), params.max);
      }
      block = w + taps * kCb;
    }
  }
}

}  // namespace brasa
