// f32_dconv with AVX-512F: tiles of 8 pixels x 32 channels, 16 accumulators;
// each tap loads the two adjacent weight vectors of one packed block of 32
// (nr = 32, f32_gemm 12x32's layout) shared by the 8 pixels and broadcasts
// one input float per pixel. Partial channel blocks store under a mask.
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 32, kHalf = 16, kMaxPixels = 8;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  if (count <= 0) return 0;
  return static_cast<__mmask16>((1u << count) - 1);
}

// P pixels from `first_pixel` x the block at `block` (both halves when
// kHigh), `count` real channels from `out` on; at least one tap. The first
// tap multiplies instead of adding to zeroed sums (equal values; GCC kept
// zeroed arrays on the stack), and the bias is added after the sum.
template <int32_t P, bool kHigh>
void Tile(int32_t first_pixel, const float* const* rows, const float* block, float* out,
          int32_t count, const F32DconvParams& params) {
  const size_t step = static_cast<size_t>(params.pixel_step);
  const int32_t segment = params.segment;
  const float* w = block + kNr;
  __m512 lo[P], hi[P];
  {
    const float* x = rows[0] + static_cast<size_t>(first_pixel) * step;
    const __m512 w_lo = _mm512_loadu_ps(w);
    const __m512 w_hi = _mm512_loadu_ps(w + kHalf);
    w += kNr;
    for (int32_t p = 0; p < P; ++p) {
      const __m512 value = _mm512_set1_ps(x[p * step]);
      lo[p] = _mm512_mul_ps(value, w_lo);
      if constexpr (kHigh) hi[p] = _mm512_mul_ps(value, w_hi);
    }
  }
  int32_t t = 1;
  for (int32_t fy = 0; fy < params.filter_h; ++fy, t = 0) {
    const float* x = rows[fy] + static_cast<size_t>(first_pixel) * step;
    for (; t < segment; ++t, w += kNr) {
      const __m512 w_lo = _mm512_loadu_ps(w);
      const __m512 w_hi = _mm512_loadu_ps(w + kHalf);
      for (int32_t p = 0; p < P; ++p) {
        const __m512 value = _mm512_set1_ps(x[p * step + t]);
        lo[p] = _mm512_fmadd_ps(value, w_lo, lo[p]);
        if constexpr (kHigh) hi[p] = _mm512_fmadd_ps(value, w_hi, hi[p]);
      }
    }
  }
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const __m512 bias_lo = _mm512_loadu_ps(block), bias_hi = _mm512_loadu_ps(block + kHalf);
  const __mmask16 mask_lo = FirstLanes(count), mask_hi = FirstLanes(count - kHalf);
  float* row = out + static_cast<size_t>(first_pixel) * params.channels;
  for (int32_t p = 0; p < P; ++p, row += params.channels) {
    const __m512 sum_lo = _mm512_add_ps(lo[p], bias_lo);
    _mm512_mask_storeu_ps(row, mask_lo, _mm512_min_ps(_mm512_max_ps(sum_lo, low), high));
    if constexpr (kHigh) {
      const __m512 sum_hi = _mm512_add_ps(hi[p], bias_hi);
      _mm512_mask_storeu_ps(row + kHalf, mask_hi,
                            _mm512_min_ps(_mm512_max_ps(sum_hi, low), high));
    }
  }
}

// The run-time tile width to the unrolled Tile<P, kHigh>.
template <int32_t P, bool kHigh>
void DispatchPixels(int32_t pixels, int32_t first_pixel, const float* const* rows,
                    const float* block, float* out, int32_t count,
                    const F32DconvParams& params) {
  if (pixels == P) {
    Tile<P, kHigh>(first_pixel, rows, block, out, count, params);
  } else if constexpr (P > 1) {
    DispatchPixels<P - 1, kHigh>(pixels, first_pixel, rows, block, out, count, params);
  }
}

}  // namespace

void f32_dconv_8x32__avx512(int32_t pixels, const float* const* rows, const float* packed,
                            float* output, const F32DconvParams& params) {
  if (pixels <= 0) return;
  const size_t taps = static_cast<size_t>(params.filter_h) * static_cast<size_t>(params.segment);
  if (taps == 0) {
    // No taps: each output is its clamped bias.
    for (int32_t k = 0; k < pixels; ++k) {
      for (int32_t c = 0; c < params.channels; ++c) {
        output[static_cast<size_t>(k) * params.channels + c] =
            std::min(std::max(packed[c], params.min), params.max);
      }
    }
    return;
  }
  const size_t block_floats = kNr * (1 + taps);
  for (int32_t first = 0; first < params.channels; first += kNr) {
    const float* block = packed + static_cast<size_t>(first / kNr) * block_floats;
    const int32_t count = params.channels - first;
    for (int32_t k = 0; k < pixels; k += kMaxPixels) {
      const int32_t width = std::min(kMaxPixels, pixels - k);
      if (count > kHalf) {
        DispatchPixels<kMaxPixels, true>(width, k, rows, block, output + first, count, params);
      } else {
        DispatchPixels<kMaxPixels, false>(width, k, rows, block, output + first, count, params);
      }
    }
  }
}

}  // namespace brasa
