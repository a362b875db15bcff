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

constexpr int32_t kHeaderLanes = 16;

// A block's header (bias, multiplier, left and right shift, 16 lanes each:
// qs8_dwconv's and qs8_gemm's packing), with what the requantization
// derives from it computed once per block. Lanes: even channels in the low
// halves of the 64-bit lanes (_e), odd channels moved there (_o). A little
// cheaper per vector than Requantize (one rounding instead of two), once the
// derivation is paid for several vectors.
struct RowBlockQuant {
  __m512i bias, multiplier, multiplier_o, left;
  __m512i rounding_e, rounding_o, negative_e, negative_o, shift_e, shift_o;
  __m512i right_less_one;  // the right shifts - 1 (32-bit lanes), for kPlain
  bool plain;  // no left shifts, every right shift >= 1: RequantizeRow<true> applies
};

inline RowBlockQuant LoadRowBlockQuant(const int32_t* header) {
  constexpr int32_t kCb = kHeaderLanes;
  RowBlockQuant q;
  q.bias = _mm512_loadu_si512(header);
  q.multiplier = _mm512_loadu_si512(header + kCb);
  q.multiplier_o = _mm512_srli_epi64(q.multiplier, 32);
  q.left = _mm512_loadu_si512(header + 2 * kCb);
  const __m512i right = _mm512_loadu_si512(header + 3 * kCb);
  q.right_less_one = _mm512_sub_epi32(right, _mm512_set1_epi32(1));
  q.plain = _mm512_test_epi32_mask(q.left, q.left) == 0 &&
            _mm512_test_epi32_mask(right, right) == 0xFFFF;
  // rounding = 2^30 + 2^(s-1) * 2^31 = 2^30 | 2^(30+s) and negative = 2^31
  // for s > 0; 2^30 and 0 for s = 0.
  const __m512i bit30 = _mm512_set1_epi64(int64_t{1} << 30);
  auto derive = [&](__m512i s, __m512i* rounding, __m512i* negative, __m512i* shift) {
    *rounding = _mm512_or_si512(_mm512_sllv_epi64(bit30, s), bit30);
    *negative = _mm512_maskz_mov_epi64(_mm512_test_epi64_mask(s, s),
                                       _mm512_set1_epi64(int64_t{1} << 31));
    *shift = _mm512_add_epi64(s, _mm512_set1_epi64(31));
  };
  derive(_mm512_and_si512(right, _mm512_set1_epi64(0xFFFFFFFF)), &q.rounding_e, &q.negative_e,
         &q.shift_e);
  derive(_mm512_srli_epi64(right, 32), &q.rounding_o, &q.negative_o, &q.shift_o);
  return q;
}

// MultiplyByQuantizedMultiplier per lane, in one rounding: with
// h = floor((x * m + 2^30) / 2^31) (the doubling high multiply) and right
// shift s, the reference's rounding division gives floor((h + a) / 2^s),
// a = 2^(s-1) (h >= 0) or 2^(s-1) - 1 (h < 0), a = 0 for s = 0; as a is an
// integer, that is floor((x * m + 2^30 + a * 2^31) / 2^(31 + s)), exact in
// 64 bits. The sign test uses x * m instead of h: they differ only when
// h = 0, where both values of a give 0 (a < 2^s).
//
// kPlain (q.plain: no left shift, s >= 1): 31 + s >= 32, so the result is
// the high half of the 64-bit sum (floor(sum / 2^32)) shifted right by
// s - 1; the even and odd high halves are merged first and shifted once, in
// 32-bit lanes.
template <bool kPlain = false>
inline __m512i RequantizeRow(__m512i acc, const RowBlockQuant& q) {
  const __m512i x = kPlain ? acc : _mm512_sllv_epi32(acc, q.left);
  auto sum = [](__m512i product, __m512i rounding, __m512i negative) {
    const __mmask8 below = _mm512_movepi64_mask(product);
    const __m512i total = _mm512_add_epi64(product, rounding);
    return _mm512_mask_sub_epi64(total, below, total, negative);
  };
  const __m512i even = sum(_mm512_mul_epi32(x, q.multiplier), q.rounding_e, q.negative_e);
  const __m512i odd =
      sum(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), q.multiplier_o), q.rounding_o, q.negative_o);
  if (kPlain) {
    // Even sums' high halves move down into the even lanes.
    const __m512i high =
        _mm512_mask_shuffle_epi32(odd, static_cast<__mmask16>(0x5555), even, _MM_PERM_CDAB);
    return _mm512_srav_epi32(high, q.right_less_one);
  }
  // Odd results move from the low to the high half of their 64-bit lanes.
  return _mm512_mask_shuffle_epi32(_mm512_srav_epi64(even, q.shift_e),
                                   static_cast<__mmask16>(0xAAAA),
                                   _mm512_srav_epi64(odd, q.shift_o), _MM_PERM_CDAB);
}

// + zp_out and clamp of one vector (Requantize's last steps), as bytes.
inline __m128i FinishRow(__m512i result, const Requantization& r) {
  result = _mm512_min_epi32(_mm512_max_epi32(result, r.low), r.high);
  return _mm512_cvtepi32_epi8(_mm512_add_epi32(result, r.zero_point));
}

// The bytes of 4 vectors of RequantizeRow results, + zp_out and clamped:
// 128-bit lane v holds vector v's 16 bytes. Replaces a vpmovdb per vector,
// which alone takes about 2 cycles per vector on AMD Zen 5 (measured).
// Packed to int16 with saturation, + zp_out (saturating), packed to bytes
// with saturation, then clamped as bytes: the saturations change nothing
// the clamp keeps, as its bounds lie in the bytes' range. kUnsigned (clamp
// bounds >= 0, UnsignedBytes: uint8 outputs, int8 ones under a ReLU) packs
// and clamps as unsigned bytes, else as signed ones.
struct FourPack {
  __m512i zero_point, low, high, order;
};

inline bool UnsignedBytes(int32_t output_min) { return output_min >= 0; }

inline FourPack MakeFourPack(int32_t zero_point, int32_t low, int32_t high) {
  return {_mm512_set1_epi16(static_cast<int16_t>(zero_point)),
          _mm512_set1_epi8(static_cast<char>(low)), _mm512_set1_epi8(static_cast<char>(high)),
          _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)};
}

template <bool kUnsigned>
inline __m512i FinishFour(__m512i a, __m512i b, __m512i c, __m512i d, const FourPack& k) {
  const __m512i ab = _mm512_adds_epi16(_mm512_packs_epi32(a, b), k.zero_point);
  const __m512i cd = _mm512_adds_epi16(_mm512_packs_epi32(c, d), k.zero_point);
  // 128-bit lane i now holds 4 bytes of a, b, c, d each (dwords 4i..4i+3).
  __m512i bytes = kUnsigned ? _mm512_packus_epi16(ab, cd) : _mm512_packs_epi16(ab, cd);
  bytes = _mm512_permutexvar_epi32(k.order, bytes);
  return kUnsigned ? _mm512_min_epu8(_mm512_max_epu8(bytes, k.low), k.high)
                   : _mm512_min_epi8(_mm512_max_epi8(bytes, k.low), k.high);
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_
