// qs8_dconv with AVX2: tiles of 2 pixels x 16 channels (two packed blocks
// of 8). As the AVX-512 (no VNNI) variant: A bytes and weights widened to
// int16, vpmaddwd sums tap pairs exactly, each channel's two pair sums kept
// in adjacent int32 lanes (channels 0-3 and 4-7 in two vectors) until the end.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace {

constexpr int32_t kBlock = 8;
constexpr size_t kHeaderBytes = sizeof(int32_t) * kPackedChannelWords * kBlock;

inline uint32_t LoadWord(const uint8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}

// int16 ones for a group's real taps: all 4 but in a short last group.
inline __m256i GroupOnes(int32_t g, int32_t segment) {
  const int32_t real = std::min(4, segment - 4 * g);
  const uint64_t ones = 0x0001000100010001ull >> (16 * (4 - real));
  return _mm256_set1_epi64x(static_cast<int64_t>(ones));
}

// Adds each channel's two adjacent pair sums: channels 0-3 from `low`, 4-7
// from `high`, in order.
inline __m256i PairTotals(__m256i low, __m256i high) {
  low = _mm256_add_epi32(low, _mm256_shuffle_epi32(low, 0xB1));
  high = _mm256_add_epi32(high, _mm256_shuffle_epi32(high, 0xB1));
  // Per 128-bit half: [low0 low2 high0 high2 | low4 low6 high4 high6] =
  // channels [0 1 4 5 | 2 3 6 7]; then the middle 64-bit pairs swap.
  const __m256 mixed = _mm256_shuffle_ps(_mm256_castsi256_ps(low), _mm256_castsi256_ps(high),
                                         _MM_SHUFFLE(2, 0, 2, 0));
  return _mm256_permute4x64_epi64(_mm256_castps_si256(mixed), _MM_SHUFFLE(3, 1, 2, 0));
}

// dconv_tiles.h's policy; kSum: add d * (the sum of A) per pixel.
template <bool kSum>
struct Tiles {
  static constexpr int32_t kNr = kBlock, kMaxPixels = 2;

  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const uint8_t* const* rows, const uint8_t* block,
                   size_t block_bytes, uint8_t* out, int32_t count, const Qs8DconvParams& params) {
    __m256i low[P][NB], high[P][NB], sums[P];
    for (int32_t p = 0; p < P; ++p) {
      sums[p] = _mm256_setzero_si256();
      for (int32_t b = 0; b < NB; ++b) low[p][b] = high[p][b] = _mm256_setzero_si256();
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const int32_t groups = Qs8DconvGroups(params.segment);
    const uint8_t* w = block + kHeaderBytes;
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const uint8_t* a = rows[fy] + static_cast<size_t>(first_pixel) * step;
      for (int32_t g = 0; g < groups; ++g, w += 4 * kNr) {
        __m256i w_low[NB], w_high[NB];
        for (int32_t b = 0; b < NB; ++b) {
          const uint8_t* bytes = w + b * block_bytes;
          w_low[b] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)));
          w_high[b] =
              _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16)));
        }
        const __m256i ones = kSum ? GroupOnes(g, params.segment) : _mm256_setzero_si256();
        for (int32_t p = 0; p < P; ++p) {
          const __m256i x = _mm256_cvtepu8_epi16(
              _mm_set1_epi32(static_cast<int32_t>(LoadWord(a + p * step + 4 * g))));
          for (int32_t b = 0; b < NB; ++b) {
            low[p][b] = _mm256_add_epi32(low[p][b], _mm256_madd_epi16(x, w_low[b]));
            high[p][b] = _mm256_add_epi32(high[p][b], _mm256_madd_epi16(x, w_high[b]));
          }
          if (kSum) sums[p] = _mm256_add_epi32(sums[p], _mm256_madd_epi16(x, ones));
        }
      }
    }
    const avx2::Requantization r =
        avx2::MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
    const __m256i factor = _mm256_set1_epi32(params.row_sum_factor);
    for (int32_t b = 0; b < NB; ++b) {
      const int32_t* header = reinterpret_cast<const int32_t*>(block + b * block_bytes);
      auto load = [&](int32_t i) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header + i * kNr));
      };
      const __m256i bias = load(0), multiplier = load(1), left = load(2), right = load(3);
      const int32_t lanes = std::min(kNr, count - b * kNr);
      for (int32_t p = 0; p < P; ++p) {
        __m256i total = _mm256_add_epi32(bias, PairTotals(low[p][b], high[p][b]));
        if (kSum) {
          // Every lane pair of sums[p] holds the same two halves of the sum.
          const __m256i sum = _mm256_add_epi32(sums[p], _mm256_shuffle_epi32(sums[p], 0xB1));
          total = _mm256_add_epi32(total, _mm256_mullo_epi32(sum, factor));
        }
        const uint64_t bytes = avx2::LowBytes(avx2::Requantize(total, multiplier, left, right, r));
        std::memcpy(out + static_cast<size_t>(first_pixel + p) * params.channels + b * kNr, &bytes,
                    static_cast<size_t>(lanes));
      }
    }
  }
};

}  // namespace

void qs8_dconv_2x16c4__avx2(int32_t pixels, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DconvParams& params) {
  const uint8_t* blocks = static_cast<const uint8_t*>(packed);
  const size_t block_bytes = Qs8DconvPackedBytes(kBlock, kBlock, params.filter_h, params.segment);
  if (params.row_sum_factor != 0) {
    RunDconvTiles<Tiles<true>>(pixels, rows, blocks, block_bytes, output, params);
  } else {
    RunDconvTiles<Tiles<false>>(pixels, rows, blocks, block_bytes, output, params);
  }
}

}  // namespace brasa
