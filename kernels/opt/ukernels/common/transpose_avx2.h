// Moving a tile of rows between row-major (pixels x channels) and
// transposed (channels x pixels) layouts with 8x8 AVX transposes, for the
// f32_spmm variants (AVX2 and AVX-512 files include it; each translation
// unit keeps its own copy, compiled with its own flags).
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_TRANSPOSE_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_TRANSPOSE_AVX2_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace brasa {
namespace {

// r[i] = column i of the 8x8 block whose row i is at src + i * ld. Rows
// are loaded in 4-float halves paired (i, i + 4) so that the lane-crossing
// step is done by the loads, leaving 16 in-lane shuffles.
inline void Transpose8x8(const float* src, size_t ld, __m256 r[8]) {
  __m256 t[8];
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(src + i * ld)),
                                _mm_loadu_ps(src + (i + 4) * ld), 1);
    t[i + 4] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(src + i * ld + 4)),
                                    _mm_loadu_ps(src + (i + 4) * ld + 4), 1);
  }
  for (int h = 0; h < 8; h += 4) {
    const __m256 u0 = _mm256_unpacklo_ps(t[h], t[h + 1]);
    const __m256 u1 = _mm256_unpackhi_ps(t[h], t[h + 1]);
    const __m256 u2 = _mm256_unpacklo_ps(t[h + 2], t[h + 3]);
    const __m256 u3 = _mm256_unpackhi_ps(t[h + 2], t[h + 3]);
    r[h] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 1] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(3, 2, 3, 2));
    r[h + 2] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 3] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(3, 2, 3, 2));
  }
}

// The same on registers: r[i] = row i in, column i out.
inline void Transpose8x8(__m256 r[8]) {
  __m256 t[8];
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm256_permute2f128_ps(r[i], r[i + 4], 0x20);
    t[i + 4] = _mm256_permute2f128_ps(r[i], r[i + 4], 0x31);
  }
  for (int h = 0; h < 8; h += 4) {
    const __m256 u0 = _mm256_unpacklo_ps(t[h], t[h + 1]);
    const __m256 u1 = _mm256_unpackhi_ps(t[h], t[h + 1]);
    const __m256 u2 = _mm256_unpacklo_ps(t[h + 2], t[h + 3]);
    const __m256 u3 = _mm256_unpackhi_ps(t[h + 2], t[h + 3]);
    r[h] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 1] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(3, 2, 3, 2));
    r[h + 2] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(1, 0, 1, 0));
    r[h + 3] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(3, 2, 3, 2));
  }
}

// out[k * MR + p] = in[p * stride + k] for p < rows, k < depth; lanes
// rows <= p < padded are zero (they are computed, never stored).
template <int32_t MR>
void TransposeRowsIn(int32_t rows, int32_t padded, int32_t depth, const float* in, size_t stride,
                     float* out) {
  const int32_t full = rows & ~7, depth8 = depth & ~7;
  for (int32_t p = 0; p < full; p += 8) {
    for (int32_t k = 0; k < depth8; k += 8) {
      __m256 r[8];
      Transpose8x8(in + p * stride + k, stride, r);
      for (int i = 0; i < 8; ++i) _mm256_storeu_ps(out + (k + i) * MR + p, r[i]);
    }
    for (int32_t k = depth8; k < depth; ++k) {
      for (int32_t i = 0; i < 8; ++i) out[k * MR + p + i] = in[(p + i) * stride + k];
    }
  }
  for (int32_t k = 0; k < depth; ++k) {
    float* row = out + static_cast<size_t>(k) * MR;
    for (int32_t p = full; p < rows; ++p) row[p] = in[p * stride + k];
    if (rows < padded) {
      std::memset(row + rows, 0, sizeof(float) * static_cast<size_t>(padded - rows));
    }
  }
}

// out[p * stride + n] = in[n * MR + p] for p < rows, first <= n < end.
// Called for a few columns at a time, right after they are computed, the
// stores to the output spread among the arithmetic.
template <int32_t MR>
void TransposeRowsOut(int32_t rows, int32_t first, int32_t end, const float* in, float* out,
                      size_t stride) {
  const int32_t full = rows & ~7, end8 = first + ((end - first) & ~7);
  for (int32_t p = 0; p < full; p += 8) {
    for (int32_t n = first; n < end8; n += 8) {
      __m256 r[8];
      Transpose8x8(in + n * MR + p, MR, r);
      for (int i = 0; i < 8; ++i) _mm256_storeu_ps(out + (p + i) * stride + n, r[i]);
    }
    for (int32_t n = end8; n < end; ++n) {
      for (int32_t i = 0; i < 8; ++i) out[(p + i) * stride + n] = in[n * MR + p + i];
    }
  }
  for (int32_t p = full; p < rows; ++p) {
    for (int32_t n = first; n < end; ++n) out[p * stride + n] = in[n * MR + p];
  }
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_TRANSPOSE_AVX2_H_
