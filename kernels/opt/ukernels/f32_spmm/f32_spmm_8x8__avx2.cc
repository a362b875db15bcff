// f32_spmm with AVX2 + FMA: spmm tiles of 8 pixels (one ymm per output
// channel) times slices of 8 channels, 8 independent FMA chains, the
// results transposed in registers; spmv slices of 8 output channels with
// 8-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 8;
constexpr int32_t kGroup = 8;
constexpr int32_t kLanes = 8;

inline __m256 Clamp(__m256 x, __m256 bias, __m256 low, __m256 high) {
  return _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(x, bias), low), high);
}

// Stores `count` (1..8) floats of v.
inline void StorePart(float* out, int32_t count, __m256 v) {
  if (count == 8) {
    _mm256_storeu_ps(out, v);
    return;
  }
  float values[8];
  _mm256_storeu_ps(values, v);
  std::memcpy(out, values, sizeof(float) * static_cast<size_t>(count));
}

}  // namespace

void f32_spmm_8x8__avx2_spmm(int32_t rows, const float* a, size_t a_stride,
                             const F32SlicedWeights& w, float* c, size_t c_stride,
                             float* scratch, const F32GemmParams& params) {
  float* at = scratch;  // [depth][kMr]
  TransposeRowsIn<kMr>(rows, w.depth, a, a_stride, at);
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  const float* step = static_cast<const float*>(w.slices);
  for (int32_t first = 0, s = 0; first < w.rows; first += kGroup, ++s) {
    __m256 sum[kGroup];
#pragma GCC unroll 8
    for (int j = 0; j < kGroup; ++j) sum[j] = _mm256_setzero_ps();
    for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kGroup) {
      const int32_t* index = reinterpret_cast<const int32_t*>(step + kGroup);
#pragma GCC unroll 8
      for (int j = 0; j < kGroup; ++j) {
        const __m256 x = _mm256_loadu_ps(at + static_cast<size_t>(index[j]) * kMr);
        sum[j] = _mm256_fmadd_ps(x, _mm256_broadcast_ss(step + j), sum[j]);
      }
    }
#pragma GCC unroll 8
    for (int j = 0; j < kGroup; ++j) {
      sum[j] = Clamp(sum[j], _mm256_broadcast_ss(w.bias + first + j), low, high);
    }
    Transpose8x8(sum);  // sum[p]: pixel p's 8 channels
    const int32_t count = std::min(kGroup, w.rows - first);
    for (int32_t p = 0; p < rows; ++p) {
      StorePart(c + static_cast<size_t>(p) * c_stride + first, count, sum[p]);
    }
  }
}

void f32_spmm_8x8__avx2_spmv(int32_t rows, const float* a, size_t a_stride,
                             const F32SlicedWeights& w, float* c, size_t c_stride,
                             const F32GemmParams& params) {
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  for (int32_t m = 0; m < rows; ++m) {
    const float* in = a + static_cast<size_t>(m) * a_stride;
    float* out = c + static_cast<size_t>(m) * c_stride;
    const float* step = static_cast<const float*>(w.slices);
    for (int32_t first = 0, s = 0; first < w.rows; first += kLanes, ++s) {
      __m256 sum = _mm256_setzero_ps();
      for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kLanes) {
        const __m256i index =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(step + kLanes));
        const __m256 x = _mm256_i32gather_ps(in, index, 4);
        sum = _mm256_fmadd_ps(x, _mm256_loadu_ps(step), sum);
      }
      StorePart(out + first, std::min(kLanes, w.rows - first),
                Clamp(sum, _mm256_loadu_ps(w.bias + first), low, high));
    }
  }
}

}  // namespace brasa
