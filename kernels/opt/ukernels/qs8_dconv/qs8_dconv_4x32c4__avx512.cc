// qs8_dconv with AVX-512 BW (no VNNI): tiles of 4 pixels x 32 channels (two
// packed blocks of 16). A group's 4 A bytes and each block's 16 x 4 weight
// bytes widen to int16 (the weights once per tile, shared by the pixels);
// vpmaddwd then sums tap pairs exactly, each channel's two pair sums kept in
// adjacent int32 lanes (channels 0-7 and 8-15 in two vectors) until the end.
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/common/qs8_dconv_avx512.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace {

using avx512::kDconvHeaderBytes;
using avx512::kDconvNr;

// int16 ones for a group's real taps: all 4 but in a short last group.
inline __m512i GroupOnes(int32_t g, int32_t segment) {
  const int32_t real = std::min(4, segment - 4 * g);
  const uint64_t ones = 0x0001000100010001ull >> (16 * (4 - real));
  return _mm512_set1_epi64(static_cast<int64_t>(ones));
}

// Adds each channel's two adjacent pair sums: channels 0-7 from `low`, 8-15
// from `high`, in order.
inline __m512i PairTotals(__m512i low, __m512i high) {
  low = _mm512_add_epi32(low, _mm512_shuffle_epi32(low, _MM_PERM_CDAB));
  high = _mm512_add_epi32(high, _mm512_shuffle_epi32(high, _MM_PERM_CDAB));
  const __m512i even =
      _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  return _mm512_permutex2var_epi32(low, even, high);
}

inline __m512i WidenWeights(const uint8_t* bytes) {
  return _mm512_cvtepi8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes)));
}

// dconv_tiles.h's policy; kSum: add d * (the sum of A) per pixel.
template <bool kSum>
struct Tiles {
  static constexpr int32_t kNr = kDconvNr, kMaxPixels = 4;

  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const uint8_t* const* rows, const uint8_t* block,
                   size_t block_bytes, uint8_t* out, int32_t count, const Qs8DconvParams& params) {
    __m512i low[P][NB], high[P][NB], sums[P];
    for (int32_t p = 0; p < P; ++p) {
      sums[p] = _mm512_setzero_si512();
      for (int32_t b = 0; b < NB; ++b) low[p][b] = high[p][b] = _mm512_setzero_si512();
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const int32_t groups = Qs8DconvGroups(params.segment);
    const uint8_t* w = block + kDconvHeaderBytes;
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const uint8_t* a = rows[fy] + static_cast<size_t>(first_pixel) * step;
      for (int32_t g = 0; g < groups; ++g, w += 4 * kNr) {
        __m512i w_low[NB], w_high[NB];
        for (int32_t b = 0; b < NB; ++b) {
          w_low[b] = WidenWeights(w + b * block_bytes);
          w_high[b] = WidenWeights(w + b * block_bytes + 32);
        }
        const __m512i ones = kSum ? GroupOnes(g, params.segment) : _mm512_setzero_si512();
        for (int32_t p = 0; p < P; ++p) {
          const __m512i x = _mm512_cvtepu8_epi16(_mm256_set1_epi32(
              static_cast<int32_t>(avx512::LoadDconvWord(a + p * step + 4 * g))));
          for (int32_t b = 0; b < NB; ++b) {
            low[p][b] = _mm512_add_epi32(low[p][b], _mm512_madd_epi16(x, w_low[b]));
            high[p][b] = _mm512_add_epi32(high[p][b], _mm512_madd_epi16(x, w_high[b]));
          }
          if (kSum) sums[p] = _mm512_add_epi32(sums[p], _mm512_madd_epi16(x, ones));
        }
      }
    }
    const __m512i factor = _mm512_set1_epi32(params.row_sum_factor);
    for (int32_t b = 0; b < NB; ++b) {
      const uint8_t* header = block + b * block_bytes;
      const __m512i bias = _mm512_loadu_si512(header);
      __m512i totals[P];
      for (int32_t p = 0; p < P; ++p) {
        totals[p] = _mm512_add_epi32(bias, PairTotals(low[p][b], high[p][b]));
        if (kSum) {
          // Every lane pair of sums[p] holds the same two halves of the sum.
          const __m512i sum =
              _mm512_add_epi32(sums[p], _mm512_shuffle_epi32(sums[p], _MM_PERM_CDAB));
          totals[p] = _mm512_add_epi32(totals[p], _mm512_mullo_epi32(sum, factor));
        }
      }
      avx512::StoreRequantizedPixels<P>(
          totals, header, count - b * kNr,
          out + static_cast<size_t>(first_pixel) * params.channels + b * kNr,
          static_cast<size_t>(params.channels), params);
    }
  }
};

}  // namespace

void qs8_dconv_4x32c4__avx512(int32_t pixels, const uint8_t* const* rows, const void* packed,
                              uint8_t* output, const Qs8DconvParams& params) {
  const uint8_t* blocks = static_cast<const uint8_t*>(packed);
  const size_t block_bytes = Qs8DconvPackedBytes(kDconvNr, kDconvNr, params.filter_h,
                                                 params.segment);
  if (params.row_sum_factor != 0) {
    RunDconvTiles<Tiles<true>>(pixels, rows, blocks, block_bytes, output, params);
  } else {
    RunDconvTiles<Tiles<false>>(pixels, rows, blocks, block_bytes, output, params);
  }
}

}  // namespace brasa
