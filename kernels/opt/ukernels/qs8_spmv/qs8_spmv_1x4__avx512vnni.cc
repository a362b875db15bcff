// qs8_spmv with AVX-512 VNNI: 16 blocks of a row at a time, their inputs
// gathered as 16 dwords, made unsigned (x + 128, by flipping the sign bit)
// for vpdpbusd, which sums each block's 4 products into an int32 lane
// without saturation; 128 * sum(W[n]) is taken off at the end.
#include <immintrin.h>

#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"

namespace brasa {

void qs8_spmv_1x4__avx512vnni(int32_t rows, const int8_t* a, size_t a_stride,
                              const Qs8BlockRows& w, int32_t* sums, size_t sums_stride) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  for (int32_t m = 0; m < rows; ++m) {
    const int8_t* in = a + static_cast<size_t>(m) * a_stride;
    int32_t* out = sums + static_cast<size_t>(m) * sums_stride;
    for (int32_t n = 0; n < w.rows; ++n) {
      const uint32_t first = w.starts[n], end = first + static_cast<uint32_t>(w.counts[n]);
      __m512i acc = _mm512_setzero_si512();
      uint32_t b = first;
      for (; b + 16 <= end; b += 16) {
        const __m512i index = _mm512_loadu_si512(w.offsets + b);
        const __m512i x = _mm512_xor_si512(_mm512_i32gather_epi32(index, in, 1), flip);
        acc = _mm512_dpbusd_epi32(acc, x, _mm512_loadu_si512(w.values + size_t{b} * 4));
      }
      if (b < end) {  // the last 1..15 blocks, masked
        const __mmask16 mask = static_cast<__mmask16>((1u << (end - b)) - 1);
        const __m512i index = _mm512_maskz_loadu_epi32(mask, w.offsets + b);
        const __m512i x = _mm512_xor_si512(
            _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), mask, index, in, 1), flip);
        acc = _mm512_dpbusd_epi32(acc, x, _mm512_maskz_loadu_epi32(mask, w.values + size_t{b} * 4));
      }
      const uint32_t dot = static_cast<uint32_t>(_mm512_reduce_add_epi32(acc));
      out[n] = static_cast<int32_t>(static_cast<uint32_t>(w.bias[n]) + dot -
                                    128u * static_cast<uint32_t>(w.weight_sums[n]));
    }
  }
}

}  // namespace brasa
