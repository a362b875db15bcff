// q8_vadd with AVX2: 8 elements per step in int32 lanes, each rescaling the
// reference's MultiplyByQuantizedMultiplier (requantize_avx2.h); the tail
// goes through a small buffer.
#include <immintrin.h>

#include <cstring>
#include <limits>

#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"

namespace brasa {
namespace {

struct Rescale {
  __m256i multiplier, left_shift, right_shift;
};

Rescale MakeRescale(QuantizedMultiplier m) {
  return {_mm256_set1_epi32(m.multiplier), _mm256_set1_epi32(m.shift > 0 ? m.shift : 0),
          _mm256_set1_epi32(m.shift > 0 ? 0 : -m.shift)};
}

template <bool kUint8>
__m256i Widen(const uint8_t* p) {
  const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return kUint8 ? _mm256_cvtepu8_epi32(bytes) : _mm256_cvtepi8_epi32(bytes);
}

template <bool kUint8>
void Add(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast, uint8_t* out,
         const Q8VaddParams& p) {
  const Rescale ra = MakeRescale(p.a_multiplier);
  const Rescale rb = MakeRescale(p.b_multiplier);
  const Rescale ro = MakeRescale(p.output_multiplier);
  const avx2::Requantization none = avx2::MakeRequantization(
      0, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  const avx2::Requantization output =
      avx2::MakeRequantization(p.output_zero_point, p.output_min, p.output_max);
  const __m256i a_offset = _mm256_set1_epi32(p.a_offset);
  const __m256i b_offset = _mm256_set1_epi32(p.b_offset);
  const __m128i shift = _mm_cvtsi32_si128(p.left_shift);
  // A broadcast b is rescaled once.
  const int32_t b0 = kUint8 ? int32_t{b[0]} : int32_t{static_cast<int8_t>(b[0])};
  const __m256i b_scaled_once = avx2::Requantize(
      _mm256_sll_epi32(_mm256_set1_epi32(b0 + p.b_offset), shift), rb.multiplier, rb.left_shift,
      rb.right_shift, none);
  uint8_t tail_a[8] = {}, tail_b[8] = {}, tail_out[8];
  for (size_t i = 0; i < count; i += 8) {
    const size_t n = count - i < 8 ? count - i : 8;
    const uint8_t* pa = a + i;
    const uint8_t* pb = b + i;
    if (n < 8) {
      std::memcpy(tail_a, pa, n);
      pa = tail_a;
      if (!b_broadcast) {
        std::memcpy(tail_b, pb, n);
        pb = tail_b;
      }
    }
    const __m256i x = _mm256_sll_epi32(_mm256_add_epi32(Widen<kUint8>(pa), a_offset), shift);
    const __m256i x_scaled =
        avx2::Requantize(x, ra.multiplier, ra.left_shift, ra.right_shift, none);
    __m256i y_scaled = b_scaled_once;
    if (!b_broadcast) {
      const __m256i y = _mm256_sll_epi32(_mm256_add_epi32(Widen<kUint8>(pb), b_offset), shift);
      y_scaled = avx2::Requantize(y, rb.multiplier, rb.left_shift, rb.right_shift, none);
    }
    const __m256i result = avx2::Requantize(_mm256_add_epi32(x_scaled, y_scaled), ro.multiplier,
                                            ro.left_shift, ro.right_shift, output);
    const uint64_t bytes = avx2::LowBytes(result);
    if (n == 8) {
      std::memcpy(out + i, &bytes, 8);
    } else {
      std::memcpy(tail_out, &bytes, 8);
      std::memcpy(out + i, tail_out, n);
    }
  }
}

}  // namespace

void q8_vadd_8x__avx2(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                      uint8_t* out, const Q8VaddParams& params) {
  if (params.uint8) {
    Add<true>(count, a, b, b_broadcast, out, params);
  } else {
    Add<false>(count, a, b, b_broadcast, out, params);
  }
}

}  // namespace brasa
