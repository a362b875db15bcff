// What qs8_dconv's AVX-512 variants (qs8_dconv_8x32c4__avx512vnni.cc,
// qs8_dconv_4x32c4__avx512.cc) share: reading a group's 4 A bytes and the
// requantization of a block's 16 channels, with the per-channel parts of
// requantize_avx512.h's Requantize worked out once per tile instead of once
// per pixel (with 27 taps per output, requantizing costs as much as the
// sums). Same arithmetic, same results.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kDconvNr = 16;
constexpr size_t kDconvHeaderBytes = sizeof(int32_t) * kPackedChannelWords * kDconvNr;

inline uint32_t LoadDconvWord(const uint8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}

// One block's requantization: its header's multipliers and shifts with the
// lane-invariant terms of MultiplyByQuantizedMultiplier precomputed.
struct DconvRequantization {
  __m512i multiplier, multiplier_odd, left, right, mask, half_mask;
  __m512i low, high, zero_point;  // clamp bounds minus zp_out
  bool shifts_left;
  __mmask16 store;  // the block's real channels
};

inline DconvRequantization MakeDconvRequantization(const uint8_t* block, int32_t count,
                                                   const Qs8DconvParams& params) {
  const int32_t* header = reinterpret_cast<const int32_t*>(block);
  DconvRequantization q;
  q.multiplier = _mm512_loadu_si512(header + kDconvNr);
  q.multiplier_odd = _mm512_srli_epi64(q.multiplier, 32);
  q.left = _mm512_loadu_si512(header + 2 * kDconvNr);
  q.right = _mm512_loadu_si512(header + 3 * kDconvNr);
  const __m512i one = _mm512_set1_epi32(1);
  q.mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, q.right), one);
  q.half_mask = _mm512_srli_epi32(q.mask, 1);
  q.low = _mm512_set1_epi32(params.output_min - params.output_zero_point);
  q.high = _mm512_set1_epi32(params.output_max - params.output_zero_point);
  q.zero_point = _mm512_set1_epi32(params.output_zero_point);
  q.shifts_left = _mm512_test_epi32_mask(q.left, q.left) != 0;
  q.store = static_cast<__mmask16>((1u << std::min(kDconvNr, count)) - 1);
  return q;
}

// requantize_avx512.h's Requantize, then the low bytes stored under q.store.
inline void StoreRequantized(__m512i acc, const DconvRequantization& q, uint8_t* out) {
  const __m512i x = q.shifts_left ? _mm512_sllv_epi32(acc, q.left) : acc;
  const __m512i nudge = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, q.multiplier), nudge);
  const __m512i odd =
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), q.multiplier_odd), nudge);
  const __m512i high_mul = _mm512_mask_blend_epi32(
      static_cast<__mmask16>(0xAAAA), _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
  const __m512i remainder = _mm512_and_si512(high_mul, q.mask);
  const __m512i threshold = _mm512_sub_epi32(q.half_mask, _mm512_srai_epi32(high_mul, 31));
  __m512i result = _mm512_srav_epi32(high_mul, q.right);
  result = _mm512_mask_add_epi32(result, _mm512_cmpgt_epi32_mask(remainder, threshold), result,
                                 _mm512_set1_epi32(1));
  result = _mm512_min_epi32(_mm512_max_epi32(result, q.low), q.high);
  _mm_mask_storeu_epi8(out, q.store, _mm512_cvtepi32_epi8(_mm512_add_epi32(result, q.zero_point)));
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_
