// q8_vadd_lut with AVX-512 VBMI: 64 elements per step in byte lanes. Each
// 256-byte table lives in four registers; a lookup is two vpermi2b (the
// index's low 7 bits within each half) and a blend on the index's top bit.
// The sum is taken with signed saturation: a_base + carry cannot overflow
// (a_base <= 126), and a saturated sum lies beyond the clamp's bounds, like
// the exact one. Tails use masked loads and stores. About 25 instructions
// per 64 elements where q8_vadd's short path takes about 145: MobileNetV2
// int8's 56x56x24 add alone 28.4 -> 4.1 us (below).
// GCC 12's AVX-512 intrinsics initialise their unused operand from itself
// (_mm512_undefined_epi32), which -Wuninitialized reports once inlined here
// (GCC bug 105593, fixed in GCC 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <type_traits>

#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"

namespace brasa {
namespace {

struct ByteTable {
  __m512i low0, low1, high0, high1;  // entries 0-63, 64-127, 128-191, 192-255
};

inline ByteTable LoadTable(const void* table) {
  const auto* t = static_cast<const __m512i*>(table);
  return {_mm512_loadu_si512(t), _mm512_loadu_si512(t + 1), _mm512_loadu_si512(t + 2),
          _mm512_loadu_si512(t + 3)};
}

// table[index] per byte; `top`: the indices with bit 7 set.
inline __m512i Lookup(const ByteTable& t, __m512i index, __mmask64 top) {
  return _mm512_mask_blend_epi8(top, _mm512_permutex2var_epi8(t.low0, index, t.low1),
                                _mm512_permutex2var_epi8(t.high0, index, t.high1));
}

// kClamp false: the clamp spans the whole int8 range (no fused activation),
// which the saturating sum already applies; kFlip false: int8 outputs.
// Both skipped where they change nothing (MobileNetV2's residual adds: no
// activation, int8): the 56x56x24 add alone 5.1 -> 4.1 us, medians of 8
// alternating rounds of 1000 invokes.
// kWide: uint8 bases summed in 16-bit lanes with the offset (unpacked in
// each 128-bit lane, packed back with signed saturation: the same order);
// 7 instructions more per step (MobileNetV2 int8's node 46 alone, which
// q8_vadd ran before: 7.4 -> 1.8 us).
template <bool kBroadcast, bool kClamp, bool kFlip, bool kWide>
void AddLut(size_t count, const uint8_t* a, const uint8_t* b, uint8_t* out,
            const Q8VaddLutParams& p) {
  const ByteTable a_base = LoadTable(p.a_base), a_rank = LoadTable(p.a_rank);
  ByteTable b_base{}, b_rank{};
  // A broadcast b's two entries, looked up once.
  __m512i b_base_once = _mm512_setzero_si512(), b_rank_once = b_base_once;
  if (kBroadcast) {
    b_base_once = _mm512_set1_epi8(static_cast<char>(p.b_base[b[0]]));
    b_rank_once = _mm512_set1_epi8(static_cast<char>(p.b_rank[b[0]]));
  } else {
    b_base = LoadTable(p.b_base);
    b_rank = LoadTable(p.b_rank);
  }
  const __m512i one = _mm512_set1_epi8(1);
  const __m512i low = _mm512_set1_epi8(p.low), high = _mm512_set1_epi8(p.high);
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(p.flip));
  const __m512i offset = _mm512_set1_epi16(p.offset);
  auto step = [&](__m512i x, __m512i y) {
    const __mmask64 x_top = _mm512_movepi8_mask(x);
    __m512i base = Lookup(a_base, x, x_top);
    const __m512i x_rank = Lookup(a_rank, x, x_top);
    __m512i y_base = b_base_once, y_rank = b_rank_once;
    if (!kBroadcast) {
      const __mmask64 y_top = _mm512_movepi8_mask(y);
      y_base = Lookup(b_base, y, y_top);
      y_rank = Lookup(b_rank, y, y_top);
    }
    base = _mm512_mask_add_epi8(base, _mm512_cmpgt_epu8_mask(x_rank, y_rank), base, one);
    __m512i sum;
    if (kWide) {
      const __m512i zero = _mm512_setzero_si512();
      const __m512i low_half = _mm512_add_epi16(
          _mm512_add_epi16(_mm512_unpacklo_epi8(base, zero), _mm512_unpacklo_epi8(y_base, zero)),
          offset);
      const __m512i high_half = _mm512_add_epi16(
          _mm512_add_epi16(_mm512_unpackhi_epi8(base, zero), _mm512_unpackhi_epi8(y_base, zero)),
          offset);
      sum = _mm512_packs_epi16(low_half, high_half);
    } else {
      sum = _mm512_adds_epi8(base, y_base);
    }
    if (kClamp) sum = _mm512_min_epi8(_mm512_max_epi8(sum, low), high);
    return kFlip ? _mm512_xor_si512(sum, flip) : sum;
  };
  size_t i = 0;
  for (; i + 64 <= count; i += 64) {
    const __m512i x = _mm512_loadu_si512(a + i);
    const __m512i y = kBroadcast ? x : _mm512_loadu_si512(b + i);
    _mm512_storeu_si512(out + i, step(x, y));
  }
  if (i < count) {
    const __mmask64 mask = _cvtu64_mask64(~uint64_t{0} >> (64 - (count - i)));
    const __m512i x = _mm512_maskz_loadu_epi8(mask, a + i);
    const __m512i y = kBroadcast ? x : _mm512_maskz_loadu_epi8(mask, b + i);
    _mm512_mask_storeu_epi8(out + i, mask, step(x, y));
  }
}

}  // namespace

void q8_vadd_lut_64x__avx512vbmi(size_t count, const uint8_t* a, const uint8_t* b,
                                 bool b_broadcast, uint8_t* out, const Q8VaddLutParams& params) {
  const bool clamp = params.low != -128 || params.high != 127;
  const bool flip = params.flip != 0;
  auto run = [&](auto broadcast) {
    constexpr bool kBroadcast = decltype(broadcast)::value;
    if (params.wide) {  // rare: one form only (an inert clamp and flip are exact)
      AddLut<kBroadcast, true, true, true>(count, a, b, out, params);
    } else if (clamp) {
      flip ? AddLut<kBroadcast, true, true, false>(count, a, b, out, params)
           : AddLut<kBroadcast, true, false, false>(count, a, b, out, params);
    } else {
      flip ? AddLut<kBroadcast, false, true, false>(count, a, b, out, params)
           : AddLut<kBroadcast, false, false, false>(count, a, b, out, params);
    }
  };
  if (b_broadcast) {
    run(std::true_type());
  } else {
    run(std::false_type());
  }
}

}  // namespace brasa
