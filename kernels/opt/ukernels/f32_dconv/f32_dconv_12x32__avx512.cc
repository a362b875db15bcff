// f32_dconv with AVX-512F: tiles of up to 12 pixels x 32 channels (two
// packed blocks of 16), 24 accumulators; each tap loads two weight vectors
// shared by the tile's pixels and broadcasts one input float per pixel.
// A row's pixels split into tiles of nearly equal width (112: 8 x 11 +
// 2 x 12), so no tile is a narrow remainder. Partial channel blocks store
// under a mask.
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

constexpr int32_t kBlock = 16, kMaxPixels = 12;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  if (count <= 0) return 0;
  return static_cast<__mmask16>((1u << count) - 1);
}

// P pixels from `first_pixel` x NB blocks from `block` (block_floats apart),
// `count` real channels from `out` on. The sums start from the bias (as
// f32_gemm's AVX-512 ones do): no zeroing and no add in the epilogue, which
// at 27 taps (3x3x3) was a sizable part of each tile.
template <int32_t P, int32_t NB>
void Tile(int32_t first_pixel, const float* const* rows, const float* block,
          size_t block_floats, float* out, int32_t count, const F32DconvParams& params) {
  static_assert(NB == 1 || NB == 2, "one or two blocks");
  const __m512 bias_lo = _mm512_loadu_ps(block);
  const __m512 bias_hi = NB == 2 ? _mm512_loadu_ps(block + block_floats) : bias_lo;
  __m512 lo[P], hi[P];
  for (int32_t p = 0; p < P; ++p) {
    lo[p] = bias_lo;
    if constexpr (NB == 2) hi[p] = bias_hi;
  }
  const size_t step = static_cast<size_t>(params.pixel_step);
  const int32_t segment = params.segment;
  const float* w = block + kBlock;
  for (int32_t fy = 0; fy < params.filter_h; ++fy) {
    const float* x = rows[fy] + static_cast<size_t>(first_pixel) * step;
    for (int32_t t = 0; t < segment; ++t, w += kBlock) {
      const __m512 w_lo = _mm512_loadu_ps(w);
      __m512 w_hi = w_lo;
      if constexpr (NB == 2) w_hi = _mm512_loadu_ps(w + block_floats);
      for (int32_t p = 0; p < P; ++p) {
        const __m512 value = _mm512_set1_ps(x[p * step + t]);
        lo[p] = _mm512_fmadd_ps(value, w_lo, lo[p]);
        if constexpr (NB == 2) hi[p] = _mm512_fmadd_ps(value, w_hi, hi[p]);
      }
    }
  }
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const __mmask16 mask_lo = FirstLanes(count), mask_hi = FirstLanes(count - kBlock);
  float* row = out + static_cast<size_t>(first_pixel) * params.channels;
  for (int32_t p = 0; p < P; ++p, row += params.channels) {
    _mm512_mask_storeu_ps(row, mask_lo, _mm512_min_ps(_mm512_max_ps(lo[p], low), high));
    if constexpr (NB == 2) {
      _mm512_mask_storeu_ps(row + kBlock, mask_hi,
                            _mm512_min_ps(_mm512_max_ps(hi[p], low), high));
    }
  }
}

// The run-time tile width to the unrolled Tile<P, NB>.
template <int32_t P, int32_t NB>
void DispatchPixels(int32_t pixels, int32_t first_pixel, const float* const* rows,
                    const float* block, size_t block_floats, float* out, int32_t count,
                    const F32DconvParams& params) {
  if (pixels == P) {
    Tile<P, NB>(first_pixel, rows, block, block_floats, out, count, params);
  } else if constexpr (P > 1) {
    DispatchPixels<P - 1, NB>(pixels, first_pixel, rows, block, block_floats, out, count,
                              params);
  }
}

}  // namespace

void f32_dconv_12x32__avx512(int32_t pixels, const float* const* rows, const float* packed,
                             float* output, const F32DconvParams& params) {
  if (pixels <= 0) return;
  const size_t block_floats = kBlock * (1 + static_cast<size_t>(params.filter_h) * params.segment);
  const int32_t tiles = (pixels + kMaxPixels - 1) / kMaxPixels;
  const int32_t base = pixels / tiles, taller = pixels % tiles;
  for (int32_t first = 0; first < params.channels; first += 2 * kBlock) {
    const float* block = packed + static_cast<size_t>(first / kBlock) * block_floats;
    const int32_t count = params.channels - first;
    int32_t k = 0;
    for (int32_t tile = 0; tile < tiles; ++tile) {
      const int32_t width = base + (tile < taller ? 1 : 0);
      if (count > kBlock) {
        DispatchPixels<kMaxPixels, 2>(width, k, rows, block, block_floats, output + first, count,
                                      params);
      } else {
        DispatchPixels<kMaxPixels, 1>(width, k, rows, block, block_floats, output + first, count,
                                      params);
      }
      k += width;
    }
  }
}

}  // namespace brasa
