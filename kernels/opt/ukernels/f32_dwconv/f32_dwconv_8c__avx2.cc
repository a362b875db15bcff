// f32_dwconv with AVX2 + FMA: 8 channels per packed block. A tap's sum is one
// FMA chain, so four blocks (32 channels), then two, run side by side
// where the pixel has them, which hides the FMA latency; the remaining
// blocks go one at a time, the last (fewer than 8 channels) loaded and
// stored under a mask, so nothing is read or written outside the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 8;

// Channels [first, first + 8 * B) of one pixel; `block` points at the first
// block's packed bias, blocks `block_floats` apart. B == 1 uses `mask`.
template <int32_t B>
inline void ConvolveBlocks(const float* const* pixel_inputs, int32_t taps, int32_t first,
                           const float* block, size_t block_floats, __m256i mask, __m256 low,
                           __m256 high, float* out) {
  __m256 acc[B];
  for (int32_t b = 0; b < B; ++b) acc[b] = _mm256_setzero_ps();
  for (int32_t t = 0; t < taps; ++t) {
    const float* x = pixel_inputs[t] + first;
    const float* w = block + kCb + t * kCb;
    for (int32_t b = 0; b < B; ++b) {
      const __m256 input = B == 1 ? _mm256_maskload_ps(x, mask) : _mm256_loadu_ps(x + b * kCb);
      acc[b] = _mm256_fmadd_ps(input, _mm256_loadu_ps(w + b * block_floats), acc[b]);
    }
  }
  for (int32_t b = 0; b < B; ++b) {
    const __m256 sum = _mm256_add_ps(acc[b], _mm256_loadu_ps(block + b * block_floats));
    const __m256 value = _mm256_min_ps(_mm256_max_ps(sum, low), high);
    if (B == 1) {
      _mm256_maskstore_ps(out + first, mask, value);
    } else {
      _mm256_storeu_ps(out + first + b * kCb, value);
    }
  }
}

}  // namespace

void f32_dwconv_8c__avx2(int32_t pixels, int32_t channels, int32_t taps,
                         const float* const* inputs, const float* packed, float* output,
                         size_t output_stride, const F32DwconvParams& params) {
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  const size_t block_floats = static_cast<size_t>(kCb) * (1 + static_cast<size_t>(taps));
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (int32_t p = 0; p < pixels; ++p) {
    const float* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const float* block = packed;
    float* out = output + p * output_stride;
    int32_t first = 0;
    for (; first + 4 * kCb <= channels; first += 4 * kCb, block += 4 * block_floats) {
      ConvolveBlocks<4>(pixel_inputs, taps, first, block, block_floats, lanes, low, high, out);
    }
    if (first + 2 * kCb <= channels) {
      ConvolveBlocks<2>(pixel_inputs, taps, first, block, block_floats, lanes, low, high, out);
      first += 2 * kCb;
      block += 2 * block_floats;
    }
    for (; first < channels; first += kCb, block += block_floats) {
      const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(channels - first), lanes);
      ConvolveBlocks<1>(pixel_inputs, taps, first, block, block_floats, mask, low, high, out);
    }
  }
}

}  // namespace brasa
