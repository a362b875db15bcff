// qs8_dconv with AVX-512 VNNI: tiles of 8 pixels x 32 channels (two packed
// blocks of 16). Each group of 4 taps loads one weight vector per block,
// shared by the 8 pixels; each pixel broadcasts its 4 A bytes into one
// vpdpbusd per block (and one more against a vector of ones for the sum of
// A when uint8 weights need it).
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

// Every loop of a tile unrolls completely, or GCC keeps the accumulator
// arrays in memory.
#if defined(__GNUC__) && !defined(__clang__)
#define BRASA_DCONV_UNROLL _Pragma("GCC unroll 8")
#else
#define BRASA_DCONV_UNROLL
#endif

// The ones that sum a group's real taps: all 4 but in a short last group.
inline __m512i GroupOnes(int32_t g, int32_t segment) {
  const int32_t real = std::min(4, segment - 4 * g);
  return _mm512_set1_epi32(static_cast<int32_t>(0x01010101u >> (8 * (4 - real))));
}

// dconv_tiles.h's policy; kSum: add d * (the sum of A) per pixel.
template <bool kSum>
struct Tiles {
  static constexpr int32_t kNr = kDconvNr, kMaxPixels = 8;

  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const uint8_t* const* rows, const uint8_t* block,
                   size_t block_bytes, uint8_t* out, int32_t count, const Qs8DconvParams& params) {
    // MobileNets' first layer (3x3 window, 3 input channels: 3 filter rows
    // of 3 groups) with its loops known at compile time: unrolled, the 9
    // steps have no loop overhead and their weights are memory operands.
    if (params.filter_h == 3 && Qs8DconvGroups(params.segment) == 3) {
      TileFor<P, NB, 3, 3>(first_pixel, rows, block, block_bytes, out, count, params);
    } else {
      TileFor<P, NB, 0, 0>(first_pixel, rows, block, block_bytes, out, count, params);
    }
  }

  // kRows, kGroups: filter rows and groups per row, or 0 (from params).
  template <int32_t P, int32_t NB, int32_t kRows, int32_t kGroups>
  BRASA_FORCE_INLINE static void TileFor(int32_t first_pixel, const uint8_t* const* rows,
                                         const uint8_t* block, size_t block_bytes, uint8_t* out,
                                         int32_t count, const Qs8DconvParams& params) {
    __m512i acc[P][NB], sums[P];
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      const __m512i bias = _mm512_loadu_si512(block + b * block_bytes);
      BRASA_DCONV_UNROLL
      for (int32_t p = 0; p < P; ++p) acc[p][b] = bias;
    }
    BRASA_DCONV_UNROLL
    for (int32_t p = 0; p < P; ++p) sums[p] = _mm512_setzero_si512();
    const size_t step = static_cast<size_t>(params.pixel_step);
    const int32_t filter_h = kRows > 0 ? kRows : params.filter_h;
    const int32_t groups = kGroups > 0 ? kGroups : Qs8DconvGroups(params.segment);
    const uint8_t* w = block + kDconvHeaderBytes;
    BRASA_DCONV_UNROLL
    for (int32_t fy = 0; fy < filter_h; ++fy) {
      const uint8_t* a = rows[fy] + static_cast<size_t>(first_pixel) * step;
      BRASA_DCONV_UNROLL
      for (int32_t g = 0; g < groups; ++g, w += 4 * kNr) {
        __m512i weights[NB];
        BRASA_DCONV_UNROLL
        for (int32_t b = 0; b < NB; ++b) weights[b] = _mm512_loadu_si512(w + b * block_bytes);
        const __m512i ones = kSum ? GroupOnes(g, params.segment) : _mm512_setzero_si512();
        BRASA_DCONV_UNROLL
        for (int32_t p = 0; p < P; ++p) {
          const __m512i x =
              _mm512_set1_epi32(static_cast<int32_t>(avx512::LoadDconvWord(a + p * step + 4 * g)));
          BRASA_DCONV_UNROLL
          for (int32_t b = 0; b < NB; ++b) {
            acc[p][b] = _mm512_dpbusd_epi32(acc[p][b], x, weights[b]);
          }
          if (kSum) sums[p] = _mm512_dpbusd_epi32(sums[p], x, ones);
        }
      }
    }
    const __m512i factor = _mm512_set1_epi32(params.row_sum_factor);
    __m512i totals[NB][P];
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      BRASA_DCONV_UNROLL
      for (int32_t p = 0; p < P; ++p) {
        totals[b][p] = acc[p][b];
        if (kSum) {
          totals[b][p] = _mm512_add_epi32(totals[b][p], _mm512_mullo_epi32(sums[p], factor));
        }
      }
    }
    uint8_t* first_out = out + static_cast<size_t>(first_pixel) * params.channels;
    if (NB == 2 && avx512::StorePixelPairs<P>(totals[0], totals[NB - 1], block,
                                              block + block_bytes, first_out, params)) {
      return;
    }
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      avx512::StoreRequantizedPixels<P>(totals[b], block + b * block_bytes, count - b * kNr,
                                        first_out + b * kNr,
                                        static_cast<size_t>(params.channels), params);
    }
  }
};

}  // namespace

void qs8_dconv_8x32c4__avx512vnni(int32_t pixels, const uint8_t* const* rows,
                                  const void* packed, uint8_t* output,
                                  const Qs8DconvParams& params) {
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
