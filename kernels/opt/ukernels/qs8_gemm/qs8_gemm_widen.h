// The rows of qs8_gemm's vpmaddwd variants (6x8c4__avx2, 8x16c4__avx512),
// widened to int16 once per call: each group of 4 bytes XOR a_flip as 4
// int16, which a kernel then broadcasts from memory for every block of
// channels, instead of widening and broadcasting the group again for each
// (as many instructions as the multiply-adds). Depths over kChunkGroups
// groups are widened a chunk at a time.
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_WIDEN_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_WIDEN_H_

#include <immintrin.h>

#include <cstdint>

#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kChunkGroups = 256;  // 1,024 bytes of depth: 2 KB per widened row

// Groups [first, last) of `row`, each byte XOR flip, as int16 from `to`.
inline void WidenGroups(const uint8_t* row, int32_t depth, int32_t first, int32_t last,
                        uint32_t flip, int16_t* to) {
  const __m128i flip_bytes = _mm_set1_epi32(static_cast<int32_t>(flip));
  int32_t k = first * 4;
  const int32_t end = last * 4;
  for (; k + 16 <= end && k + 16 <= depth; k += 16, to += 16) {
    const __m128i bytes = _mm_xor_si128(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + k)), flip_bytes);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(to), _mm256_cvtepu8_epi16(bytes));
  }
  for (; k < end; k += 4, to += 4) {  // a group at a time, the last one partial
    const uint32_t word = Qs8GemmActivationWord(row, k, depth) ^ flip;
    const __m128i wide = _mm_cvtepu8_epi16(_mm_cvtsi32_si128(static_cast<int32_t>(word)));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to), wide);
  }
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_WIDEN_H_
