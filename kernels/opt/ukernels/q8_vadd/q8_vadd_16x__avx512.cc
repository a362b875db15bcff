// q8_vadd with AVX-512: 16 elements per step in int32 lanes, each rescaling the
// reference's MultiplyByQuantizedMultiplier (requantize_avx512.h); the tail
// goes through a small buffer.
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
  if (params.uint8) {
    Add<true>(count, a, b, b_broadcast, out, params);
  } else {
    Add<false>(count, a, b, b_broadcast, out, params);
  }
}

}  // namespace brasa
