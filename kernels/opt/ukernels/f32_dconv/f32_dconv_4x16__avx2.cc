// f32_dconv with AVX2 + FMA: tiles of 4 pixels x 16 channels (two packed
// blocks of 8), 8 accumulators; each tap loads two weight vectors shared by
// the 4 pixels and broadcasts one input float per pixel. Partial channel
// blocks store under a mask. The pixel and block loops unroll completely:
// otherwise GCC 12 kept the 8 sums in a stack array across the taps (the
// MobileNets' first layer, 224x224x3 -> 32: 296 -> 226 us on AMD Zen 5).
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {
namespace {

constexpr int32_t kBlock = 8, kPixels = 4;

inline __m256i FirstLanes(int32_t count) {
  const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), index);
}

// dconv_tiles.h's policy: P pixels from `first_pixel`, NB blocks from
// `block` (block_floats apart).
struct Tiles {
  static constexpr int32_t kNr = kBlock, kMaxPixels = kPixels;
  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const float* const* rows, const float* block,
                   size_t block_floats, float* out, int32_t count, const F32DconvParams& params) {
    __m256 acc[P][NB];
#pragma GCC unroll 4
    for (int32_t p = 0; p < P; ++p) {
#pragma GCC unroll 4
      for (int32_t b = 0; b < NB; ++b) acc[p][b] = _mm256_setzero_ps();
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const float* w = block + kNr;
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const float* x = rows[fy] + static_cast<size_t>(first_pixel) * step;
      for (int32_t t = 0; t < params.segment; ++t, w += kNr) {
        __m256 weights[NB];
#pragma GCC unroll 4
        for (int32_t b = 0; b < NB; ++b) weights[b] = _mm256_loadu_ps(w + b * block_floats);
#pragma GCC unroll 4
        for (int32_t p = 0; p < P; ++p) {
          const __m256 value = _mm256_broadcast_ss(x + p * step + t);
#pragma GCC unroll 4
          for (int32_t b = 0; b < NB; ++b)
            acc[p][b] = _mm256_fmadd_ps(value, weights[b], acc[p][b]);
        }
      }
    }
    const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
#pragma GCC unroll 4
    for (int32_t b = 0; b < NB; ++b) {
      const __m256 bias = _mm256_loadu_ps(block + b * block_floats);
      const __m256i mask = FirstLanes(count - b * kNr);
#pragma GCC unroll 4
      for (int32_t p = 0; p < P; ++p) {
        const __m256 value =
            _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(acc[p][b], bias), low), high);
        _mm256_maskstore_ps(out + static_cast<size_t>(first_pixel + p) * params.channels + b * kNr,
                            mask, value);
      }
    }
  }
};

}  // namespace

void f32_dconv_4x16__avx2(int32_t pixels, const float* const* rows, const float* packed,
                          float* output, const F32DconvParams& params) {
  const size_t block_floats = kBlock * (1 + static_cast<size_t>(params.filter_h) * params.segment);
  RunDconvTiles<Tiles>(pixels, rows, packed, block_floats, output, params);
}

}  // namespace brasa
