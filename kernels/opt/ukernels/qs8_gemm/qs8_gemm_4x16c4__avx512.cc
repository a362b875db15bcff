// qs8_gemm with AVX-512 BW (no VNNI): 4 rows x 16 channels per step. Bytes
// widen to int16 and vpmaddwd adds pairs of products, so each channel keeps
// two partial sums (depth 0-1 and 2-3 of every group) until the end.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_rows.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;  // and up to 4 rows

// The 4 activation bytes at k (zero past the depth), flipped, as 4 int16
// repeated in every 64-bit lane.
inline __m512i BroadcastGroup(const uint8_t* row, int32_t k, int32_t depth, uint32_t flip) {
  uint32_t word = Qs8GemmActivationWord(row, k, depth);
  const __m128i wide = _mm_cvtepu8_epi16(_mm_cvtsi32_si128(static_cast<int32_t>(word ^ flip)));
  return _mm512_broadcastq_epi64(wide);
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const uint8_t* a, size_t a_stride,
              const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
              const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4;
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const __m512i even_lanes = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24,
                                               26, 28, 30);
  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const uint8_t* b = block + sizeof(int32_t) * kPackedChannelWords * kNr;
    __m512i low[R], high[R];  // channels 0-7 and 8-15, two partial sums each
    for (int32_t m = 0; m < R; ++m) low[m] = high[m] = _mm512_setzero_si512();
    for (int32_t g = 0; g < groups; ++g) {
      const __m512i w = _mm512_loadu_si512(b + g * kNr * 4);
      const __m512i w_low = _mm512_cvtepi8_epi16(_mm512_castsi512_si256(w));
      const __m512i w_high = _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(w, 1));
      for (int32_t m = 0; m < R; ++m) {
        const __m512i x = BroadcastGroup(a + m * a_stride, g * 4, depth, params.a_flip);
        low[m] = _mm512_add_epi32(low[m], _mm512_madd_epi16(x, w_low));
        high[m] = _mm512_add_epi32(high[m], _mm512_madd_epi16(x, w_high));
      }
    }
    const __m512i bias = _mm512_loadu_si512(header);
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    const __mmask16 store_mask = static_cast<__mmask16>((1u << count) - 1);
    const __m512i multiplier = _mm512_loadu_si512(header + kNr);
    const __m512i left = _mm512_loadu_si512(header + 2 * kNr);
    const __m512i right = _mm512_loadu_si512(header + 3 * kNr);
    for (int32_t m = 0; m < R; ++m) {
      const __m512i low_sums = _mm512_add_epi32(low[m], _mm512_srli_epi64(low[m], 32));
      const __m512i high_sums = _mm512_add_epi32(high[m], _mm512_srli_epi64(high[m], 32));
      __m512i acc = _mm512_add_epi32(
          _mm512_permutex2var_epi32(low_sums, even_lanes, high_sums), bias);
      if (row_offsets != nullptr) acc = _mm512_add_epi32(acc, _mm512_set1_epi32(row_offsets[m]));
      if (params.int32_output) {
        _mm512_mask_storeu_epi32(static_cast<int32_t*>(c) + m * c_stride + first, store_mask,
                                 acc);
      } else {
        const __m512i value = avx512::Requantize(acc, multiplier, left, right, requantization);
        _mm_mask_storeu_epi8(static_cast<uint8_t*>(c) + m * c_stride + first, store_mask,
                             _mm512_cvtepi32_epi8(value));
      }
    }
    block = b + groups * kNr * 4;
  }
}

}  // namespace

void qs8_gemm_4x16c4__avx512(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                             size_t a_stride, const void* packed, void* c, size_t c_stride,
                             const int32_t* row_offsets, const Qs8GemmParams& params) {
  switch (rows) {
    BRASA_QS8_GEMM_ROWS_UP_TO_4
    default: break;
  }
}

}  // namespace brasa
