// f32_spmm with AVX-512: spmm tiles of 32 pixels (two zmm per output
// channel) times slices of 8 channels, 16 independent FMA chains; spmv
// slices of 16 output channels with 16-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 32;
constexpr int32_t kGroup = 8;
constexpr int32_t kLanes = 16;

inline __m512 Clamp(__m512 x, __m512 bias, __m512 low, __m512 high) {
  return _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(x, bias), low), high);
}

}  // namespace

void f32_spmm_32x8__avx512_spmm(int32_t rows, const float* a, size_t a_stride,
                                const F32SlicedWeights& w, float* c, size_t c_stride,
                                float* scratch, const F32GemmParams& params) {
  float* at = scratch;                                          // [depth][kMr]
  float* tile = scratch + static_cast<size_t>(w.depth) * kMr;  // [kGroup][kMr]
  TransposeRowsIn<kMr>(rows, w.depth, a, a_stride, at);
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const float* step = static_cast<const float*>(w.slices);
  for (int32_t first = 0, s = 0; first < w.rows; first += kGroup, ++s) {
    __m512 lo[kGroup], hi[kGroup];
#pragma GCC unroll 8
    for (int j = 0; j < kGroup; ++j) lo[j] = hi[j] = _mm512_setzero_ps();
    for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kGroup) {
      const int32_t* index = reinterpret_cast<const int32_t*>(step + kGroup);
#pragma GCC unroll 8
      for (int j = 0; j < kGroup; ++j) {
        const float* x = at + static_cast<size_t>(index[j]) * kMr;
        const __m512 v = _mm512_set1_ps(step[j]);
        lo[j] = _mm512_fmadd_ps(_mm512_loadu_ps(x), v, lo[j]);
        hi[j] = _mm512_fmadd_ps(_mm512_loadu_ps(x + 16), v, hi[j]);
      }
    }
#pragma GCC unroll 8
    for (int j = 0; j < kGroup; ++j) {
      const __m512 bias = _mm512_set1_ps(w.bias[first + j]);
      _mm512_storeu_ps(tile + j * kMr, Clamp(lo[j], bias, low, high));
      _mm512_storeu_ps(tile + j * kMr + 16, Clamp(hi[j], bias, low, high));
    }
    TransposeRowsOut<kMr>(rows, 0, std::min(kGroup, w.rows - first), tile, c + first, c_stride);
  }
}

void f32_spmm_32x8__avx512_spmv(int32_t rows, const float* a, size_t a_stride,
                                const F32SlicedWeights& w, float* c, size_t c_stride,
                                const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t m = 0; m < rows; ++m) {
    const float* in = a + static_cast<size_t>(m) * a_stride;
    float* out = c + static_cast<size_t>(m) * c_stride;
    const float* step = static_cast<const float*>(w.slices);
    for (int32_t first = 0, s = 0; first < w.rows; first += kLanes, ++s) {
      __m512 sum = _mm512_setzero_ps();
      for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kLanes) {
        const __m512i index = _mm512_loadu_si512(step + kLanes);
        const __m512 x = _mm512_i32gather_ps(index, in, 4);
        sum = _mm512_fmadd_ps(x, _mm512_loadu_ps(step), sum);
      }
      const __m512 result = Clamp(sum, _mm512_loadu_ps(w.bias + first), low, high);
      const int32_t count = std::min(kLanes, w.rows - first);
      _mm512_mask_storeu_ps(out + first, static_cast<__mmask16>((1u << count) - 1), result);
    }
  }
}

}  // namespace brasa
