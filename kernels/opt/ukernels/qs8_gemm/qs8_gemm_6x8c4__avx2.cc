// qs8_gemm with AVX2: up to 6 rows x 8 channels per step. Bytes widen to
// int16 and vpmaddwd adds pairs of products; each channel keeps two partial
// sums (depth 0-1 and 2-3 of every group), added with vphaddd at the end.
// The rows' bytes (XOR a_flip) are widened once per call into a stack
// buffer, 16 at a time, and each group's four int16 are then broadcast
// from it by a load: widening and broadcasting every row's group again for
// each 8 channels (the 4-row kernel this replaced) cost as many
// instructions as the multiply-adds, and ran 1.4x (depth 16) to 2.3x
// (depth 160 and more) slower. Depths over kChunkGroups groups are widened
// a chunk at a time for each 8 channels. 6 rows (12 sums, 2 weight vectors
// and a broadcast: 15 of AVX2's 16 registers) ran 1-9% faster than 4.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_rows.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_widen.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 8;

// The R rows' sums of one block of channels (`count` of them) as bytes.
// Blocks of plain channels (avx2::PlainBlock, nearly all in models)
// requantize in one rounding, and 4 full rows at a time pack to bytes
// together (avx2::FinishFour); other blocks take the general path.
template <int32_t R>
void StoreBlock(const __m256i* sums, const int32_t* header, int32_t count, uint8_t* out,
                size_t stride, const avx2::Requantization& requantization,
                const avx2::FourPack& pack, bool unsigned_bytes) {
  auto store_row = [&](int32_t m, __m256i finished) {  // + zp_out and clamped
    const uint64_t bytes = avx2::LowBytes(finished);
    std::memcpy(out + m * stride, &bytes, static_cast<size_t>(count));
  };
  if (!avx2::PlainBlock(header)) {
    const auto load = [&](int32_t which) {
      return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header + which * kNr));
    };
    for (int32_t m = 0; m < R; ++m) {
      store_row(m, avx2::Requantize(sums[m], load(kPackedMultiplier), load(kPackedLeftShift),
                                    load(kPackedRightShift), requantization));
    }
    return;
  }
  int32_t m = 0;
  if (count == kNr) {
    for (; m + 4 <= R; m += 4) {
      const __m256i a = avx2::RequantizePlain(sums[m], header);
      const __m256i b = avx2::RequantizePlain(sums[m + 1], header);
      const __m256i c = avx2::RequantizePlain(sums[m + 2], header);
      const __m256i d = avx2::RequantizePlain(sums[m + 3], header);
      avx2::StoreFourRows(unsigned_bytes ? avx2::FinishFour<true>(a, b, c, d, pack)
                                         : avx2::FinishFour<false>(a, b, c, d, pack),
                          out + m * stride, stride);
    }
  }
  for (; m < R; ++m) {
    store_row(m, avx2::Finish(avx2::RequantizePlain(sums[m], header), requantization));
  }
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const uint8_t* a, size_t a_stride,
              const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
              const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4;
  const bool one_chunk = groups <= kChunkGroups;
  alignas(32) int16_t wide[R][kChunkGroups * 4];
  const avx2::Requantization requantization = avx2::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const avx2::FourPack pack =
      avx2::MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const uint8_t* b = block + sizeof(int32_t) * kPackedChannelWords * kNr;
    __m256i low[R], high[R];  // channels 0-3 and 4-7, two partial sums each
    for (int32_t m = 0; m < R; ++m) low[m] = high[m] = _mm256_setzero_si256();
    for (int32_t chunk = 0; chunk < groups; chunk += kChunkGroups) {
      const int32_t chunk_end = groups - chunk < kChunkGroups ? groups : chunk + kChunkGroups;
      if (!one_chunk || first == 0) {
        for (int32_t m = 0; m < R; ++m) {
          WidenGroups(a + m * a_stride, depth, chunk, chunk_end, params.a_flip, wide[m]);
        }
      }
      for (int32_t g = chunk; g < chunk_end; ++g) {
        const __m128i* w = reinterpret_cast<const __m128i*>(b + g * kNr * 4);
        const __m256i w_low = _mm256_cvtepi8_epi16(_mm_loadu_si128(w));
        const __m256i w_high = _mm256_cvtepi8_epi16(_mm_loadu_si128(w + 1));
        for (int32_t m = 0; m < R; ++m) {
          int64_t four;
          std::memcpy(&four, wide[m] + (g - chunk) * 4, sizeof(four));
          const __m256i x = _mm256_set1_epi64x(four);
          low[m] = _mm256_add_epi32(low[m], _mm256_madd_epi16(x, w_low));
          high[m] = _mm256_add_epi32(high[m], _mm256_madd_epi16(x, w_high));
        }
      }
    }
    const __m256i bias = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header));
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    __m256i sums[R];
    for (int32_t m = 0; m < R; ++m) {
      // hadd: [c0 c1 c4 c5 | c2 c3 c6 c7]; the permute restores channel order.
      sums[m] = _mm256_add_epi32(
          _mm256_permute4x64_epi64(_mm256_hadd_epi32(low[m], high[m]), 0xD8), bias);
      if (row_offsets != nullptr) {
        sums[m] = _mm256_add_epi32(sums[m], _mm256_set1_epi32(row_offsets[m]));
      }
    }
    if (params.int32_output) {
      for (int32_t m = 0; m < R; ++m) {
        int32_t values[kNr];
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(values), sums[m]);
        std::memcpy(static_cast<int32_t*>(c) + m * c_stride + first, values,
                    sizeof(int32_t) * static_cast<size_t>(count));
      }
    } else {
      StoreBlock<R>(sums, header, count, static_cast<uint8_t*>(c) + first, c_stride,
                    requantization, pack, params.output_min >= 0);
    }
    block = b + groups * kNr * 4;
  }
}

}  // namespace

void qs8_gemm_6x8c4__avx2(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                          size_t a_stride, const void* packed, void* c, size_t c_stride,
                          const int32_t* row_offsets, const Qs8GemmParams& params) {
  switch (rows) {
    BRASA_QS8_GEMM_ROWS_UP_TO_4
    BRASA_QS8_GEMM_ROWS_CASE(5)
    BRASA_QS8_GEMM_ROWS_CASE(6)
    default: break;
  }
}

}  // namespace brasa
