// f32_dwconv with AVX-512F: 16 channels per packed block. A tap's sum is one
// FMA chain, so four blocks (64 channels), then two, run side by side
// where the pixel has them, which hides the FMA latency; the remaining
// blocks go one at a time, the last (fewer than 16 channels) loaded and
// stored under a mask, so nothing is read or written outside the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 16;

// Channels [first, first + 16 * B) of one pixel; `block` points at the
// first block's packed bias, blocks `block_floats` apart.
template <int32_t B>
inline void ConvolveBlocks(const float* const* pixel_inputs, int32_t taps, int32_t first,
                           const float* block, size_t block_floats, __mmask16 mask,
                           __m512 low, __m512 high, float* out) {
  __m512 acc[B];
  for (int32_t b = 0; b < B; ++b) acc[b] = _mm512_setzero_ps();
  for (int32_t t = 0; t < taps; ++t) {
    const float* x = pixel_inputs[t] + first;
    const float* w = block + kCb + t * kCb;
    for (int32_t b = 0; b < B; ++b) {
      const __m512 input = B == 1 ? _mm512_maskz_loadu_ps(mask, x) : _mm512_loadu_ps(x + b * kCb);
      acc[b] = _mm512_fmadd_ps(input, _mm512_loadu_ps(w + b * block_floats), acc[b]);
    }
  }
  for (int32_t b = 0; b < B; ++b) {
    const __m512 sum = _mm512_add_ps(acc[b], _mm512_loadu_ps(block + b * block_floats));
    const __m512 value = _mm512_min_ps(_mm512_max_ps(sum, low), high);
    if (B == 1) {
      _mm512_mask_storeu_ps(out + first, mask, value);
    } else {
      _mm512_storeu_ps(out + first + b * kCb, value);
    }
  }
}

}  // namespace

void f32_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const float* const* inputs, const float* packed, float* output,
                            size_t output_stride, const F32DwconvParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const size_t block_floats = static_cast<size_t>(kCb) * (1 + static_cast<size_t>(taps));
  for (int32_t p = 0; p < pixels; ++p) {
    const float* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const float* block = packed;
    float* out = output + p * output_stride;
    int32_t first = 0;
    for (; first + 4 * kCb <= channels; first += 4 * kCb, block += 4 * block_floats) {
      ConvolveBlocks<4>(pixel_inputs, taps, first, block, block_floats, 0xFFFF, low, high, out);
    }
    if (first + 2 * kCb <= channels) {
      ConvolveBlocks<2>(pixel_inputs, taps, first, block, block_floats, 0xFFFF, low, high, out);
      first += 2 * kCb;
      block += 2 * block_floats;
    }
    for (; first < channels; first += kCb, block += block_floats) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
      ConvolveBlocks<1>(pixel_inputs, taps, first, block, block_floats, mask, low, high, out);
    }
  }
}

}  // namespace brasa
