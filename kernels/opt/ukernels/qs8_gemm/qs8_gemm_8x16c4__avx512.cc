// qs8_gemm with AVX-512 BW (no VNNI): up to 8 rows x 16 channels per step.
// Bytes widen to int16 and vpmaddwd adds pairs of products, so each channel
// keeps two partial sums (depth 0-1 and 2-3 of every group) until the end.
// As 6x8c4__avx2, the rows are widened once per call (qs8_gemm_widen.h) and
// each group's four int16 broadcast from there by a load; 8 rows (16 sums,
// 2 weight vectors, a broadcast) share each widened weight vector. Sums
// requantize as 8x48c4__avx512vnni's (requantize_avx512.h: one rounding for
// plain blocks, 4 rows' bytes packed at once).
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_rows.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_widen.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;

// The R rows' sums of one block of `count` channels as bytes, rows 4 at a
// time (FinishFour), then one at a time.
template <int32_t R, bool kPlain, bool kUnsigned>
BRASA_FORCE_INLINE void StoreRows(const __m512i* sums, const avx512::RowBlockQuant& q,
                                  const avx512::FourPack& pack,
                                  const avx512::Requantization& requantization, int32_t count,
                                  uint8_t* out, size_t stride) {
  const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
  int32_t m = 0;
  for (; m + 4 <= R; m += 4) {
    const __m512i bytes = avx512::FinishFour<kUnsigned>(
        avx512::RequantizeRow<kPlain>(sums[m], q), avx512::RequantizeRow<kPlain>(sums[m + 1], q),
        avx512::RequantizeRow<kPlain>(sums[m + 2], q),
        avx512::RequantizeRow<kPlain>(sums[m + 3], q), pack);
    if (count == kNr) {
      avx512::StoreFourRows<false>(bytes, out + m * stride, stride, mask);
    } else {
      avx512::StoreFourRows<true>(bytes, out + m * stride, stride, mask);
    }
  }
  for (; m < R; ++m) {
    _mm_mask_storeu_epi8(out + m * stride, mask,
                         avx512::FinishRow(avx512::RequantizeRow<kPlain>(sums[m], q),
                                           requantization));
  }
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const uint8_t* a, size_t a_stride,
              const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
              const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4;
  const bool one_chunk = groups <= kChunkGroups;
  alignas(64) int16_t wide[R][kChunkGroups * 4];
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const avx512::FourPack pack =
      avx512::MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  const bool unsigned_bytes = avx512::UnsignedBytes(params.output_min);
  const __m512i even_lanes = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24,
                                               26, 28, 30);
  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const uint8_t* b = block + sizeof(int32_t) * kPackedChannelWords * kNr;
    __m512i low[R], high[R];  // channels 0-7 and 8-15, two partial sums each
#pragma GCC unroll 8
    for (int32_t m = 0; m < R; ++m) low[m] = high[m] = _mm512_setzero_si512();
    for (int32_t chunk = 0; chunk < groups; chunk += kChunkGroups) {
      const int32_t chunk_end = groups - chunk < kChunkGroups ? groups : chunk + kChunkGroups;
      if (!one_chunk || first == 0) {
        for (int32_t m = 0; m < R; ++m) {
          WidenGroups(a + m * a_stride, depth, chunk, chunk_end, params.a_flip, wide[m]);
        }
      }
      for (int32_t g = chunk; g < chunk_end; ++g) {
        const __m256i* w = reinterpret_cast<const __m256i*>(b + g * kNr * 4);
        const __m512i w_low = _mm512_cvtepi8_epi16(_mm256_loadu_si256(w));
        const __m512i w_high = _mm512_cvtepi8_epi16(_mm256_loadu_si256(w + 1));
#pragma GCC unroll 8
        for (int32_t m = 0; m < R; ++m) {
          int64_t four;
          std::memcpy(&four, wide[m] + (g - chunk) * 4, sizeof(four));
          const __m512i x = _mm512_set1_epi64(four);
          low[m] = _mm512_add_epi32(low[m], _mm512_madd_epi16(x, w_low));
          high[m] = _mm512_add_epi32(high[m], _mm512_madd_epi16(x, w_high));
        }
      }
    }
    const __m512i bias = _mm512_loadu_si512(header);
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    __m512i sums[R];
#pragma GCC unroll 8
    for (int32_t m = 0; m < R; ++m) {
      const __m512i low_sums = _mm512_add_epi32(low[m], _mm512_srli_epi64(low[m], 32));
      const __m512i high_sums = _mm512_add_epi32(high[m], _mm512_srli_epi64(high[m], 32));
      sums[m] = _mm512_add_epi32(_mm512_permutex2var_epi32(low_sums, even_lanes, high_sums), bias);
      if (row_offsets != nullptr) {
        sums[m] = _mm512_add_epi32(sums[m], _mm512_set1_epi32(row_offsets[m]));
      }
    }
    if (params.int32_output) {
      const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
      for (int32_t m = 0; m < R; ++m) {
        _mm512_mask_storeu_epi32(static_cast<int32_t*>(c) + m * c_stride + first, mask, sums[m]);
      }
    } else {
      const avx512::RowBlockQuant q = avx512::LoadRowBlockQuant(header);
      uint8_t* out = static_cast<uint8_t*>(c) + first;
      if (q.plain) {
        unsigned_bytes
            ? StoreRows<R, true, true>(sums, q, pack, requantization, count, out, c_stride)
            : StoreRows<R, true, false>(sums, q, pack, requantization, count, out, c_stride);
      } else {
        unsigned_bytes
            ? StoreRows<R, false, true>(sums, q, pack, requantization, count, out, c_stride)
            : StoreRows<R, false, false>(sums, q, pack, requantization, count, out, c_stride);
      }
    }
    block = b + groups * kNr * 4;
  }
}

}  // namespace

void qs8_gemm_8x16c4__avx512(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                             size_t a_stride, const void* packed, void* c, size_t c_stride,
                             const int32_t* row_offsets, const Qs8GemmParams& params) {
  switch (rows) {
    BRASA_QS8_GEMM_ROWS_UP_TO_4
    BRASA_QS8_GEMM_ROWS_5_TO_8
    default: break;
  }
}

}  // namespace brasa
