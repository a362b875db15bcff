// qs8_spmv with AVX2: 8 blocks of a row at a time, their inputs gathered as
// 8 dwords, widened to int16 with the weights and multiplied pairwise
// (vpmaddwd: no saturation at int8 x int8).
#include <immintrin.h>

#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"

namespace brasa {
namespace {

inline int32_t HorizontalSum(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(s);
}

}  // namespace

void qs8_spmv_1x4__avx2(int32_t rows, const int8_t* a, size_t a_stride, const Qs8BlockRows& w,
                        int32_t* sums, size_t sums_stride) {
  for (int32_t m = 0; m < rows; ++m) {
    const int8_t* in = a + static_cast<size_t>(m) * a_stride;
    const int* in32 = reinterpret_cast<const int*>(in);
    int32_t* out = sums + static_cast<size_t>(m) * sums_stride;
    for (int32_t n = 0; n < w.rows; ++n) {
      const uint32_t first = w.starts[n], end = first + static_cast<uint32_t>(w.counts[n]);
      __m256i acc = _mm256_setzero_si256();
      uint32_t b = first;
      for (; b + 8 <= end; b += 8) {
        const __m256i index =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w.offsets + b));
        const __m256i x = _mm256_i32gather_epi32(in32, index, 1);
        const __m256i v =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w.values + size_t{b} * 4));
        const __m256i lo = _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm256_castsi256_si128(x)),
                                             _mm256_cvtepi8_epi16(_mm256_castsi256_si128(v)));
        const __m256i hi =
            _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm256_extracti128_si256(x, 1)),
                              _mm256_cvtepi8_epi16(_mm256_extracti128_si256(v, 1)));
        acc = _mm256_add_epi32(acc, _mm256_add_epi32(lo, hi));
      }
      uint32_t total = static_cast<uint32_t>(w.bias[n]) + static_cast<uint32_t>(HorizontalSum(acc));
      for (; b < end; ++b) {
        const int8_t* x = in + w.offsets[b];
        const int8_t* v = w.values + size_t{b} * 4;
        int32_t block = 0;
        for (int i = 0; i < 4; ++i) block += int32_t{x[i]} * int32_t{v[i]};
        total += static_cast<uint32_t>(block);
      }
      out[n] = static_cast<int32_t>(total);
    }
  }
}

}  // namespace brasa
