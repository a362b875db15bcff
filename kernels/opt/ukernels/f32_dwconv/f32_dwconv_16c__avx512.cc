// f32_dwconv with AVX-512F: 16 channels per step. The last channels of a
// pixel, fewer than 16, load and store under a mask, so nothing is read or
// written outside the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {

void f32_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const float* const* inputs, const float* packed, float* output,
                            size_t output_stride, const F32DwconvParams& params) {
  constexpr int32_t kCb = 16;
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t p = 0; p < pixels; ++p) {
    const float* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const float* block = packed;
    float* out = output + p * output_stride;
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
      const float* w = block + kCb;
      __m512 acc = _mm512_setzero_ps();
      for (int32_t t = 0; t < taps; ++t) {
        acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, pixel_inputs[t] + first),
                              _mm512_loadu_ps(w + t * kCb), acc);
      }
      acc = _mm512_add_ps(acc, _mm512_loadu_ps(block));
      _mm512_mask_storeu_ps(out + first, mask, _mm512_min_ps(_mm512_max_ps(acc, low), high));
      block = w + taps * kCb;
    }
  }
}

}  // namespace brasa
