// Loads and widenings the AVX2 int8 depthwise kernels share
// (qs8_dwconv_8c__avx2.cc and the row form, qs8_dwconv_row_avx2.h): 8
// channels' bytes per vector, widened to int16 pairs or int32 lanes.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_LANES_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_LANES_AVX2_H_

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace brasa {
namespace avx2 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

// 8 bytes, or (kPartial) the first `count` < 8 of them, the rest zero,
// without reading past them.
template <bool kPartial>
inline __m128i Load8(const uint8_t* bytes, int32_t count) {
  if (!kPartial) return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
  uint64_t word = 0;
  std::memcpy(&word, bytes, static_cast<size_t>(count));
  return _mm_cvtsi64_si128(static_cast<int64_t>(word));
}

template <bool kUint8>
inline __m256i Widen16(__m128i bytes) {
  return kUint8 ? _mm256_cvtepu8_epi16(bytes) : _mm256_cvtepi8_epi16(bytes);
}

template <bool kUint8>
inline __m256i Widen32(__m128i bytes) {
  return kUint8 ? _mm256_cvtepu8_epi32(bytes) : _mm256_cvtepi8_epi32(bytes);
}

inline __m256i LoadWords(const int32_t* words) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words));
}

// Two taps' packed weights (one per int32 lane, in its low 16 bits) as the
// int16 pairs vpmaddwd takes: `low`'s in the low half of each lane.
inline __m256i PairWords(const int32_t* low, const int32_t* high) {
  return _mm256_or_si256(LoadWords(low), _mm256_slli_epi32(LoadWords(high), 16));
}

}  // namespace
}  // namespace avx2
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_LANES_AVX2_H_
