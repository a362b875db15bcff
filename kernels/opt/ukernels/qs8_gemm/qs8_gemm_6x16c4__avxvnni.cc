// qs8_gemm with AVX-VNNI (AVX2 CPUs with the VEX form of vpdpbusd, such as
// Alder Lake): 6 rows x 16 channels per step. Each depth group of 4 is one
// vpdpbusd per row and half-block (four u8 x s8 products summed into each
// int32 lane). Packed as nr = 16, like the AVX-512 variants. The main loop
// takes whole groups only (the last, partial group after it) and broadcasts
// each group's word straight from memory, flipped by one vpxor: 12
// accumulators, 2 weight vectors, 1 broadcast and the flip fill the 16 ymm
// registers. Rows 0-3 of full plain blocks pack to bytes together.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_rows.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;  // and up to 6 rows
constexpr int32_t kHalf = 8;

// acc += the four u8 x s8 products of each lane (VEX vpdpbusd). Inline asm
// ties the accumulator to its register: with the intrinsic, GCC 12 copied
// some accumulators to other registers (and one to the stack) every group.
inline void MultiplyAdd(__m256i& acc, __m256i unsigned_bytes, __m256i signed_bytes) {
#if defined(__GNUC__)
  __asm__("%{vex%} vpdpbusd %2, %1, %0" : "+x"(acc) : "x"(unsigned_bytes), "x"(signed_bytes));
#else
  acc = _mm256_dpbusd_avx_epi32(acc, unsigned_bytes, signed_bytes);
#endif
}

inline __m256i LoadHeader(const int32_t* header, int32_t row, int32_t half) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header + row * kNr + half * kHalf));
}

// Stores channels [half * 8, half * 8 + count) of one output row.
inline void StoreHalf(__m256i acc, const int32_t* header, int32_t half, int32_t count,
                      const avx2::Requantization& requantization, const Qs8GemmParams& params,
                      void* row_out) {
  if (count <= 0) return;
  if (count > kHalf) count = kHalf;
  if (params.int32_output) {
    int32_t values[kHalf];
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(values), acc);
    std::memcpy(static_cast<int32_t*>(row_out) + half * kHalf, values,
                sizeof(int32_t) * static_cast<size_t>(count));
    return;
  }
  // Plain blocks (nearly all) in one rounding (requantize_avx2.h).
  const __m256i requantized =
      avx2::PlainBlock(header + half * kHalf, kNr)
          ? avx2::Finish(avx2::RequantizePlain(acc, header + half * kHalf, kNr), requantization)
          : avx2::Requantize(acc, LoadHeader(header, 1, half), LoadHeader(header, 2, half),
                             LoadHeader(header, 3, half), requantization);
  const uint64_t bytes = avx2::LowBytes(requantized);
  std::memcpy(static_cast<uint8_t*>(row_out) + half * kHalf, &bytes, static_cast<size_t>(count));
}

// Rows [0, 4) of a full half block of plain channels as bytes, packed
// together (avx2::FinishFour, as 6x8c4__avx2): one pack and 4 stores
// instead of 4 LowBytes and 4 copies.
template <bool kUnsigned>
inline void StoreFourPlain(const __m256i* sums, const int32_t* header, int32_t half,
                           const avx2::FourPack& pack, uint8_t* out, size_t stride) {
  const int32_t* h = header + half * kHalf;
  avx2::StoreFourRows(avx2::FinishFour<kUnsigned>(avx2::RequantizePlain(sums[0], h, kNr),
                                                  avx2::RequantizePlain(sums[2], h, kNr),
                                                  avx2::RequantizePlain(sums[4], h, kNr),
                                                  avx2::RequantizePlain(sums[6], h, kNr), pack),
                      out + half * kHalf, stride);
}

template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const uint8_t* a, size_t a_stride,
              const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
              const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4, full_groups = depth / 4;
  const __m256i flip = _mm256_set1_epi32(static_cast<int32_t>(params.a_flip));
  const avx2::Requantization requantization = avx2::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const avx2::FourPack pack =
      avx2::MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  const bool unsigned_bytes = params.output_min >= 0;
  const size_t element = params.int32_output ? sizeof(int32_t) : 1;
  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const uint8_t* b = block + sizeof(int32_t) * kPackedChannelWords * kNr;
    __m256i low[R], high[R];  // channels 0-7 and 8-15
#pragma GCC unroll 6
    for (int32_t m = 0; m < R; ++m) low[m] = high[m] = _mm256_setzero_si256();
    for (int32_t g = 0; g < full_groups; ++g) {
      const __m256i w_low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b));
      const __m256i w_high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 32));
      b += kNr * 4;
#pragma GCC unroll 6
      for (int32_t m = 0; m < R; ++m) {
        int32_t word;
        std::memcpy(&word, a + m * a_stride + g * 4, 4);
        const __m256i x = _mm256_xor_si256(_mm256_set1_epi32(word), flip);
        MultiplyAdd(low[m], x, w_low);
        MultiplyAdd(high[m], x, w_high);
      }
    }
    if (full_groups < groups) {  // the last, partial group (zero past the depth)
      const __m256i w_low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b));
      const __m256i w_high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 32));
      b += kNr * 4;
#pragma GCC unroll 6
      for (int32_t m = 0; m < R; ++m) {
        const uint32_t word =
            Qs8GemmActivationWord(a + m * a_stride, full_groups * 4, depth) ^ params.a_flip;
        const __m256i x = _mm256_set1_epi32(static_cast<int32_t>(word));
        MultiplyAdd(low[m], x, w_low);
        MultiplyAdd(high[m], x, w_high);
      }
    }
    const __m256i bias_low = LoadHeader(header, 0, 0), bias_high = LoadHeader(header, 0, 1);
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    // The sums + bias' (+ row offset), row m's halves at 2m and 2m + 1.
    // Unrolled, as the loops above: a loop over the rows here kept the 12
    // sums in a stack array that every depth group stored (on AMD Zen 5 the
    // 1x1 14x14x256 -> 256 took 128 us, now 81 us).
    __m256i sums[2 * R];
#pragma GCC unroll 6
    for (int32_t m = 0; m < R; ++m) {
      const __m256i offset =
          row_offsets != nullptr ? _mm256_set1_epi32(row_offsets[m]) : _mm256_setzero_si256();
      sums[2 * m] = _mm256_add_epi32(_mm256_add_epi32(low[m], bias_low), offset);
      sums[2 * m + 1] = _mm256_add_epi32(_mm256_add_epi32(high[m], bias_high), offset);
    }
    int32_t m = 0;
    if (R >= 4 && count == kNr && !params.int32_output && avx2::PlainBlock(header, kNr) &&
        avx2::PlainBlock(header + kHalf, kNr)) {
      uint8_t* out = static_cast<uint8_t*>(c) + first;
      for (int32_t half = 0; half < 2; ++half) {
        unsigned_bytes ? StoreFourPlain<true>(sums + half, header, half, pack, out, c_stride)
                       : StoreFourPlain<false>(sums + half, header, half, pack, out, c_stride);
      }
      m = 4;
    }
#pragma GCC unroll 6
    for (; m < R; ++m) {
      void* row_out = static_cast<uint8_t*>(c) + (m * c_stride + first) * element;
      StoreHalf(sums[2 * m], header, 0, count, requantization, params, row_out);
      StoreHalf(sums[2 * m + 1], header, 1, count - kHalf, requantization, params, row_out);
    }
    block = b;
  }
}

}  // namespace

void qs8_gemm_6x16c4__avxvnni(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
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
