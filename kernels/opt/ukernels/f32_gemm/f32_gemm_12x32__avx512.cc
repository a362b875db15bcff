// f32_gemm with AVX-512F: 12 rows x 32 channels per step, 24 accumulators
// (two vectors per row), each depth step one broadcast per row and two
// weight loads shared by all rows. Partial tiles store under a mask.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 32;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  if (count <= 0) return 0;
  return static_cast<__mmask16>((1u << count) - 1);
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t first = 0; first < columns; first += kNr) {
    const float* b = packed + kNr;
    __m512 lo[R], hi[R];
    for (int32_t m = 0; m < R; ++m) lo[m] = hi[m] = _mm512_setzero_ps();
    for (int32_t k = 0; k < depth; ++k) {
      const __m512 w_lo = _mm512_loadu_ps(b);
      const __m512 w_hi = _mm512_loadu_ps(b + 16);
      b += kNr;
      for (int32_t m = 0; m < R; ++m) {
        const __m512 x = _mm512_set1_ps(a[m * a_stride + k]);
        lo[m] = _mm512_fmadd_ps(x, w_lo, lo[m]);
        hi[m] = _mm512_fmadd_ps(x, w_hi, hi[m]);
      }
    }
    const __m512 bias_lo = _mm512_loadu_ps(packed), bias_hi = _mm512_loadu_ps(packed + 16);
    const int32_t count = columns - first;
    const __mmask16 mask_lo = FirstLanes(count), mask_hi = FirstLanes(count - 16);
    for (int32_t m = 0; m < R; ++m) {
      const __m512 out_lo = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(lo[m], bias_lo), low), high);
      const __m512 out_hi = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(hi[m], bias_hi), low), high);
      float* row = c + m * c_stride + first;
      _mm512_mask_storeu_ps(row, mask_lo, out_lo);
      _mm512_mask_storeu_ps(row + 16, mask_hi, out_hi);
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

void f32_gemm_12x32__avx512(int32_t rows, int32_t columns, int32_t depth, const float* a,
                            size_t a_stride, const float* packed, float* c, size_t c_stride,
                            const F32GemmParams& params) {
  Dispatch<12>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
}

}  // namespace brasa
