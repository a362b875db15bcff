// f32_dwconv with AVX2 + FMA: 8 channels per step. The last channels of a
// pixel, fewer than 8, load and store under a mask, so nothing is read or
// written outside the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {

void f32_dwconv_8c__avx2(int32_t pixels, int32_t channels, int32_t taps,
                         const float* const* inputs, const float* packed, float* output,
                         size_t output_stride, const F32DwconvParams& params) {
  constexpr int32_t kCb = 8;
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  const int32_t tail = channels % kCb;
  const __m256i tail_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(tail),
                                               _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  for (int32_t p = 0; p < pixels; ++p) {
    const float* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const float* block = packed;
    float* out = output + p * output_stride;
    int32_t first = 0;
    for (; first + kCb <= channels; first += kCb) {
      const float* w = block + kCb;
      __m256 acc = _mm256_setzero_ps();
      for (int32_t t = 0; t < taps; ++t) {
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(pixel_inputs[t] + first),
                              _mm256_loadu_ps(w + t * kCb), acc);
      }
      acc = _mm256_add_ps(acc, _mm256_loadu_ps(block));
      _mm256_storeu_ps(out + first, _mm256_min_ps(_mm256_max_ps(acc, low), high));
      block = w + taps * kCb;
    }
    if (tail != 0) {
      const float* w = block + kCb;
      __m256 acc = _mm256_setzero_ps();
      for (int32_t t = 0; t < taps; ++t) {
        acc = _mm256_fmadd_ps(_mm256_maskload_ps(pixel_inputs[t] + first, tail_mask),
                              _mm256_loadu_ps(w + t * kCb), acc);
      }
      acc = _mm256_add_ps(acc, _mm256_loadu_ps(block));
      _mm256_maskstore_ps(out + first, tail_mask, _mm256_min_ps(_mm256_max_ps(acc, low), high));
    }
  }
}

}  // namespace brasa
