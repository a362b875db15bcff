// The body of qs8_dconv's wide AVX2-class variants (qs8_dconv_6x16c2__avx2,
// qs8_dconv_6x16c2__avxvnni): tiles of 6 pixels x 16 channels (two packed
// blocks of 8) over the wide layout (qs8_dconv.h): the rows arrive as
// uint16, the weights as int16 pairs with the uint8 row-sum term folded in,
// so each pair of taps is one 4-byte broadcast per pixel and one multiply-add
// of int16 pairs per block into that block's 8 channel sums (Mac: vpmaddwd +
// vpaddd, or AVX-VNNI's vpdpwssd, which gives the same sums: no product pair
// here comes near int32's range). 12 sums, 2 weight vectors and a
// broadcast: 15 of the 16 registers. Plain blocks requantize in one
// rounding and pack two pixels' 16 channels at once (requantize_avx2.h).
// Each including file compiles it with its own ISA's flags.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_WIDE_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_WIDE_AVX2_H_

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/opt/ukernels/common/dconv_tiles.h"
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace avx2 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kWideBlock = 8;
constexpr size_t kWideHeaderBytes = sizeof(int32_t) * kPackedChannelWords * kWideBlock;

// Every loop of a tile unrolls completely, or GCC keeps the sums in memory.
#if defined(__GNUC__) && !defined(__clang__)
#define BRASA_DCONV_UNROLL _Pragma("GCC unroll 16")
#define BRASA_DCONV_NO_UNROLL _Pragma("GCC unroll 1")
#else
#define BRASA_DCONV_NO_UNROLL
#define BRASA_DCONV_UNROLL
#endif

#if defined(__GNUC__)
#define BRASA_DCONV_INLINE inline __attribute__((always_inline))
#else
#define BRASA_DCONV_INLINE inline
#endif

// Two uint16 taps, in every 32-bit lane.
BRASA_DCONV_INLINE __m256i BroadcastPair(const uint16_t* p) {
  int32_t pair;
  std::memcpy(&pair, p, sizeof(pair));
  return _mm256_set1_epi32(pair);
}

inline const int32_t* WideHeader(const uint8_t* block) {
  return reinterpret_cast<const int32_t*>(block);
}

// One pixel's 8 channels of a block as bytes, + zp_out and clamped.
inline uint64_t WidePixelBytes(__m256i acc, const int32_t* header, const Requantization& r) {
  if (PlainBlock(header)) {
    return LowBytes(Finish(RequantizePlain(acc, header), r));
  }
  auto load = [&](int32_t which) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(header + which * kWideBlock));
  };
  return LowBytes(
      Requantize(acc, load(kPackedMultiplier), load(kPackedLeftShift), load(kPackedRightShift), r));
}

// The tile's bytes where every block is plain and full: two pixels' 16
// channels packed at once for two blocks, four pixels' 8 for one.
template <int32_t P, int32_t NB, bool kUnsigned>
BRASA_DCONV_INLINE void StoreWidePlain(const __m256i (&acc)[P][NB], const int32_t* const* headers,
                                       uint8_t* out, size_t stride, const Qs8DconvParams& params) {
  const FourPack pack =
      MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  auto requantize = [&](int32_t p, int32_t b) { return RequantizePlain(acc[p][b], headers[b]); };
  if (NB == 2) {
    BRASA_DCONV_UNROLL
    for (int32_t p = 0; p < P; p += 2) {
      const int32_t next = p + 1 < P ? p + 1 : p;  // an odd last pixel packs itself twice
      const __m256i bytes =
          FinishFour<kUnsigned>(requantize(p, 0), requantize(p, NB - 1), requantize(next, 0),
                                requantize(next, NB - 1), pack);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + p * stride), _mm256_castsi256_si128(bytes));
      if (p + 1 < P) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + (p + 1) * stride),
                         _mm256_extracti128_si256(bytes, 1));
      }
    }
    return;
  }
  int32_t p = 0;
  BRASA_DCONV_UNROLL
  for (; p + 4 <= P; p += 4) {
    StoreFourRows(FinishFour<kUnsigned>(requantize(p, 0), requantize(p + 1, 0),
                                        requantize(p + 2, 0), requantize(p + 3, 0), pack),
                  out + p * stride, stride);
  }
  const Requantization r =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  BRASA_DCONV_UNROLL
  for (; p < P; ++p) {
    const uint64_t bytes = LowBytes(Finish(requantize(p, 0), r));
    std::memcpy(out + p * stride, &bytes, sizeof(bytes));
  }
}

// dconv_tiles.h's policy. Mac::Apply(acc, x, w) adds the pair products of
// x and w (int16 pairs, as vpmaddwd) to the int32 lanes of acc;
// Mac::kUnrollFive: rows of 5 pairs (3 taps of 3 channels: MobileNets'
// first layer) unroll their pairs, a row at a time (see TileFor).
template <typename Mac>
struct WideTiles {
  static constexpr int32_t kNr = kWideBlock, kMaxPixels = 6;

  template <int32_t P, int32_t NB>
  static void Tile(int32_t first_pixel, const uint8_t* const* rows, const uint8_t* block,
                   size_t block_bytes, uint8_t* out, int32_t count, const Qs8DconvParams& params) {
    if (Mac::kUnrollFive && Qs8DconvPairs(params.segment) == 5) {
      TileFor<P, NB, 5>(first_pixel, rows, block, block_bytes, out, count, params);
    } else {
      TileFor<P, NB, 0>(first_pixel, rows, block, block_bytes, out, count, params);
    }
  }

  // kPairs: pairs per filter row, or 0 (from params).
  template <int32_t P, int32_t NB, int32_t kPairs>
  BRASA_DCONV_INLINE static void TileFor(int32_t first_pixel, const uint8_t* const* rows,
                                         const uint8_t* block, size_t block_bytes, uint8_t* out,
                                         int32_t count, const Qs8DconvParams& params) {
    const int32_t* headers[NB];
    __m256i acc[P][NB];
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      headers[b] = WideHeader(block + b * block_bytes);
      const __m256i bias = _mm256_loadu_si256(
          reinterpret_cast<const __m256i*>(headers[b] + kPackedBias * kWideBlock));
      BRASA_DCONV_UNROLL
      for (int32_t p = 0; p < P; ++p) acc[p][b] = bias;
    }
    const size_t step = static_cast<size_t>(params.pixel_step);
    const int16_t* w = reinterpret_cast<const int16_t*>(block + kWideHeaderBytes);
    const size_t block_elements = block_bytes / sizeof(int16_t);
    const int32_t pairs = kPairs > 0 ? kPairs : Qs8DconvPairs(params.segment);
    // The filter rows stay a loop: unrolled (a 3x3 window's 15 pairs), GCC
    // hoisted loads ahead of the sums and spilled them. The pairs of a row
    // stay a loop unless kPairs fixes their count (then GCC unrolls them):
    // with vpdpwssd in the loop, GCC 12 copied every sum to another
    // register, and 8 of them to the stack, in each step (MobileNetV2's
    // first layer in a standalone harness: 230 -> 178 us unrolled; the AVX2
    // variant, 190 us, measured slower unrolled).
    BRASA_DCONV_NO_UNROLL
    for (int32_t fy = 0; fy < params.filter_h; ++fy) {
      const uint16_t* a =
          reinterpret_cast<const uint16_t*>(rows[fy]) + static_cast<size_t>(first_pixel) * step;
      for (int32_t q = 0; q < pairs; ++q, a += 2, w += 2 * kWideBlock) {
        __m256i weights[NB];
        BRASA_DCONV_UNROLL
        for (int32_t b = 0; b < NB; ++b) {
          weights[b] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + b * block_elements));
        }
        BRASA_DCONV_UNROLL
        for (int32_t p = 0; p < P; ++p) {
          const __m256i x = BroadcastPair(a + p * step);
          BRASA_DCONV_UNROLL
          for (int32_t b = 0; b < NB; ++b) acc[p][b] = Mac::Apply(acc[p][b], x, weights[b]);
        }
      }
    }
    uint8_t* first_out = out + static_cast<size_t>(first_pixel) * params.channels;
    const size_t stride = static_cast<size_t>(params.channels);
    bool plain = count >= NB * kWideBlock;
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) plain = plain && PlainBlock(headers[b]);
    if (plain) {
      if (params.output_min >= 0) {
        StoreWidePlain<P, NB, true>(acc, headers, first_out, stride, params);
      } else {
        StoreWidePlain<P, NB, false>(acc, headers, first_out, stride, params);
      }
      return;
    }
    const Requantization r =
        MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
    BRASA_DCONV_UNROLL
    for (int32_t b = 0; b < NB; ++b) {
      const size_t lanes = static_cast<size_t>(std::min(kWideBlock, count - b * kWideBlock));
      BRASA_DCONV_UNROLL
      for (int32_t p = 0; p < P; ++p) {
        const uint64_t bytes = WidePixelBytes(acc[p][b], headers[b], r);
        std::memcpy(first_out + p * stride + b * kWideBlock, &bytes, lanes);
      }
    }
  }
};

// `pixels` outputs x params.channels of the wide layout, packed with nr = 8.
template <typename Mac>
void Qs8DconvWide6x16(int32_t pixels, const uint8_t* const* rows, const void* packed,
                      uint8_t* output, const Qs8DconvParams& params) {
  const size_t block_bytes =
      Qs8DconvWidePackedBytes(kWideBlock, kWideBlock, params.filter_h, params.segment);
  RunDconvTiles<WideTiles<Mac>>(pixels, rows, static_cast<const uint8_t*>(packed), block_bytes,
                                output, params);
}

}  // namespace
}  // namespace avx2
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_WIDE_AVX2_H_
