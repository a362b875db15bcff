// requantize_scalar.h for 16 int32 lanes (AVX-512 F/BW/DQ/VL files only).
// SRDHM needs the 64-bit products; the even and odd lanes are multiplied
// separately. The clamp runs before adding zp_out (bounds shifted by -zp),
// which gives the same result without an int32 overflow.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_

#include <immintrin.h>

#include <cstdint>

namespace brasa {
namespace avx512 {
// Internal linkage: these helpers are compiled with this ISA's flags and must
// never be merged with a copy from a translation unit built for another.
namespace {

struct Requantization {
  __m512i low, high, zero_point;  // low/high: clamp bounds minus zp_out
};

inline Requantization MakeRequantization(int32_t zero_point, int32_t low, int32_t high) {
  return {_mm512_set1_epi32(low - zero_point), _mm512_set1_epi32(high - zero_point),
          _mm512_set1_epi32(zero_point)};
}

// MultiplyByQuantizedMultiplier per lane, then + zp_out and clamp.
inline __m512i Requantize(__m512i acc, __m512i multiplier, __m512i left_shift,
                          __m512i right_shift, const Requantization& r) {
  const __m512i x = _mm512_sllv_epi32(acc, left_shift);
  const __m512i nudge = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, multiplier), nudge);
  const __m512i odd = _mm512_add_epi64(
      _mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(multiplier, 32)), nudge);
  // floor(sum / 2^31) fits int32, so it is bits 31..62 of the 64-bit sum:
  // the low half of sum >> 31 (even lanes), the high half of sum << 1 (odd).
  const __m512i high_mul = _mm512_mask_blend_epi32(
      static_cast<__mmask16>(0xAAAA), _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right_shift), one);
  const __m512i remainder = _mm512_and_si512(high_mul, mask);
  const __m512i threshold =
      _mm512_sub_epi32(_mm512_srli_epi32(mask, 1), _mm512_srai_epi32(high_mul, 31));
  __m512i result = _mm512_srav_epi32(high_mul, right_shift);
  result = _mm512_mask_add_epi32(result, _mm512_cmpgt_epi32_mask(remainder, threshold), result,
                                 one);
  result = _mm512_min_epi32(_mm512_max_epi32(result, r.low), r.high);
  return _mm512_add_epi32(result, r.zero_point);
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_
