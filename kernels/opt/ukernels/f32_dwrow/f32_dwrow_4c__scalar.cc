// f32_dwrow in portable C++, 4 channels per packed block: the oracle the
// SIMD variants are tested against, one pixel and one tap at a time.
#include <algorithm>
#include <cstddef>

#include "kernels/opt/ukernels/f32_dwrow/f32_dwrow.h"

namespace brasa {

void f32_dwrow_4c__scalar(const F32DwrowArgs& a, const float* packed, float* output,
                          const F32DwconvParams& params) {
  constexpr int32_t kCb = 4;
  const int32_t taps = a.filter_h * a.filter_w;
  const size_t pixel = static_cast<size_t>(a.channels);
  const size_t in_pixel = static_cast<size_t>(a.input_pixel);
  const float* block = packed + static_cast<size_t>(a.first / kCb) * kCb * (1 + taps);
  for (int32_t first = a.first; first < a.first + a.count; first += kCb, block += kCb * (1 + taps)) {
    const int32_t lanes = std::min(kCb, a.first + a.count - first);
    for (int32_t x = 0; x < a.out_w; ++x) {
      const int32_t origin = x * a.stride - a.pad_left;
      for (int32_t j = 0; j < lanes; ++j) {
        const size_t c = static_cast<size_t>(first + j);
        float acc = 0.0f;
        for (int32_t r = 0; r < a.rows; ++r) {
          for (int32_t fx = 0; fx < a.filter_w; ++fx) {
            const int32_t in_x = origin + fx;
            if (in_x < 0 || in_x >= a.input_w) continue;
            const float w = block[kCb * (1 + a.filter_rows[r] * a.filter_w + fx) + j];
            acc += a.inputs[r][static_cast<size_t>(in_x) * in_pixel + c - a.input_first] * w;
          }
        }
        output[static_cast<size_t>(x) * pixel + c] =
            std::min(std::max(acc + block[j], params.min), params.max);
      }
    }
  }
}

void f32_dwrow_copy_4c__scalar(const float* from, size_t from_pixel, float* to,
                               size_t to_pixel, int32_t pixels, int32_t floats) {
  for (int32_t x = 0; x < pixels; ++x, from += from_pixel, to += to_pixel) {
    for (int32_t c = 0; c < floats; ++c) to[c] = from[c];
  }
}

}  // namespace brasa
