// f32_gemm with AVX-512F for layers of at most 16 output channels
// (MobileNetV2's 32 -> 16 projection over 112x112): 24 rows x 16 channels
// per step, one accumulator per row, each depth step one weight load shared
// by the 24 rows' broadcast FMAs. The 12x32 tile would spend half of its
// FMAs on the zero channels that pad 16 to 32.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  return static_cast<__mmask16>((1u << count) - 1);
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t first = 0; first < columns; first += kNr) {
    const float* b = packed + kNr;
    // Rows in groups of 8 from one pointer each, at the same 8 offsets: 24
    // row addresses would not fit in the general registers.
    constexpr int32_t kGroups = (R + 7) / 8;
    const float* group[kGroups];
    for (int32_t g = 0; g < kGroups; ++g) group[g] = a + static_cast<size_t>(8 * g) * a_stride;
    // The first depth step multiplies instead of adding to zeroed sums
    // (equal values: see f32_gemm_12x32__avx512.cc).
    __m512 acc[R];
    if (depth > 0) {
      const __m512 w = _mm512_loadu_ps(b);
      b += kNr;
#pragma GCC unroll 24
      for (int32_t m = 0; m < R; ++m) {
        const float x = group[m / 8][static_cast<size_t>(m % 8) * a_stride];
        acc[m] = _mm512_mul_ps(_mm512_set1_ps(x), w);
      }
      for (int32_t g = 0; g < kGroups; ++g) ++group[g];
    } else {
#pragma GCC unroll 24
      for (int32_t m = 0; m < R; ++m) acc[m] = _mm512_setzero_ps();
    }
    for (int32_t k = 1; k < depth; ++k) {
      const __m512 w = _mm512_loadu_ps(b);
      b += kNr;
#pragma GCC unroll 24
      for (int32_t m = 0; m < R; ++m) {
        const float x = group[m / 8][static_cast<size_t>(m % 8) * a_stride];
        acc[m] = _mm512_fmadd_ps(_mm512_set1_ps(x), w, acc[m]);
      }
      for (int32_t g = 0; g < kGroups; ++g) ++group[g];
    }
    const __m512 bias = _mm512_loadu_ps(packed);
    const __mmask16 mask = FirstLanes(columns - first);
#pragma GCC unroll 24
    for (int32_t m = 0; m < R; ++m) {
      const __m512 out = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(acc[m], bias), low), high);
      _mm512_mask_storeu_ps(c + m * c_stride + first, mask, out);
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

void f32_gemm_24x16__avx512(int32_t rows, int32_t columns, int32_t depth, const float* a,
                            size_t a_stride, const float* packed, float* c, size_t c_stride,
                            const F32GemmParams& params) {
  Dispatch<24>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
}

}  // namespace brasa
