// f32_dconv with AVX-512F: tiles of 8 pixels x 32 channels (two packed
// blocks of 16), 16 accumulators; each tap loads two weight vectors shared
// by the 8 pixels and broadcasts one input float per pixel. Partial
// channel blocks store under a mask.
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {
namespace {

constexpr int32_t kBlock = 16, kPixels = 8;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  if (count <= 0) return 0;
  return static_cast<__mmask16>((1u << count) - 1);
}

// dconv_tiles.h's policy: P pixels from `first_pixel`, NB blocks from
// `block` (block_floats apart).
struct Tiles {
  static constexpr int32_t kNr = kBlock, kMaxPixels = kPixels;
  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const float* const* rows, const float* block,
                   size_t block_floats, float* out, int32_t count, const F32DconvParams& params) {
    __m512 acc[P][NB];
    for (int32_t p = 0; p < P; ++p) {
      for (int32_t b = 0; b < NB; ++b) acc[p][b] = _mm512_setzero_ps();
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const float* w = block + kNr;
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const float* x = rows[fy] + static_cast<size_t>(first_pixel) * step;
      for (int32_t t = 0; t < params.segment; ++t, w += kNr) {
        __m512 weights[NB];
        for (int32_t b = 0; b < NB; ++b) weights[b] = _mm512_loadu_ps(w + b * block_floats);
        for (int32_t p = 0; p < P; ++p) {
          const __m512 value = _mm512_set1_ps(x[p * step + t]);
          for (int32_t b = 0; b < NB; ++b)
            acc[p][b] = _mm512_fmadd_ps(value, weights[b], acc[p][b]);
        }
      }
    }
    const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
    for (int32_t b = 0; b < NB; ++b) {
      const __m512 bias = _mm512_loadu_ps(block + b * block_floats);
      const __mmask16 mask = FirstLanes(count - b * kNr);
      for (int32_t p = 0; p < P; ++p) {
        const __m512 value =
            _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(acc[p][b], bias), low), high);
        _mm512_mask_storeu_ps(
            out + static_cast<size_t>(first_pixel + p) * params.channels + b * kNr, mask, value);
      }
    }
  }
};

}  // namespace

void f32_dconv_8x32__avx512(int32_t pixels, const float* const* rows, const float* packed,
                            float* output, const F32DconvParams& params) {
  const size_t block_floats = kBlock * (1 + static_cast<size_t>(params.filter_h) * params.segment);
  RunDconvTiles<Tiles>(pixels, rows, packed, block_floats, output, params);
}

}  // namespace brasa
