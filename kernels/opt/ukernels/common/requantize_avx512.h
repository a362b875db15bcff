// requantize_scalar.h for 16 int32 lanes (AVX-512 F/BW/DQ/VL files only).
// SRDHM needs the 64-bit products; the even and odd lanes are multiplied
// separately. The clamp runs before adding zp_out (bounds shifted by -zp),
// which gives the same result without an int32 overflow.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_

#include <immintrin.h>

#include <cstdint>

#include "kernels/opt/ukernels/common/packed_channel.h"

// Forced inlining of the requantization steps and of the kernels' store
// helpers around them: where GCC keeps one out of line, a tile's
// accumulators go through memory (measured: MobileNetV2 1.6x slower).
#if defined(__GNUC__)
#define BRASA_FORCE_INLINE inline __attribute__((always_inline))
#else
#define BRASA_FORCE_INLINE inline
#endif

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

// A block of 16 channels of a packed_channel.h header (qs8_dwconv's,
// qs8_gemm's and qs8_dconv's packing), the requantization terms derived at
// packing: read from memory where used (memory operands, no registers held
// across a tile's accumulators). Lanes: even channels in the low halves of
// the 64-bit lanes (_e), odd channels moved there (_o). A little cheaper
// per vector than Requantize (one rounding instead of two).
struct RowBlockQuant {
  const int32_t* header;  // 16 channels' arrays, kHeaderLanes words each
  bool plain;  // kPackedPlain: RequantizeRow<true> applies
  __m512i Load(int32_t which) const { return _mm512_loadu_si512(header + which * kHeaderLanes); }
};

inline RowBlockQuant LoadRowBlockQuant(const int32_t* header) {
  return {header, header[kPackedMultiplierOdd * kHeaderLanes + 1] == kPackedPlain};
}

// MultiplyByQuantizedMultiplier per lane, in one rounding: with
// h = floor((x * m + 2^30) / 2^31) (the doubling high multiply) and right
// shift s, the reference's rounding division gives floor((h + a) / 2^s),
// a = 2^(s-1) (h >= 0) or 2^(s-1) - 1 (h < 0), a = 0 for s = 0; as a is an
// integer, that is floor((x * m + 2^30 + a * 2^31) / 2^(31 + s)), exact in
// 64 bits: + rounding, - 2^31 where x * m < 0 and s > 0. The sign test uses
// x * m instead of h: they differ only when h = 0, where both values of a
// give 0 (a < 2^s).
//
// kPlain (q.plain: no left shift, s >= 1, or a zero multiplier): 31 + s >=
// 32, so the result is the high half of the 64-bit sum (floor(sum / 2^32))
// shifted right by s - 1; the even and odd high halves are merged first and
// shifted once, in 32-bit lanes. (A zero multiplier gives 0 either way.)
// Other blocks (rare in models: left shifts, or s = 0) derive the rest of
// their terms from the shifts here, to keep the packed headers smaller.
template <bool kPlain = false>
BRASA_FORCE_INLINE __m512i RequantizeRow(__m512i acc, const RowBlockQuant& q) {
  const __m512i x = kPlain ? acc : _mm512_sllv_epi32(acc, q.Load(kPackedLeftShift));
  const __m512i bit31 = _mm512_set1_epi64(int64_t{1} << 31);
  // The right shifts of the even and odd channels in 64-bit lanes (not kPlain).
  __m512i s_e = _mm512_setzero_si512(), s_o = s_e;
  if (!kPlain) {
    const __m512i right = q.Load(kPackedRightShift);
    s_e = _mm512_and_si512(right, _mm512_set1_epi64(0xFFFFFFFF));
    s_o = _mm512_srli_epi64(right, 32);
  }
  auto sum = [&](__m512i product, __m512i rounding, __m512i s) {
    // kPlain: s >= 1 in every lane of interest (a zero multiplier's lane
    // has product 0, never below).
    const __mmask8 below = kPlain ? _mm512_movepi64_mask(product)
                                  : _mm512_movepi64_mask(product) & _mm512_test_epi64_mask(s, s);
    const __m512i total = _mm512_add_epi64(product, rounding);
    return _mm512_mask_sub_epi64(total, below, total, bit31);
  };
  const __m512i even =
      sum(_mm512_mul_epi32(x, q.Load(kPackedMultiplier)), q.Load(kPackedRoundingEven), s_e);
  const __m512i odd = sum(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), q.Load(kPackedMultiplierOdd)),
                          q.Load(kPackedRoundingOdd), s_o);
  if (kPlain) {
    // Even sums' high halves move down into the even lanes.
    const __m512i high =
        _mm512_mask_shuffle_epi32(odd, static_cast<__mmask16>(0x5555), even, _MM_PERM_CDAB);
    return _mm512_srav_epi32(high, q.Load(kPackedRightLessOne));
  }
  // Odd results move from the low to the high half of their 64-bit lanes.
  const __m512i shift = _mm512_set1_epi64(31);
  return _mm512_mask_shuffle_epi32(_mm512_srav_epi64(even, _mm512_add_epi64(s_e, shift)),
                                   static_cast<__mmask16>(0xAAAA),
                                   _mm512_srav_epi64(odd, _mm512_add_epi64(s_o, shift)),
                                   _MM_PERM_CDAB);
}

// RequantizeRow<true> for a block whose accumulators all lie within
// +-2^30 (NarrowAccumulators), one 64-bit rounding term cheaper: with
// x' = x + 2^31 (unsigned) and the doubled multiplier, x' * 2m + (2 * rounding
// - 2^32 * m) is twice the plain sum without its sign term, so its high half
// is V = h + 2^(s-1) (h the doubling high multiply), which fits int32 here;
// the sign term then becomes one 32-bit compare, h < 0 being V < 2^(s-1):
// the result is (V - [V < 2^(s-1)]) >> s. Replaces 2 mask moves and 2 masked
// 64-bit subtractions by 1 compare and 1 masked subtraction (MobileNetV2
// int8's 16-deep 112x112 -> 96 layer alone, fastest of 400 invokes, 10
// alternating rounds: 259 -> 247 us; its 24- and 32-deep 1x1 layers 4%
// faster too). The + 2^31 comes with the accumulators' start (kOffsetBias;
// an XOR per vector instead: 247 -> 234 us), and the terms add zp_out
// (FinishFour<kUnsigned, false> skips its two saturating adds: 234 -> 228
// us). The terms are derived per call, not packed.
struct NarrowBlockQuant {
  enum Array : int32_t {
    kDoubled, kDoubledOdd, kConstantEven, kConstantOdd, kHalf,
    kOffsetBias,  // bias' + 2^31: accumulators start from it, so x' is the sum
    kCount
  };
  alignas(64) int32_t words[kCount][kHeaderLanes];
  const int32_t* right_shift;  // the header's
  __m512i Load(int32_t which) const { return _mm512_load_si512(words[which]); }
};

// Whether RequantizeNarrowRow applies to a plain block (q.plain) of `depth`
// (padded) activation bytes per row and no row offsets: every accumulator
// lies within +-2^30 (|bias'| + depth * 255 * 128) and no multiplier is
// negative (2m must fit 32 unsigned bits).
inline bool NarrowAccumulators(const int32_t* header, int32_t depth) {
  const __m512i bias = _mm512_loadu_si512(header + kPackedBias * kHeaderLanes);
  const __m512i multiplier = _mm512_loadu_si512(header + kPackedMultiplier * kHeaderLanes);
  const uint32_t largest = _mm512_reduce_max_epu32(_mm512_abs_epi32(bias));
  // Right shifts up to 21: V + zp_out * 2^s stays within int32 (MakeNarrowBlockQuant).
  const int32_t widest_shift =
      _mm512_reduce_max_epi32(_mm512_loadu_si512(header + kPackedRightShift * kHeaderLanes));
  return _mm512_movepi32_mask(multiplier) == 0 && widest_shift <= 21 &&
         uint64_t{largest} + static_cast<uint64_t>(depth) * 255 * 128 < (uint64_t{1} << 30);
}

inline void MakeNarrowBlockQuant(const int32_t* header, int32_t zero_point,
                                 NarrowBlockQuant* n) {
  auto load = [&](int32_t which) { return _mm512_loadu_si512(header + which * kHeaderLanes); };
  const __m512i multiplier = load(kPackedMultiplier);
  const __m512i multiplier_odd = load(kPackedMultiplierOdd);
  const __m512i rounding_even = load(kPackedRoundingEven);
  const __m512i rounding_odd = load(kPackedRoundingOdd);
  // Even channels' multipliers are the low halves of `multiplier`'s 64-bit lanes.
  _mm512_store_si512(n->words[NarrowBlockQuant::kDoubled],
                     _mm512_add_epi32(multiplier, multiplier));
  _mm512_store_si512(n->words[NarrowBlockQuant::kDoubledOdd],
                     _mm512_add_epi32(multiplier_odd, multiplier_odd));
  // zp_out * 2^s joins V (zp_out * 2^(32+s) the 64-bit sums): the result
  // comes out with zp_out added.
  const __m512i right = load(kPackedRightShift);
  const __m512i zero_point_64 = _mm512_set1_epi64(zero_point);
  const __m512i above = _mm512_set1_epi64(32);
  const __m512i right_even = _mm512_and_si512(right, _mm512_set1_epi64(0xFFFFFFFF));
  const __m512i zero_point_even =
      _mm512_sllv_epi64(zero_point_64, _mm512_add_epi64(right_even, above));
  const __m512i zero_point_odd =
      _mm512_sllv_epi64(zero_point_64, _mm512_add_epi64(_mm512_srli_epi64(right, 32), above));
  _mm512_store_si512(
      n->words[NarrowBlockQuant::kConstantEven],
      _mm512_add_epi64(_mm512_sub_epi64(_mm512_add_epi64(rounding_even, rounding_even),
                                        _mm512_slli_epi64(multiplier, 32)),
                       zero_point_even));
  _mm512_store_si512(
      n->words[NarrowBlockQuant::kConstantOdd],
      _mm512_add_epi64(_mm512_sub_epi64(_mm512_add_epi64(rounding_odd, rounding_odd),
                                        _mm512_slli_epi64(multiplier_odd, 32)),
                       zero_point_odd));
  // 2^(s-1) + zp_out * 2^s (2^(s-1) is 0 where s = 0: zero multipliers only,
  // V = zp_out there).
  _mm512_store_si512(
      n->words[NarrowBlockQuant::kHalf],
      _mm512_add_epi32(_mm512_sllv_epi32(_mm512_set1_epi32(1), load(kPackedRightLessOne)),
                       _mm512_sllv_epi32(_mm512_set1_epi32(zero_point), right)));
  _mm512_store_si512(n->words[NarrowBlockQuant::kOffsetBias],
                     _mm512_xor_si512(load(kPackedBias), _mm512_set1_epi32(INT32_MIN)));
  n->right_shift = header + kPackedRightShift * kHeaderLanes;
}

// `x`: an accumulator started from kOffsetBias (x + 2^31 as unsigned).
BRASA_FORCE_INLINE __m512i RequantizeNarrowRow(__m512i x, const NarrowBlockQuant& n) {
  const __m512i even = _mm512_add_epi64(_mm512_mul_epu32(x, n.Load(NarrowBlockQuant::kDoubled)),
                                        n.Load(NarrowBlockQuant::kConstantEven));
  const __m512i odd = _mm512_add_epi64(
      _mm512_mul_epu32(_mm512_srli_epi64(x, 32), n.Load(NarrowBlockQuant::kDoubledOdd)),
      n.Load(NarrowBlockQuant::kConstantOdd));
  const __m512i v =
      _mm512_mask_shuffle_epi32(odd, static_cast<__mmask16>(0x5555), even, _MM_PERM_CDAB);
  const __mmask16 negative = _mm512_cmplt_epi32_mask(v, n.Load(NarrowBlockQuant::kHalf));
  const __m512i rounded = _mm512_mask_sub_epi32(v, negative, v, _mm512_set1_epi32(1));
  return _mm512_srav_epi32(rounded, _mm512_loadu_si512(n.right_shift));
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

// kAddZeroPoint false: the vectors come with zp_out (RequantizeNarrowRow).
// kClamp false: the bounds are the bytes' whole range (the packs saturate).
template <bool kUnsigned, bool kAddZeroPoint = true, bool kClamp = true>
BRASA_FORCE_INLINE __m512i FinishFour(__m512i a, __m512i b, __m512i c, __m512i d, const FourPack& k) {
  __m512i ab = _mm512_packs_epi32(a, b), cd = _mm512_packs_epi32(c, d);
  if (kAddZeroPoint) {
    ab = _mm512_adds_epi16(ab, k.zero_point);
    cd = _mm512_adds_epi16(cd, k.zero_point);
  }
  // 128-bit lane i now holds 4 bytes of a, b, c, d each (dwords 4i..4i+3).
  __m512i bytes = kUnsigned ? _mm512_packus_epi16(ab, cd) : _mm512_packs_epi16(ab, cd);
  bytes = _mm512_permutexvar_epi32(k.order, bytes);
  if (!kClamp) return bytes;
  return kUnsigned ? _mm512_min_epu8(_mm512_max_epu8(bytes, k.low), k.high)
                   : _mm512_min_epi8(_mm512_max_epi8(bytes, k.low), k.high);
}

// FinishFour's result stored: vector v's 16 bytes at to + v * stride;
// kMasked: only the bytes `mask` keeps (a block of fewer than 16 channels).
template <bool kMasked>
BRASA_FORCE_INLINE void StoreFourRows(__m512i bytes, uint8_t* to, size_t stride, __mmask16 mask) {
  auto store = [&](uint8_t* row, __m128i row_bytes) {
    if (kMasked) {
      _mm_mask_storeu_epi8(row, mask, row_bytes);
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(row), row_bytes);
    }
  };
  store(to, _mm512_castsi512_si128(bytes));
  store(to + stride, _mm512_extracti32x4_epi32(bytes, 1));
  store(to + 2 * stride, _mm512_extracti32x4_epi32(bytes, 2));
  store(to + 3 * stride, _mm512_extracti32x4_epi32(bytes, 3));
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_AVX512_H_
