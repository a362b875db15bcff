// f32_gemm with AVX2 + FMA: 6 rows x 16 channels per step, 12 accumulators
// (two vectors per row), each depth step one broadcast per row and two
// weight loads shared by all rows.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;

// Stores `count` (1..16) floats of lo:hi; full tiles store directly.
inline void StoreColumns(float* c, int32_t count, __m256 lo, __m256 hi) {
  if (count == kNr) {
    _mm256_storeu_ps(c, lo);
    _mm256_storeu_ps(c + 8, hi);
    return;
  }
  float values[kNr];
  _mm256_storeu_ps(values, lo);
  _mm256_storeu_ps(values + 8, hi);
  std::memcpy(c, values, sizeof(float) * static_cast<size_t>(count));
}

// One depth step of the tile: two weight loads shared by the rows'
// broadcasts.
template <int32_t R>
inline __attribute__((always_inline)) void Step(const float* a, size_t a_stride, const float* b,
                                                __m256* lo, __m256* hi) {
  const __m256 w_lo = _mm256_loadu_ps(b);
  const __m256 w_hi = _mm256_loadu_ps(b + 8);
  for (int32_t m = 0; m < R; ++m) {
    const __m256 x = _mm256_broadcast_ss(a + m * a_stride);
    lo[m] = _mm256_fmadd_ps(x, w_lo, lo[m]);
    hi[m] = _mm256_fmadd_ps(x, w_hi, hi[m]);
  }
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  for (int32_t first = 0; first < columns; first += kNr) {
    const float* b = packed + kNr;
    // The sums start from the bias (no add in the epilogue), as in
    // f32_gemm_12x32__avx512.cc.
    __m256 lo[R], hi[R];
    const __m256 bias_lo = _mm256_loadu_ps(packed), bias_hi = _mm256_loadu_ps(packed + 8);
    for (int32_t m = 0; m < R; ++m) {
      lo[m] = bias_lo;
      hi[m] = bias_hi;
    }
    // No prefetch of the next row tile's output: on AMD Zen 5 it cost 3-12%
    // (a 96 x 16 GEMM over 12544 rows: 96 against 110 GFLOP/s).
    for (int32_t k = 0; k < depth; ++k, b += kNr) Step<R>(a + k, a_stride, b, lo, hi);
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    // Unrolled: a loop over the rows here kept the sums in an array in
    // memory, stored after every depth step, which halved the FMA rate
    // (62 against 121 GFLOP/s, 96 x 64 over 840 rows, on AMD Zen 5).
#pragma GCC unroll 6
    for (int32_t m = 0; m < R; ++m) {
      const __m256 out_lo = _mm256_min_ps(_mm256_max_ps(lo[m], low), high);
      const __m256 out_hi = _mm256_min_ps(_mm256_max_ps(hi[m], low), high);
      StoreColumns(c + m * c_stride + first, count, out_lo, out_hi);
    }
    packed = b;
  }
}

// The run-time row count to the unrolled GemmRows<rows>.
template <int32_t R>
void Dispatch(int32_t rows, int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  if (rows == R) {
    GemmRows<R>(columns, depth, a, a_stride, packed, c, c_stride, params);
  } else if constexpr (R > 1) {
    Dispatch<R - 1>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
  }
}

}  // namespace

void f32_gemm_6x16__avx2(int32_t rows, int32_t columns, int32_t depth, const float* a,
                         size_t a_stride, const float* packed, float* c, size_t c_stride,
                         const F32GemmParams& params) {
  Dispatch<6>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
}

}  // namespace brasa
