// qs8_gemm with AVX-512 VNNI: 8 rows x 16 channels per step. Each group of
// 4 activation bytes of a row is broadcast to all lanes and vpdpbusd adds
// the four u8 x s8 products of each channel in one instruction.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm_rows.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;  // and up to 8 rows

inline __m512i BroadcastGroup(const uint8_t* row, int32_t k, int32_t depth, __m512i flip) {
  const uint32_t word = Qs8GemmActivationWord(row, k, depth);
  return _mm512_xor_si512(_mm512_set1_epi32(static_cast<int32_t>(word)), flip);
}

// acc += the four u8 x s8 products of each lane (vpdpbusd). Inline asm ties
// the accumulator to its register: with the intrinsic, GCC 12 copies every
// accumulator in and out of the loop on each iteration (2 moves per
// multiply-add, a quarter of the loop's time).
inline void MultiplyAdd(__m512i& acc, __m512i unsigned_bytes, __m512i signed_bytes) {
#if defined(__GNUC__)
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(unsigned_bytes), "v"(signed_bytes));
#else
  acc = _mm512_dpbusd_epi32(acc, unsigned_bytes, signed_bytes);
#endif
}

// R rows (a template, so each row count gets fully unrolled code).
template <int32_t R>
void GemmRows(int32_t columns, int32_t depth, const uint8_t* a, size_t a_stride,
              const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
              const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4;
  const int32_t full_groups = depth / 4;
  const __m512i flip = _mm512_set1_epi32(static_cast<int32_t>(params.a_flip));
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const uint8_t* row[R];
  for (int32_t m = 0; m < R; ++m) row[m] = a + m * a_stride;

  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const uint8_t* b = block + sizeof(int32_t) * 4 * kNr;
    const __m512i bias = _mm512_loadu_si512(header);
    __m512i acc[R];
    for (int32_t m = 0; m < R; ++m) {
      acc[m] = row_offsets != nullptr
                   ? _mm512_add_epi32(bias, _mm512_set1_epi32(row_offsets[m]))
                   : bias;
    }
    int32_t g = 0;
    if (R <= 2) {
      // Few rows: one chain of dependent vpdpbusd per row would wait on the
      // instruction's latency; a second chain takes every other group.
      __m512i odd[R];
      for (int32_t m = 0; m < R; ++m) odd[m] = _mm512_setzero_si512();
      for (; g + 2 <= full_groups; g += 2) {
        const __m512i w0 = _mm512_loadu_si512(b + g * kNr * 4);
        const __m512i w1 = _mm512_loadu_si512(b + (g + 1) * kNr * 4);
        for (int32_t m = 0; m < R; ++m) {
          int32_t words[2];
          std::memcpy(words, row[m] + g * 4, 8);
          MultiplyAdd(acc[m], _mm512_xor_si512(_mm512_set1_epi32(words[0]), flip), w0);
          MultiplyAdd(odd[m], _mm512_xor_si512(_mm512_set1_epi32(words[1]), flip), w1);
        }
      }
      for (int32_t m = 0; m < R; ++m) acc[m] = _mm512_add_epi32(acc[m], odd[m]);
    }
    for (; g < full_groups; ++g) {
      const __m512i w = _mm512_loadu_si512(b + g * kNr * 4);
      for (int32_t m = 0; m < R; ++m) {
        int32_t word;
        std::memcpy(&word, row[m] + g * 4, 4);
        const __m512i x = _mm512_xor_si512(_mm512_set1_epi32(word), flip);
        MultiplyAdd(acc[m], x, w);
      }
    }
    for (; g < groups; ++g) {  // the last, partial group
      const __m512i w = _mm512_loadu_si512(b + g * kNr * 4);
      for (int32_t m = 0; m < R; ++m) {
        MultiplyAdd(acc[m], BroadcastGroup(row[m], g * 4, depth, flip), w);
      }
    }

    const int32_t count = columns - first < kNr ? columns - first : kNr;
    const __mmask16 store_mask = static_cast<__mmask16>((1u << count) - 1);
    if (params.int32_output) {
      for (int32_t m = 0; m < R; ++m) {
        _mm512_mask_storeu_epi32(static_cast<int32_t*>(c) + m * c_stride + first, store_mask,
                                 acc[m]);
      }
    } else {
      const __m512i multiplier = _mm512_loadu_si512(header + kNr);
      const __m512i left = _mm512_loadu_si512(header + 2 * kNr);
      const __m512i right = _mm512_loadu_si512(header + 3 * kNr);
      for (int32_t m = 0; m < R; ++m) {
        const __m512i value = avx512::Requantize(acc[m], multiplier, left, right, requantization);
        _mm_mask_storeu_epi8(static_cast<uint8_t*>(c) + m * c_stride + first, store_mask,
                             _mm512_cvtepi32_epi8(value));
      }
    }
    block = b + groups * kNr * 4;
  }
}

}  // namespace

void qs8_gemm_8x16c4__avx512vnni(int32_t rows, int32_t columns, int32_t depth,
                                 const uint8_t* a, size_t a_stride, const void* packed, void* c,
                                 size_t c_stride, const int32_t* row_offsets,
                                 const Qs8GemmParams& params) {
  switch (rows) {
    BRASA_QS8_GEMM_ROWS_UP_TO_4
    BRASA_QS8_GEMM_ROWS_5_TO_8
    default: break;
  }
}

}  // namespace brasa
