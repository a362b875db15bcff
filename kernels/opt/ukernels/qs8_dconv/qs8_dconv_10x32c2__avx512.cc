// qs8_dconv with AVX-512 BW (no VNNI): tiles of 10 pixels x 32 channels (two
// packed blocks of 16) over the wide layout (qs8_dconv.h): uint16 rows and
// int16 weight pairs with the uint8 row-sum term folded in, so each pair of
// taps is one 4-byte broadcast per pixel and one vpmaddwd + vpaddd per
// block into its 16 channel sums, with no widening, no per-pixel sum of A
// and no pair sums to add at the end (the 4x32c4 kernel this replaced
// widened every group's weights and A bytes, and kept two partial sums per
// channel). 20 sums, 2 weight vectors, a broadcast and a product: 24 of
// the 32 registers (MobileNetV2's first layer in a standalone harness:
// about 129 us a pass against 142 us with tiles of 12 pixels, 152 us with
// 8, 163 us for 4x32c4). Requantization: common/qs8_dconv_avx512.h.
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/common/qs8_dconv_avx512.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace {

using avx512::kDconvHeaderBytes;
using avx512::kDconvNr;

// Every loop of a tile unrolls completely, or GCC keeps the sums in memory.
#if defined(__GNUC__) && !defined(__clang__)
#define BRASA_DCONV_UNROLL _Pragma("GCC unroll 16")
#define BRASA_DCONV_NO_UNROLL _Pragma("GCC unroll 1")
#else
#define BRASA_DCONV_NO_UNROLL
#define BRASA_DCONV_UNROLL
#endif

// Two uint16 taps, in every 32-bit lane.
BRASA_FORCE_INLINE __m512i BroadcastPair(const uint16_t* p) {
  int32_t pair;
  std::memcpy(&pair, p, sizeof(pair));
  return _mm512_set1_epi32(pair);
}

// dconv_tiles.h's policy.
struct Tiles {
  static constexpr int32_t kNr = kDconvNr, kMaxPixels = 10;

  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const uint8_t* const* rows, const uint8_t* block,
                   size_t block_bytes, uint8_t* out, int32_t count, const Qs8DconvParams& params) {
    // MobileNets' first layer (3x3 window over 3 channels: 5 pairs per
    // filter row) with its pair loop known at compile time and unrolled.
    if (Qs8DconvPairs(params.segment) == 5) {
      TileFor<P, NB, 5>(first_pixel, rows, block, block_bytes, out, count, params);
    } else {
      TileFor<P, NB, 0>(first_pixel, rows, block, block_bytes, out, count, params);
    }
  }

  // kPairs: pairs per filter row, or 0 (from params).
  template <int32_t P, int32_t NB, int32_t kPairs>
  BRASA_FORCE_INLINE static void TileFor(int32_t first_pixel, const uint8_t* const* rows,
                                         const uint8_t* block, size_t block_bytes, uint8_t* out,
                                         int32_t count, const Qs8DconvParams& params) {
    __m512i acc[NB][P];
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      const __m512i bias = _mm512_loadu_si512(block + b * block_bytes);
      BRASA_DCONV_UNROLL
      for (int32_t p = 0; p < P; ++p) acc[b][p] = bias;
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const int32_t pairs = kPairs > 0 ? kPairs : Qs8DconvPairs(params.segment);
    const int16_t* w = reinterpret_cast<const int16_t*>(block + kDconvHeaderBytes);
    const size_t block_elements = block_bytes / sizeof(int16_t);
    // The filter rows stay a loop; a row's pairs unroll when kPairs fixes
    // their count.
    BRASA_DCONV_NO_UNROLL
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const uint16_t* a =
          reinterpret_cast<const uint16_t*>(rows[fy]) + static_cast<size_t>(first_pixel) * step;
      for (int32_t q = 0; q < pairs; ++q, a += 2, w += 2 * kNr) {
        __m512i weights[NB];
        BRASA_DCONV_UNROLL
        for (int32_t b = 0; b < NB; ++b) weights[b] = _mm512_loadu_si512(w + b * block_elements);
        BRASA_DCONV_UNROLL
        for (int32_t p = 0; p < P; ++p) {
          const __m512i x = BroadcastPair(a + p * step);
          BRASA_DCONV_UNROLL
          for (int32_t b = 0; b < NB; ++b) {
            acc[b][p] = _mm512_add_epi32(acc[b][p], _mm512_madd_epi16(x, weights[b]));
          }
        }
      }
    }
    uint8_t* first_out = out + static_cast<size_t>(first_pixel) * params.channels;
    if (NB == 2 && avx512::StorePixelPairs<P>(acc[0], acc[NB - 1], block, block + block_bytes,
                                              first_out, params)) {
      return;
    }
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      avx512::StoreRequantizedPixels<P>(acc[b], block + b * block_bytes, count - b * kNr,
                                        first_out + b * kNr,
                                        static_cast<size_t>(params.channels), params);
    }
  }
};

}  // namespace

void qs8_dconv_10x32c2__avx512(int32_t pixels, const uint8_t* const* rows, const void* packed,
                              uint8_t* output, const Qs8DconvParams& params) {
  const size_t block_bytes =
      Qs8DconvWidePackedBytes(kDconvNr, kDconvNr, params.filter_h, params.segment);
  RunDconvTiles<Tiles>(pixels, rows, static_cast<const uint8_t*>(packed), block_bytes, output,
                       params);
}

}  // namespace brasa
