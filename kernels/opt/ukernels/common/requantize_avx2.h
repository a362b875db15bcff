// requantize_scalar.h for 8 int32 lanes (AVX2 files only); see
// requantize_avx512.h for the method.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_

#include <immintrin.h>

#include <cstdint>

namespace brasa {
namespace avx2 {
// Internal linkage: these helpers are compiled with this ISA's flags and must
// never be merged with a copy from a translation unit built for another.
namespace {

struct Requantization {
  __m256i low, high, zero_point;  // low/high: clamp bounds minus zp_out
};

inline Requantization MakeRequantization(int32_t zero_point, int32_t low, int32_t high) {
  return {_mm256_set1_epi32(low - zero_point), _mm256_set1_epi32(high - zero_point),
          _mm256_set1_epi32(zero_point)};
}

inline __m256i Requantize(__m256i acc, __m256i multiplier, __m256i left_shift,
                          __m256i right_shift, const Requantization& r) {
  const __m256i x = _mm256_sllv_epi32(acc, left_shift);
  const __m256i nudge = _mm256_set1_epi64x(int64_t{1} << 30);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, multiplier), nudge);
  const __m256i odd = _mm256_add_epi64(
      _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(multiplier, 32)), nudge);
  const __m256i high_mul =
      _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right_shift), one);
  const __m256i remainder = _mm256_and_si256(high_mul, mask);
  const __m256i threshold =
      _mm256_sub_epi32(_mm256_srli_epi32(mask, 1), _mm256_srai_epi32(high_mul, 31));
  __m256i result = _mm256_srav_epi32(high_mul, right_shift);
  // cmpgt gives -1 where the remainder is above the threshold: subtract it.
  result = _mm256_sub_epi32(result, _mm256_cmpgt_epi32(remainder, threshold));
  result = _mm256_min_epi32(_mm256_max_epi32(result, r.low), r.high);
  return _mm256_add_epi32(result, r.zero_point);
}

// The low byte of each of 8 int32 lanes, in order.
inline uint64_t LowBytes(__m256i v) {
  const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                        -1, 0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                        -1, -1);
  const __m256i bytes = _mm256_shuffle_epi8(v, pick);
  const __m128i both = _mm_unpacklo_epi32(_mm256_castsi256_si128(bytes),
                                          _mm256_extracti128_si256(bytes, 1));
  return static_cast<uint64_t>(_mm_cvtsi128_si64(both));
}

}  // namespace
}  // namespace avx2
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_
