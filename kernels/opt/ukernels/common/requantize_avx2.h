// requantize_scalar.h for 8 int32 lanes (AVX2 files only); see
// requantize_avx512.h for the method.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_

#include <immintrin.h>

#include <cstdint>

#include "kernels/opt/ukernels/common/packed_channel.h"

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

// + zp_out and the clamp of one vector of requantized values (bounds
// shifted by -zp_out, so that the clamp cannot overflow).
inline __m256i Finish(__m256i value, const Requantization& r) {
  return _mm256_add_epi32(_mm256_min_epi32(_mm256_max_epi32(value, r.low), r.high), r.zero_point);
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
  return Finish(result, r);
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

// 8 channels of a packed_channel.h header of `width` channels (`header`
// points 8 channels into it for the second 8 of 16) whose block is plain
// (kPackedPlain: every channel without a left shift and with a right shift
// s >= 1, or of multiplier 0): requantize_avx512.h's RequantizeRow<true> in
// 8 lanes, one rounding, floor((x * m + 2^30 + a * 2^31) / 2^(31 + s)) as
// the high half of the 64-bit sum shifted right by s - 1. AVX2 has no
// 64-bit sign mask: the -2^31 where the product is negative comes from a
// compare.
inline bool PlainBlock(const int32_t* header, int32_t width = 8) {
  return header[kPackedMultiplierOdd * width + 1] == kPackedPlain;
}

inline __m256i RequantizePlain(__m256i acc, const int32_t* header, int32_t width = 8) {
  auto load = [&](int32_t which) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header + which * width));
  };
  const __m256i zero = _mm256_setzero_si256();
  auto sum = [&](__m256i product, __m256i rounding) {
    const __m256i below = _mm256_slli_epi64(_mm256_cmpgt_epi64(zero, product), 31);  // -2^31 or 0
    return _mm256_add_epi64(_mm256_add_epi64(product, rounding), below);
  };
  const __m256i even = sum(_mm256_mul_epi32(acc, load(kPackedMultiplier)),
                           load(kPackedRoundingEven));
  const __m256i odd = sum(_mm256_mul_epi32(_mm256_srli_epi64(acc, 32), load(kPackedMultiplierOdd)),
                          load(kPackedRoundingOdd));
  // Even sums' high halves move down into the even lanes.
  const __m256i high = _mm256_blend_epi32(odd, _mm256_shuffle_epi32(even, 0xB1), 0x55);
  return _mm256_srav_epi32(high, load(kPackedRightLessOne));
}

// The bytes of 4 vectors of RequantizePlain results, + zp_out and clamped:
// bytes 8v..8v+7 are vector v's. Packed to int16 with saturation, + zp_out
// (saturating), packed to bytes with saturation, then clamped as bytes (the
// saturations change nothing the clamp keeps: its bounds lie in the bytes'
// range). kUnsigned (clamp bounds >= 0) packs and clamps as unsigned bytes.
struct FourPack {
  __m256i zero_point, low, high, order;
};

inline FourPack MakeFourPack(int32_t zero_point, int32_t low, int32_t high) {
  return {_mm256_set1_epi16(static_cast<int16_t>(zero_point)),
          _mm256_set1_epi8(static_cast<char>(low)), _mm256_set1_epi8(static_cast<char>(high)),
          _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)};
}

template <bool kUnsigned>
inline __m256i FinishFour(__m256i a, __m256i b, __m256i c, __m256i d, const FourPack& k) {
  const __m256i ab = _mm256_adds_epi16(_mm256_packs_epi32(a, b), k.zero_point);
  const __m256i cd = _mm256_adds_epi16(_mm256_packs_epi32(c, d), k.zero_point);
  // 128-bit half h holds 4 bytes of a, b, c, d each (channels 4h..4h+3).
  __m256i bytes = kUnsigned ? _mm256_packus_epi16(ab, cd) : _mm256_packs_epi16(ab, cd);
  bytes = _mm256_permutevar8x32_epi32(bytes, k.order);
  return kUnsigned ? _mm256_min_epu8(_mm256_max_epu8(bytes, k.low), k.high)
                   : _mm256_min_epi8(_mm256_max_epi8(bytes, k.low), k.high);
}

// FinishFour's result stored: vector v's 8 bytes at to + v * stride.
inline void StoreFourRows(__m256i bytes, uint8_t* to, size_t stride) {
  const __m128i low = _mm256_castsi256_si128(bytes);
  const __m128i high = _mm256_extracti128_si256(bytes, 1);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(to), low);
  _mm_storeh_pd(reinterpret_cast<double*>(to + stride), _mm_castsi128_pd(low));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(to + 2 * stride), high);
  _mm_storeh_pd(reinterpret_cast<double*>(to + 3 * stride), _mm_castsi128_pd(high));
}

}  // namespace
}  // namespace avx2
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX2_H_
