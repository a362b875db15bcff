// q8_vadd with AVX-512: 16 elements per step in int32 lanes, each rescaling the
// reference's MultiplyByQuantizedMultiplier (requantize_avx512.h); the tail
// goes through a small buffer. Usual parameters take a faster path
// (AddShort below) with the same results.
// GCC 12's AVX-512 intrinsics initialise their unused operand from itself
// (_mm512_undefined_epi32), which -Wuninitialized reports once inlined here
// (GCC bug 105593, fixed in GCC 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cstring>
#include <limits>

#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"

namespace brasa {
namespace {

struct Rescale {
  __m512i multiplier, left_shift, right_shift;
};

Rescale MakeRescale(QuantizedMultiplier m) {
  return {_mm512_set1_epi32(m.multiplier), _mm512_set1_epi32(m.shift > 0 ? m.shift : 0),
          _mm512_set1_epi32(m.shift > 0 ? 0 : -m.shift)};
}

template <bool kUint8>
__m512i Widen(const uint8_t* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return kUint8 ? _mm512_cvtepu8_epi32(bytes) : _mm512_cvtepi8_epi32(bytes);
}

// The input rescale of q8_vadd.h without 64-bit products, for the usual
// parameters (InputRescaleFits): x = v << L with |v| = |byte + offset| < 2^9
// and 10 <= L <= 21. With k = 31 - L and m = mh * 2^k + ml (0 <= ml < 2^k),
// the doubling high multiply round(x * m / 2^31), ties up, is
//   floor((v * m + 2^(k-1)) / 2^k) = v * mh + floor((v * ml + 2^(k-1)) / 2^k)
// (v * mh an integer), both products within int32; then the reference's
// rounding right shift by s: (h + 2^(s-1) - [h < 0]) >> s for s > 0, no
// overflow as |h| < 2^30 and s <= 29.
struct ShortRescale {
  __m512i high, low, round, half;
  __m128i k, s;
  bool shifts;  // s > 0
};

bool InputRescaleFits(int32_t offset, int32_t left_shift, QuantizedMultiplier m) {
  const int32_t total_left = left_shift + (m.shift > 0 ? m.shift : 0);
  const int32_t right = m.shift > 0 ? 0 : -m.shift;
  return offset >= -255 && offset <= 255 && total_left >= 10 && total_left <= 21 && right <= 29;
}

ShortRescale MakeShortRescale(int32_t left_shift, QuantizedMultiplier m) {
  const int32_t k = 31 - (left_shift + (m.shift > 0 ? m.shift : 0));
  const int32_t s = m.shift > 0 ? 0 : -m.shift;
  ShortRescale r;
  r.high = _mm512_set1_epi32(m.multiplier >> k);  // arithmetic: floor
  r.low = _mm512_set1_epi32(m.multiplier & ((1 << k) - 1));
  r.round = _mm512_set1_epi32(1 << (k - 1));
  r.half = _mm512_set1_epi32(s > 0 ? 1 << (s - 1) : 0);
  r.k = _mm_cvtsi32_si128(k);
  r.s = _mm_cvtsi32_si128(s);
  r.shifts = s > 0;
  return r;
}

inline __m512i RescaleShort(__m512i v, const ShortRescale& r) {
  const __m512i low = _mm512_sra_epi32(
      _mm512_add_epi32(_mm512_mullo_epi32(v, r.low), r.round), r.k);
  const __m512i h = _mm512_add_epi32(_mm512_mullo_epi32(v, r.high), low);
  if (!r.shifts) return h;
  return _mm512_sra_epi32(
      _mm512_add_epi32(_mm512_add_epi32(h, r.half), _mm512_srai_epi32(h, 31)), r.s);
}

// The output rescale of a + b's sum (any int32): requantize_avx512.h's
// RequantizeRow with the output multiplier in every lane of `header` (a
// packed_channel.h header of 16 channels, which must outlive the result).
avx512::RowBlockQuant MakeOutputQuant(QuantizedMultiplier m, int32_t* header) {
  constexpr int32_t kLanes = avx512::kHeaderLanes;
  for (int32_t j = 0; j < kLanes; ++j) WritePackedChannel(header, kLanes, j, 0, m);
  DerivePackedHeader(header, kLanes);
  return avx512::LoadRowBlockQuant(header);
}

template <bool kUint8>
__m512i WidenMasked(const uint8_t* p, __mmask16 mask) {
  const __m128i bytes = _mm_maskz_loadu_epi8(mask, p);
  return kUint8 ? _mm512_cvtepu8_epi32(bytes) : _mm512_cvtepi8_epi32(bytes);
}

// Add's arithmetic where InputRescaleFits holds for both inputs: 64
// elements per step, their bytes packed by FinishFour into one store. `ro`:
// the output multiplier's MakeOutputQuant; kPlainOutput: ro.plain.
template <bool kUint8, bool kBroadcast, bool kUnsigned, bool kPlainOutput>
void AddShort(size_t count, const uint8_t* a, const uint8_t* b, uint8_t* out,
              const Q8VaddParams& p, const avx512::RowBlockQuant& ro) {
  const ShortRescale ra = MakeShortRescale(p.left_shift, p.a_multiplier);
  const ShortRescale rb = MakeShortRescale(p.left_shift, p.b_multiplier);
  const avx512::FourPack pack =
      avx512::MakeFourPack(p.output_zero_point, p.output_min, p.output_max);
  const avx512::Requantization clamp =
      avx512::MakeRequantization(p.output_zero_point, p.output_min, p.output_max);
  const __m512i a_offset = _mm512_set1_epi32(p.a_offset);
  const __m512i b_offset = _mm512_set1_epi32(p.b_offset);
  // A broadcast b is rescaled once, by the reference formula.
  const int32_t b0 = kUint8 ? int32_t{b[0]} : int32_t{static_cast<int8_t>(b[0])};
  const __m512i b_scaled_once = _mm512_set1_epi32(
      MultiplyByQuantizedMultiplier((b0 + p.b_offset) * (1 << p.left_shift), p.b_multiplier));
  auto sum = [&](__m512i x, __m512i y) {
    const __m512i x_scaled = RescaleShort(_mm512_add_epi32(x, a_offset), ra);
    const __m512i y_scaled =
        kBroadcast ? b_scaled_once : RescaleShort(_mm512_add_epi32(y, b_offset), rb);
    return avx512::RequantizeRow<kPlainOutput>(_mm512_add_epi32(x_scaled, y_scaled), ro);
  };
  auto widen = [](const uint8_t* from) { return Widen<kUint8>(from); };
  size_t i = 0;
  for (; i + 64 <= count; i += 64) {
    __m512i r[4];
    for (int v = 0; v < 4; ++v) {
      r[v] = sum(widen(a + i + 16 * v), kBroadcast ? a_offset : widen(b + i + 16 * v));
    }
    _mm512_storeu_si512(out + i, avx512::FinishFour<kUnsigned>(r[0], r[1], r[2], r[3], pack));
  }
  for (; i < count; i += 16) {
    const size_t n = count - i < 16 ? count - i : 16;
    const __mmask16 mask = static_cast<__mmask16>((1u << n) - 1);
    const __m512i x = WidenMasked<kUint8>(a + i, mask);
    const __m512i y = kBroadcast ? a_offset : WidenMasked<kUint8>(b + i, mask);
    _mm_mask_storeu_epi8(out + i, mask, avx512::FinishRow(sum(x, y), clamp));
  }
}

// AddShort with its broadcast and output-path arguments fixed. The usual
// output multiplier (2 max(input scales) / (2^left_shift output scale))
// takes RequantizeRow's plain path: no left shift, a right shift of at
// least 1, one rounding in 32-bit lanes instead of two 64-bit shifts
// (MobileNetV2 int8's 56x56x24 add: 18.2 -> 15.4 us).
template <bool kUint8, bool kUnsigned>
void AddShortFor(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                 uint8_t* out, const Q8VaddParams& p) {
  int32_t header[kPackedChannelWords * avx512::kHeaderLanes];
  const avx512::RowBlockQuant ro = MakeOutputQuant(p.output_multiplier, header);
  if (ro.plain) {
    b_broadcast ? AddShort<kUint8, true, kUnsigned, true>(count, a, b, out, p, ro)
                : AddShort<kUint8, false, kUnsigned, true>(count, a, b, out, p, ro);
  } else {
    b_broadcast ? AddShort<kUint8, true, kUnsigned, false>(count, a, b, out, p, ro)
                : AddShort<kUint8, false, kUnsigned, false>(count, a, b, out, p, ro);
  }
}

template <bool kUint8>
void Add(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast, uint8_t* out,
         const Q8VaddParams& p) {
  const Rescale ra = MakeRescale(p.a_multiplier);
  const Rescale rb = MakeRescale(p.b_multiplier);
  const Rescale ro = MakeRescale(p.output_multiplier);
  const avx512::Requantization none = avx512::MakeRequantization(
      0, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  const avx512::Requantization output =
      avx512::MakeRequantization(p.output_zero_point, p.output_min, p.output_max);
  const __m512i a_offset = _mm512_set1_epi32(p.a_offset);
  const __m512i b_offset = _mm512_set1_epi32(p.b_offset);
  const __m128i shift = _mm_cvtsi32_si128(p.left_shift);
  // A broadcast b is rescaled once.
  const int32_t b0 = kUint8 ? int32_t{b[0]} : int32_t{static_cast<int8_t>(b[0])};
  const __m512i b_scaled_once = avx512::Requantize(
      _mm512_sll_epi32(_mm512_set1_epi32(b0 + p.b_offset), shift), rb.multiplier, rb.left_shift,
      rb.right_shift, none);
  uint8_t tail_a[16] = {}, tail_b[16] = {}, tail_out[16];
  for (size_t i = 0; i < count; i += 16) {
    const size_t n = count - i < 16 ? count - i : 16;
    const uint8_t* pa = a + i;
    const uint8_t* pb = b + i;
    if (n < 16) {
      std::memcpy(tail_a, pa, n);
      pa = tail_a;
      if (!b_broadcast) {
        std::memcpy(tail_b, pb, n);
        pb = tail_b;
      }
    }
    const __m512i x = _mm512_sll_epi32(_mm512_add_epi32(Widen<kUint8>(pa), a_offset), shift);
    const __m512i x_scaled =
        avx512::Requantize(x, ra.multiplier, ra.left_shift, ra.right_shift, none);
    __m512i y_scaled = b_scaled_once;
    if (!b_broadcast) {
      const __m512i y = _mm512_sll_epi32(_mm512_add_epi32(Widen<kUint8>(pb), b_offset), shift);
      y_scaled = avx512::Requantize(y, rb.multiplier, rb.left_shift, rb.right_shift, none);
    }
    const __m512i result = avx512::Requantize(_mm512_add_epi32(x_scaled, y_scaled), ro.multiplier,
                                            ro.left_shift, ro.right_shift, output);
    // Every lane is clamped to the type's range: truncation keeps its byte.
    const __m128i bytes = _mm512_cvtepi32_epi8(result);
    if (n == 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(tail_out), bytes);
      std::memcpy(out + i, tail_out, n);
    }
  }
}

}  // namespace

void q8_vadd_16x__avx512(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                      uint8_t* out, const Q8VaddParams& params) {
  if (InputRescaleFits(params.a_offset, params.left_shift, params.a_multiplier) &&
      InputRescaleFits(params.b_offset, params.left_shift, params.b_multiplier)) {
    const bool unsigned_bytes = avx512::UnsignedBytes(params.output_min);
    if (params.uint8) {
      AddShortFor<true, true>(count, a, b, b_broadcast, out, params);
    } else if (unsigned_bytes) {
      AddShortFor<false, true>(count, a, b, b_broadcast, out, params);
    } else {
      AddShortFor<false, false>(count, a, b, b_broadcast, out, params);
    }
    return;
  }
  if (params.uint8) {
    Add<true>(count, a, b, b_broadcast, out, params);
  } else {
    Add<false>(count, a, b, b_broadcast, out, params);
  }
}

}  // namespace brasa
