// The body of qs8_dwconv's row form in 8 int32 lanes (qs8_dwconv.h's
// Qs8DwconvRowFn, windows 3 pixels wide), in qs8_dwconv_row3_8c__avx2.cc
// and qs8_dwconv_8c__avxvnni.cc with their `Mac` policy (vpmaddwd +
// vpaddd, or AVX-VNNI's vpdpwssd): 8 channels per block, the AVX-512 row
// form's tiles (qs8_dwconv_row_avx512.h) with the AVX2 indirection form's
// taps in pairs (qs8_dwconv_8c__avx2.cc).
//
// A tile is 8, 7 or 6 consecutive output pixels of one block (4 in rows of
// 4 or 5, 1 below). Window rows go two at a time: a column's bytes of rows
// ky and ky + 1 are interleaved and widened to int16 pairs once, and meet
// the weight pairs (w'[ky][kx], w'[ky + 1][kx]) of each of the 3 / stride
// pixels that read that column in one vpmaddwd each; an odd last row is
// widened to int32 alone. A 3x3 window at stride 1 then takes, per output
// pixel and block, 3 loads and 3 widenings or interleaves where the
// indirection form takes 9 of each (and 9 pointer loads), for 6 vpmaddwd
// instead of 5. The packing is the family's (one tap per lane), so each
// call pairs a group's weights once on its stack; groups of 8 blocks (64
// bytes of each pixel, a cache line) are the outer loop, tile positions
// inside (4 blocks measured the same within noise).
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX2_H_

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/qs8_lanes_avx2.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

// Forced inlining of the tiles (their sums must stay in registers).
#if defined(__GNUC__)
#define BRASA_DWROW_INLINE inline __attribute__((always_inline))
#else
#define BRASA_DWROW_INLINE inline
#endif

namespace brasa {
namespace avx2 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kCb = 8;
constexpr int32_t kWidth = kQs8DwconvRowWidth;
constexpr int32_t kGroup = 8;  // blocks per pass over the row
// Paired weight vectors on the stack (3 KB): a group's blocks x row pairs
// x 3. Windows of more than 64 rows leave the rest unpaired.
constexpr int32_t kMaxPairVectors = 96;
// Window rows whose column addresses a tile at the image's edges looks up
// once for all the group's blocks; taller windows check every load.
constexpr int32_t kTableRows = 6;

// How a tile finds its input columns.
enum class Columns {
  kInside,    // every column of every window row is in the image
  kTable,     // looked up in the tile position's table (padding where outside)
  kComputed,  // checked at each load
};

struct Block {
  const int32_t* header;  // the packed block (header, then the taps)
  const __m256i* pairs;   // [pair_rows][3]: w'[2i][kx] in the low 16 bits, w'[2i + 1][kx] high
  int32_t pair_rows;      // window rows 0 .. 2 * pair_rows - 1 go in pairs, the rest alone
  bool plain;
};

struct Output {
  avx2::Requantization requantization;
  avx2::FourPack pack;
  bool unsigned_bytes;  // clamp bounds >= 0
  size_t pixel_bytes;
};

// Input column `column` of a window row (channel 0 of the call's slice),
// padding where outside the image.
inline const uint8_t* CheckedColumn(const uint8_t* line, int32_t column, const Qs8DwconvRow& r) {
  const bool inside = line != nullptr && column >= 0 && column < r.input_w;
  return inside ? line + static_cast<ptrdiff_t>(column) * static_cast<ptrdiff_t>(r.pixel_bytes)
                : r.padding;
}

// FinishFour's bytes, vectors 0 .. count - 1 of them, vector v at to + v * stride.
inline void StoreRows(__m256i bytes, int count, uint8_t* to, size_t stride) {
  if (count == 4) {
    avx2::StoreFourRows(bytes, to, stride);
    return;
  }
  const __m128i low = _mm256_castsi256_si128(bytes);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(to), low);
  if (count > 1) _mm_storeh_pd(reinterpret_cast<double*>(to + stride), _mm_castsi128_pd(low));
  if (count > 2) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to + 2 * stride),
                     _mm256_extracti128_si256(bytes, 1));
  }
}

// A tile's kP sums as bytes at out + p * pixel_bytes: plain full blocks 4
// pixels at a time in one rounding (a last group of fewer repeats its last
// pixel), others pixel by pixel.
template <int kP, bool kPartial>
BRASA_DWROW_INLINE void StoreTile(const __m256i* acc, const Block& b, int32_t count,
                                  const Output& o, uint8_t* out) {
  if (!kPartial && b.plain) {
    for (int p = 0; p < kP; p += 4) {
      const int last = p + 3 < kP ? p + 3 : kP - 1;
      const __m256i v0 = avx2::RequantizePlain(acc[p], b.header);
      const __m256i v1 = avx2::RequantizePlain(acc[p + 1 < kP ? p + 1 : last], b.header);
      const __m256i v2 = avx2::RequantizePlain(acc[p + 2 < kP ? p + 2 : last], b.header);
      const __m256i v3 = avx2::RequantizePlain(acc[last], b.header);
      const __m256i bytes = o.unsigned_bytes ? avx2::FinishFour<true>(v0, v1, v2, v3, o.pack)
                                             : avx2::FinishFour<false>(v0, v1, v2, v3, o.pack);
      StoreRows(bytes, last - p + 1, out + static_cast<size_t>(p) * o.pixel_bytes, o.pixel_bytes);
    }
    return;
  }
  for (int p = 0; p < kP; ++p) {
    const __m256i value =
        b.plain ? avx2::Finish(avx2::RequantizePlain(acc[p], b.header), o.requantization)
                : avx2::Requantize(acc[p], LoadWords(b.header + kPackedMultiplier * kCb),
                                   LoadWords(b.header + kPackedLeftShift * kCb),
                                   LoadWords(b.header + kPackedRightShift * kCb),
                                   o.requantization);
    const uint64_t bytes = avx2::LowBytes(value);
    std::memcpy(out + static_cast<size_t>(p) * o.pixel_bytes, &bytes,
                kPartial ? static_cast<size_t>(count) : sizeof(bytes));
  }
}

// kP output pixels from input column `column` on, of the block `b` at
// channel `first` (kPartial: its first `count` channels). `table` (kTable):
// each window row's kColumns column addresses at channel 0. kH: the window
// height if 3 (one pair and one row, unrolled), else 0 (r.kernel_h).
template <typename Mac, bool kUint8, int kS, int kP, int kH, Columns kColumnsFrom, bool kPartial>
BRASA_DWROW_INLINE void Tile(const Qs8DwconvRow& r, int32_t column, const uint8_t* const* table,
                             int32_t first, int32_t count, const Block& b, const Output& o,
                             uint8_t* out) {
  constexpr int kColumns = (kP - 1) * kS + kWidth;
  auto at = [&](int32_t ky, int j) {
    const uint8_t* x;
    if constexpr (kColumnsFrom == Columns::kInside) {
      x = r.rows[ky] +
          static_cast<ptrdiff_t>(column + j) * static_cast<ptrdiff_t>(r.pixel_bytes);
    } else if constexpr (kColumnsFrom == Columns::kTable) {
      x = table[ky * kColumns + j];
    } else {
      x = CheckedColumn(r.rows[ky], column + j, r);
    }
    return Load8<kPartial>(x + first, count);
  };
  __m256i acc[kP];
  const __m256i bias = LoadWords(b.header);
  for (int p = 0; p < kP; ++p) acc[p] = bias;
  // Pixel p reads column j as window column kx when j = p * kS + kx.
  auto accumulate = [&](int j, __m256i v, const __m256i* w) {
    for (int kx = 0; kx < kWidth; ++kx) {
      if (j >= kx && (j - kx) % kS == 0 && (j - kx) / kS < kP) {
        const int p = (j - kx) / kS;
        acc[p] = Mac::Apply(acc[p], v, w[kx]);
        // Each product straight into its sum: GCC otherwise adds a
        // column's products together first, and the extra live vectors
        // pushed sums onto the stack.
        asm("" : "+v"(acc[p]));
      }
    }
  };
  const int32_t pair_rows = kH == 3 ? 1 : b.pair_rows;
  const int32_t kernel_h = kH == 3 ? 3 : r.kernel_h;
  int32_t ky = 0;
  for (; ky < 2 * pair_rows; ky += 2) {
    const __m256i* pair = b.pairs + (ky / 2) * kWidth;
    const __m256i w[kWidth] = {pair[0], pair[1], pair[2]};
#pragma GCC unroll 32
    for (int j = 0; j < kColumns; ++j) {
      accumulate(j, Widen16<kUint8>(_mm_unpacklo_epi8(at(ky, j), at(ky + 1, j))), w);
    }
  }
  for (; ky < kernel_h; ++ky) {
    const int32_t* taps = b.header + (kPackedChannelWords + ky * kWidth) * kCb;
    const __m256i w[kWidth] = {LoadWords(taps), LoadWords(taps + kCb), LoadWords(taps + 2 * kCb)};
#pragma GCC unroll 32
    for (int j = 0; j < kColumns; ++j) accumulate(j, Widen32<kUint8>(at(ky, j)), w);
  }
  StoreTile<kP, kPartial>(acc, b, count, o, out);
}

// Tiles of kP pixels (kP <= pixels) over the whole row, for `group` full
// blocks from channel `first` at each tile position (a pixel's bytes of
// the group read while cached). The last tile overlaps the one before
// rather than leaving a narrower remainder (recomputed pixels get the same
// bytes).
template <typename Mac, bool kUint8, int kS, int kP, int kH>
void Tiles(int32_t pixels, const Qs8DwconvRow& r, bool rows_inside, int32_t first, int32_t group,
           const Block* blocks, const Output& o, uint8_t* output) {
  constexpr int kColumns = (kP - 1) * kS + kWidth;
  const bool use_table = r.kernel_h <= kTableRows;
  const uint8_t* table[kTableRows * kColumns];
  for (int32_t p = 0;; p += kP) {
    if (p + kP > pixels) p = pixels - kP;
    const int32_t column = r.x_origin + p * kS;
    uint8_t* out = output + static_cast<size_t>(p) * o.pixel_bytes;
    const bool inside = rows_inside && column >= 0 && column + kColumns <= r.input_w;
    if (!inside && use_table) {
      for (int32_t ky = 0; ky < r.kernel_h; ++ky) {
        for (int j = 0; j < kColumns; ++j) {
          table[ky * kColumns + j] = CheckedColumn(r.rows[ky], column + j, r);
        }
      }
    }
    for (int32_t g = 0; g < group; ++g) {
      const int32_t from = first + g * kCb;
      uint8_t* to = out + g * kCb;
      if (inside) {
        Tile<Mac, kUint8, kS, kP, kH, Columns::kInside, false>(r, column, nullptr, from, kCb,
                                                               blocks[g], o, to);
      } else if (use_table) {
        Tile<Mac, kUint8, kS, kP, kH, Columns::kTable, false>(r, column, table, from, kCb,
                                                              blocks[g], o, to);
      } else {
        Tile<Mac, kUint8, kS, kP, kH, Columns::kComputed, false>(r, column, nullptr, from, kCb,
                                                                 blocks[g], o, to);
      }
    }
    if (p + kP >= pixels) break;
  }
}

// Tiles over a row of `pixels`: the width that recomputes the fewest
// pixels (8, 7 or 6; 4 in rows of 4 or 5, 1 below).
template <typename Mac, bool kUint8, int kS, int kH>
void RowTiles(int32_t pixels, const Qs8DwconvRow& r, bool rows_inside, int32_t first,
              int32_t group, const Block* blocks, const Output& o, uint8_t* out) {
  if (pixels >= 6) {
    const int32_t tile = Qs8DwconvRowTileWidth(pixels);
    if (tile == 8) {
      Tiles<Mac, kUint8, kS, 8, kH>(pixels, r, rows_inside, first, group, blocks, o, out);
    } else if (tile == 7) {
      Tiles<Mac, kUint8, kS, 7, kH>(pixels, r, rows_inside, first, group, blocks, o, out);
    } else {
      Tiles<Mac, kUint8, kS, 6, kH>(pixels, r, rows_inside, first, group, blocks, o, out);
    }
  } else if (pixels >= 4) {
    Tiles<Mac, kUint8, kS, 4, kH>(pixels, r, rows_inside, first, group, blocks, o, out);
  } else {
    Tiles<Mac, kUint8, kS, 1, kH>(pixels, r, rows_inside, first, group, blocks, o, out);
  }
}

// Pairs the weights of window rows (2i, 2i + 1) of the block at `header`
// into pairs[i][kx].
inline void PairWeights(const int32_t* header, int32_t pair_rows, __m256i* pairs) {
  const int32_t* taps = header + kPackedChannelWords * kCb;
  for (int32_t i = 0; i < pair_rows; ++i) {
    for (int32_t kx = 0; kx < kWidth; ++kx) {
      const int32_t* upper = taps + (2 * i * kWidth + kx) * kCb;
      pairs[i * kWidth + kx] = PairWords(upper, upper + kWidth * kCb);
    }
  }
}

// One output row.
template <typename Mac, bool kUint8, int kS>
void OneRow(int32_t pixels, int32_t channels, const Qs8DwconvRow& r, const void* packed,
            uint8_t* output, const Qs8DwconvParams& params) {
  const Output o{
      avx2::MakeRequantization(params.output_zero_point, params.output_min, params.output_max),
      avx2::MakeFourPack(params.output_zero_point, params.output_min, params.output_max),
      params.output_min >= 0, Qs8DwconvOutputPixelBytes(r)};
  bool rows_inside = true;
  for (int32_t ky = 0; ky < r.kernel_h; ++ky) rows_inside = rows_inside && r.rows[ky] != nullptr;
  const size_t block_words =
      static_cast<size_t>(Qs8DwconvBlockWords(r.kernel_h * kWidth)) * kCb;
  const int32_t pair_rows = std::min(r.kernel_h / 2, kMaxPairVectors / kWidth);
  const int32_t max_group =
      std::max(1, std::min(kGroup, kMaxPairVectors / std::max(1, pair_rows * kWidth)));
  __m256i pairs[kMaxPairVectors];
  Block blocks[kGroup];
  const int32_t* block = static_cast<const int32_t*>(packed);
  for (int32_t first = 0; first < channels;) {
    const int32_t full = (channels - first) / kCb;
    const int32_t group = full == 0 ? 1 : std::min(max_group, full);
    for (int32_t g = 0; g < group; ++g) {
      const int32_t* header = block + g * block_words;
      __m256i* at = pairs + g * pair_rows * kWidth;
      PairWeights(header, pair_rows, at);
      blocks[g] = {header, at, pair_rows, avx2::PlainBlock(header)};
    }
    if (full == 0) {  // the last channels, fewer than 8: pixel by pixel
      const int32_t count = channels - first;
      for (int32_t p = 0; p < pixels; ++p) {
        Tile<Mac, kUint8, kS, 1, 0, Columns::kComputed, true>(
            r, r.x_origin + p * kS, nullptr, first, count, blocks[0], o,
            output + static_cast<size_t>(p) * o.pixel_bytes + first);
      }
      return;
    }
    uint8_t* out = output + first;
    if (r.kernel_h == 3) {
      RowTiles<Mac, kUint8, kS, 3>(pixels, r, rows_inside, first, group, blocks, o, out);
    } else {
      RowTiles<Mac, kUint8, kS, 0>(pixels, r, rows_inside, first, group, blocks, o, out);
    }
    first += group * kCb;
    block += group * block_words;
  }
}

// The whole row micro-kernel, output rows one at a time.
template <typename Mac>
void Qs8DwconvRow8c(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                    const void* packed, uint8_t* output, const Qs8DwconvParams& params) {
  for (int32_t i = 0; i < row.output_rows; ++i) {
    const Qs8DwconvRow at = Qs8DwconvRowAt(row, i);
    uint8_t* out = output + i * row.output_row_bytes;
    if (row.stride == 1) {
      if (params.uint8) {
        OneRow<Mac, true, 1>(pixels, channels, at, packed, out, params);
      } else {
        OneRow<Mac, false, 1>(pixels, channels, at, packed, out, params);
      }
    } else if (params.uint8) {
      OneRow<Mac, true, 2>(pixels, channels, at, packed, out, params);
    } else {
      OneRow<Mac, false, 2>(pixels, channels, at, packed, out, params);
    }
  }
}

}  // namespace
}  // namespace avx2
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX2_H_
