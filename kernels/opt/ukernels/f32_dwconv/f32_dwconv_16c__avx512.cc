// f32_dwconv with AVX-512F: 16 channels per packed block. A sum is one FMA
// chain, so tiles of up to 4 pixels x 4 blocks (64 channels) keep several
// chains side by side to hide the FMA latency, and load each tap's weights
// once for the tile's pixels; the last block (fewer than 16 channels) is
// loaded and stored under a mask, so nothing is read or written outside
// the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 16;

// min(max(x, low), high). The masked forms take every lane's fallback
// explicitly: GCC 12 warns (-Wuninitialized) about the plain forms' undefined
// one once they are inlined into these tiles.
inline __m512 Clamp(__m512 x, __m512 low, __m512 high) {
  const __m512 raised = _mm512_mask_max_ps(x, 0xFFFF, x, low);
  return _mm512_mask_min_ps(raised, 0xFFFF, raised, high);
}

// kP pixels x kB blocks from channel `first` (kB == 1 under `mask`);
// `inputs` holds the first pixel's tap pointers, the next pixel's `taps`
// later; `block` points at the first block's packed bias, blocks
// `block_floats` apart.
template <int32_t kP, int32_t kB>
inline void ConvolveTile(const float* const* inputs, int32_t taps, int32_t first,
                         const float* block, size_t block_floats, __mmask16 mask, __m512 low,
                         __m512 high, float* out, size_t output_stride) {
  __m512 acc[kP][kB];
  for (int32_t p = 0; p < kP; ++p) {
    for (int32_t b = 0; b < kB; ++b) acc[p][b] = _mm512_setzero_ps();
  }
  for (int32_t t = 0; t < taps; ++t) {
    __m512 w[kB];
    for (int32_t b = 0; b < kB; ++b)
      w[b] = _mm512_loadu_ps(block + b * block_floats + kCb + t * kCb);
    for (int32_t p = 0; p < kP; ++p) {
      const float* x = inputs[p * taps + t] + first;
      for (int32_t b = 0; b < kB; ++b) {
        const __m512 input =
            kB == 1 ? _mm512_maskz_loadu_ps(mask, x) : _mm512_loadu_ps(x + b * kCb);
        acc[p][b] = _mm512_fmadd_ps(input, w[b], acc[p][b]);
      }
    }
  }
  for (int32_t b = 0; b < kB; ++b) {
    const __m512 bias = _mm512_loadu_ps(block + b * block_floats);
    for (int32_t p = 0; p < kP; ++p) {
      const __m512 value = Clamp(_mm512_add_ps(acc[p][b], bias), low, high);
      float* to = out + p * output_stride + first + b * kCb;
      if (kB == 1) {
        _mm512_mask_storeu_ps(to, mask, value);
      } else {
        _mm512_storeu_ps(to, value);
      }
    }
  }
}

// All channels of kP pixels.
template <int32_t kP>
inline void ConvolvePixels(const float* const* inputs, int32_t channels, int32_t taps,
                           const float* packed, size_t block_floats, __m512 low, __m512 high,
                           float* out, size_t output_stride) {
  const float* block = packed;
  int32_t first = 0;
  for (; first + 4 * kCb <= channels; first += 4 * kCb, block += 4 * block_floats) {
    ConvolveTile<kP == 4 ? 2 : 1, 4>(inputs, taps, first, block, block_floats, 0xFFFF, low, high,
                                     out, output_stride);
    if (kP == 4) {
      ConvolveTile<2, 4>(inputs + 2 * taps, taps, first, block, block_floats, 0xFFFF, low, high,
                         out + 2 * output_stride, output_stride);
    }
  }
  if (first + 2 * kCb <= channels) {
    ConvolveTile<kP, 2>(inputs, taps, first, block, block_floats, 0xFFFF, low, high, out,
                        output_stride);
    first += 2 * kCb;
    block += 2 * block_floats;
  }
  for (; first < channels; first += kCb, block += block_floats) {
    const int32_t count = channels - first < kCb ? channels - first : kCb;
    const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
    ConvolveTile<kP, 1>(inputs, taps, first, block, block_floats, mask, low, high, out,
                        output_stride);
  }
}

}  // namespace

void f32_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const float* const* inputs, const float* packed, float* output,
                            size_t output_stride, const F32DwconvParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const size_t block_floats = static_cast<size_t>(kCb) * (1 + static_cast<size_t>(taps));
  int32_t p = 0;
  for (; p + 4 <= pixels; p += 4) {
    ConvolvePixels<4>(inputs + static_cast<size_t>(p) * taps, channels, taps, packed, block_floats,
                      low, high, output + p * output_stride, output_stride);
  }
  for (; p < pixels; ++p) {
    ConvolvePixels<1>(inputs + static_cast<size_t>(p) * taps, channels, taps, packed, block_floats,
                      low, high, output + p * output_stride, output_stride);
  }
}

}  // namespace brasa
