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

// A full tile of 8 pixels x 32 channels for one window shape known at
// compile time (kSegment floats per filter row, kStep floats between
// pixels): every broadcast and weight load then has a constant offset from
// one row pointer, and each filter row's taps unroll completely. The
// general Tile's run-time offsets took more registers than there are:
// GCC kept its sums on the stack across filter rows and reloaded row
// pointers in the inner loop (the RGB first layer of MobileNets ran at 64%
// of the FMA peak). The sums start from the bias, as f32_gemm's do.
template <int32_t kFilterH, int32_t kSegment, int32_t kStep>
void FixedTile(int32_t first_pixel, const float* const* rows, const float* block, float* out,
               const F32DconvParams& params) {
  constexpr int32_t P = kMaxPixels;
  const __m512 bias_lo = _mm512_loadu_ps(block), bias_hi = _mm512_loadu_ps(block + kHalf);
  __m512 lo[P], hi[P];
  for (int32_t p = 0; p < P; ++p) {
    lo[p] = bias_lo;
    hi[p] = bias_hi;
  }
  const float* w = block + kNr;
#pragma GCC unroll 8
  for (int32_t fy = 0; fy < kFilterH; ++fy) {
    const float* x = rows[fy] + static_cast<size_t>(first_pixel) * kStep;
    // Opaque to the compiler: else GCC turns the 72 constant offsets from
    // x into 72 pointers, most of them on the stack.
    asm("" : "+r"(x));
#pragma GCC unroll 16
    for (int32_t t = 0; t < kSegment; ++t) {
      __m512 w_lo = _mm512_loadu_ps(w + (fy * kSegment + t) * kNr);
      __m512 w_hi = _mm512_loadu_ps(w + (fy * kSegment + t) * kNr + kHalf);
      // Loaded here, not all at the top of the tile (GCC's schedule,
      // which ran out of registers).
      asm("" : "+v"(w_lo), "+v"(w_hi));
      for (int32_t p = 0; p < P; ++p) {
        __m512 value = _mm512_set1_ps(x[p * kStep + t]);
        asm("" : "+v"(value));
        lo[p] = _mm512_fmadd_ps(value, w_lo, lo[p]);
        hi[p] = _mm512_fmadd_ps(value, w_hi, hi[p]);
      }
    }
  }
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  float* row = out + static_cast<size_t>(first_pixel) * params.channels;
  for (int32_t p = 0; p < P; ++p, row += params.channels) {
    _mm512_storeu_ps(row, _mm512_min_ps(_mm512_max_ps(lo[p], low), high));
    _mm512_storeu_ps(row + kHalf, _mm512_min_ps(_mm512_max_ps(hi[p], low), high));
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
    int32_t k = 0;
    // Full tiles of a whole block of the 3x3 windows of RGB pixels (the
    // first layer of most image models, strides 2 and 1).
    const bool rgb_3x3 = count >= kNr && params.filter_h == 3 && params.segment == 9;
    if (rgb_3x3 && params.pixel_step == 6) {
      for (; k + kMaxPixels <= pixels; k += kMaxPixels) {
        FixedTile<3, 9, 6>(k, rows, block, output + first, params);
      }
    } else if (rgb_3x3 && params.pixel_step == 3) {
      for (; k + kMaxPixels <= pixels; k += kMaxPixels) {
        FixedTile<3, 9, 3>(k, rows, block, output + first, params);
      }
    }
    for (; k < pixels; k += kMaxPixels) {
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
