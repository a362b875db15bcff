// The body of qs8_dwconv's AVX-512 row form (qs8_dwconv.h's
// Qs8DwconvRowFn, windows 3 pixels wide), in qs8_dwconv_16c__avx512.cc and
// __avx512vnni.cc with their `Mac` policy, as qs8_dwconv_avx512.h.
//
// A tile is 8 (or 7 or 6, whichever fits the row best) consecutive output
// pixels of one block of 16 channels (4 pixels x 2 blocks in rows of 4 or
// 5). With stride s they read (pixels - 1) * s + 3 input columns per window
// row; each column is loaded and widened once and feeds the up to 3 / s
// pixels that read it (an indirection list widens every tap of every pixel:
// 3 times as many loads and widenings at stride 1). Groups of 4 channel
// blocks (64 bytes of each pixel) are the outer loop, tiles inside: a
// block's header is looked at once per call, and each
// input line is used up while cached.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_

#include <immintrin.h>

#include <algorithm>
#include <type_traits>

#include "kernels/opt/ukernels/common/qs8_dwconv_avx512.h"

// A lambda forced inline (GCC keeps DotRowTile's passes out of line
// otherwise, and their accumulators go through memory).
#if defined(__GNUC__)
#define BRASA_FORCE_INLINE_LAMBDA __attribute__((always_inline))
#else
#define BRASA_FORCE_INLINE_LAMBDA
#endif

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

// Stores 128-bit lanes 0..count-1 of `bytes`, lane v at out + v * stride
// (stride >= 16: full blocks). Lanes 1 to 3 go by masked stores of the
// whole vector from out + v * (stride - 16), which write only lane v's
// bytes: no vextracti32x4 (a shuffle, the busiest unit here; measured on
// AMD Zen 5: 56x56x144 layer 8% faster).
inline void StoreLanes(__m512i bytes, int count, uint8_t* out, size_t stride) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm512_castsi512_si128(bytes));
  const size_t step = stride - 16;
  if (count > 1) _mm512_mask_storeu_epi8(out + step, __mmask64{0xFFFF} << 16, bytes);
  if (count > 2) _mm512_mask_storeu_epi8(out + 2 * step, __mmask64{0xFFFF} << 32, bytes);
  if (count > 3) _mm512_mask_storeu_epi8(out + 3 * step, __mmask64{0xFFFF} << 48, bytes);
}

// The kP pixels of block b of a tile's sums, at out + p * stride: groups
// of 4 pixels, a last group of fewer repeating its last pixel.
template <bool kUint8, int kP, int kB, bool kPlain>
BRASA_FORCE_INLINE void RowStoreFours(const __m512i (*acc)[kB], int b, const RowBlockQuant& q,
                       const FourPack& pack, uint8_t* out, size_t stride) {
  for (int p = 0; p < kP; p += 4) {
    const int last = p + 3 < kP ? p + 3 : kP - 1;
    const __m512i bytes = FinishFour<kUint8>(
        RequantizeRow<kPlain>(acc[p][b], q),
        RequantizeRow<kPlain>(acc[p + 1 < kP ? p + 1 : last][b], q),
        RequantizeRow<kPlain>(acc[p + 2 < kP ? p + 2 : last][b], q),
        RequantizeRow<kPlain>(acc[last][b], q), pack);
    StoreLanes(bytes, last - p + 1, out + static_cast<size_t>(p) * stride, stride);
  }
}

// Input column `column` of a window row (channel 0 of the call's slice).
template <bool kChecked>
inline const uint8_t* RowColumn(const uint8_t* line, int32_t column, const Qs8DwconvRow& r) {
  const ptrdiff_t offset = static_cast<ptrdiff_t>(column) * static_cast<ptrdiff_t>(r.pixel_bytes);
  if (!kChecked) return line + offset;
  const bool inside = line != nullptr && column >= 0 && column < r.input_w;
  return inside ? line + offset : r.padding;
}

// kP output pixels from input column `column` on, kB blocks of 16 channels
// from `first` (kPartial: kB = 1, the `mask` lanes); kChecked: some columns
// or rows may be padding. q[b] and block + b * block_words: block b's data.
template <bool kUint8, typename Mac, int kS, int kP, int kB, bool kChecked, bool kPartial>
inline void RowTile(const Qs8DwconvRow& r, int32_t column, int32_t first, __mmask16 mask,
                    const int32_t* block, size_t block_words, const RowBlockQuant* q,
                    const Requantization& rq, const FourPack& pack, uint8_t* out) {
  constexpr int32_t kCb = kDwconvCb;
  constexpr int kColumns = (kP - 1) * kS + kQs8DwconvRowWidth;
  __m512i acc[kP][kB];
  for (int p = 0; p < kP; ++p) {
    for (int b = 0; b < kB; ++b) acc[p][b] = q[b].Load(kPackedBias);
  }
  const int32_t* w = block + kPackedChannelWords * kCb;
  for (int32_t ky = 0; ky < r.kernel_h; ++ky, w += kQs8DwconvRowWidth * kCb) {
    const uint8_t* line = r.rows[ky];
    __m512i w0[kB], w1[kB], w2[kB];
    for (int b = 0; b < kB; ++b) {
      w0[b] = _mm512_loadu_si512(w + b * block_words);
      w1[b] = _mm512_loadu_si512(w + b * block_words + kCb);
      w2[b] = _mm512_loadu_si512(w + b * block_words + 2 * kCb);
    }
#pragma GCC unroll 32
    for (int j = 0; j < kColumns; ++j) {
      const uint8_t* x = RowColumn<kChecked>(line, column + j, r) + first;
#pragma GCC unroll 4
      for (int b = 0; b < kB; ++b) {
        const __m128i bytes =
            kPartial ? _mm_maskz_loadu_epi8(mask, x)
                     : _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + b * kCb));
        const __m512i v = WidenBytes<kUint8>(bytes);
        // Pixel p reads this column as tap kx when j = p * kS + kx.
        if (j % kS == 0 && j / kS < kP) acc[j / kS][b] = Mac::Apply(acc[j / kS][b], v, w0[b]);
        if (j >= 1 && (j - 1) % kS == 0 && (j - 1) / kS < kP) {
          acc[(j - 1) / kS][b] = Mac::Apply(acc[(j - 1) / kS][b], v, w1[b]);
        }
        if (j >= 2 && (j - 2) % kS == 0 && (j - 2) / kS < kP) {
          acc[(j - 2) / kS][b] = Mac::Apply(acc[(j - 2) / kS][b], v, w2[b]);
        }
      }
    }
  }
  for (int b = 0; b < kB; ++b) {
    if (kP >= 4 && !kPartial) {
      uint8_t* to = out + first + b * kCb;
      if (q[b].plain) {
        RowStoreFours<kUint8, kP, kB, true>(acc, b, q[b], pack, to, Qs8DwconvOutputPixelBytes(r));
      } else {
        RowStoreFours<kUint8, kP, kB, false>(acc, b, q[b], pack, to, Qs8DwconvOutputPixelBytes(r));
      }
      continue;
    }
    for (int p = 0; p < kP; ++p) {
      const __m128i value = FinishRow(RequantizeRow(acc[p][b], q[b]), rq);
      uint8_t* to = out + static_cast<size_t>(p) * Qs8DwconvOutputPixelBytes(r) + first + b * kCb;
      if (kPartial) {
        _mm_mask_storeu_epi8(to, mask, value);
      } else {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to), value);
      }
    }
  }
}

// The window columns of a tile of kP pixels at stride kS.
template <int kS, int kP>
constexpr int kTileColumns = (kP - 1) * kS + kQs8DwconvRowWidth;

// RowTile with vpdpbusd (Mac::kDot: VNNI), for int8 inputs, 3x3 windows
// and one full block: each input column's bytes of the 3 window
// rows are interleaved per channel (x + 128 of rows 0, 1, 2, and a fourth
// byte that meets a zero weight), so one vpdpbusd per window column adds 3
// taps (3 instead of 9 multiply-adds per pixel, 4 operations per column to
// interleave instead of 3 widenings). The packed bias' - 128 * sum w'
// takes the + 128 back (qs8_dwconv.h).
// kChecked: `columns` holds each window row's column addresses (channel 0),
// padding where outside, looked up once per tile position for all its
// blocks (RowTiles), so the vector loop is the unchecked one's.
// kR = 2 (stride 1): two vertically adjacent output rows (Qs8DwconvRow's
// output_rows). The fourth byte of each channel then holds window row 3,
// and the second output row's weights are the first's shifted one byte up
// (0, w'[0][kx], w'[1][kx], w'[2][kx]): one interleave of 4 input rows
// serves both output rows (5 operations per column instead of 8). The
// + 128 of the byte each row leaves out meets a zero weight, so both rows
// take the same packed bias. kR = 4: two such passes, the second's columns
// (input rows 2 to 5) made from the first's shifted down by two bytes
// (rows 2 and 3, already + 128) and rows 4 and 5 merged in: 2 shuffles per
// column instead of 4.
// Stride 2 (vertical too), kR = 2 or 4: output row i reads input rows 2i
// to 2i + 2, so a pass per output row, the first interleaving rows 0 to 3
// (row 3 meets the zero weight), each later one taking the one before's
// columns shifted down two bytes (rows 2i and 2i + 1, already + 128) with
// rows 2i + 2 and 2i + 3 merged in: 4 + 2 + 2 + 1 shuffles per column for
// 4 rows instead of 12.
template <typename Mac, int kS, int kP, int kR, int kVS, bool kChecked>
inline void DotRowTile(const Qs8DwconvRow& r, int32_t column, int32_t first,
                       const int32_t* block, const RowBlockQuant& q, const FourPack& pack,
                       const uint8_t* const (*columns)[kTileColumns<kS, kP>], uint8_t* out) {
  constexpr int32_t kCb = kDwconvCb;
  static_assert(kR == 1 || kR == 2 || kR == 4, "1, 2 or 4 output rows");
  static_assert(kVS == 1 || kVS == 2, "output rows 1 or 2 input rows apart");
  constexpr bool kStrided = kVS == 2 && kR > 1;  // a pass per output row
  // Output rows per pass over the columns.
  constexpr int kPassRows = kR == 1 || kStrided ? 1 : 2;
  constexpr int kColumns = kTileColumns<kS, kP>;
  const int32_t* dot = block + (kPackedChannelWords + kQs8DwconvDotTaps) * kCb;
  __m512i w[kPassRows][kQs8DwconvRowWidth];
  for (int kx = 0; kx < kQs8DwconvRowWidth; ++kx) {
    w[0][kx] = _mm512_loadu_si512(dot + kx * kCb);
    if constexpr (kPassRows == 2) w[1][kx] = _mm512_slli_epi32(w[0][kx], 8);
  }
  // Byte 4c + i takes byte c of its 128-bit lane, where each row's 16
  // bytes are broadcast; rows 1 and 2 merge into bytes i = 1 and 2.
  const __m512i index = _mm512_setr_epi32(
      0x00000000, 0x01010101, 0x02020202, 0x03030303, 0x04040404, 0x05050505, 0x06060606,
      0x07070707, 0x08080808, 0x09090909, 0x0A0A0A0A, 0x0B0B0B0B, 0x0C0C0C0C, 0x0D0D0D0D,
      0x0E0E0E0E, 0x0F0F0F0F);
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  auto row_bytes = [&](int ky, int32_t j) {
    const uint8_t* x =
        (kChecked ? columns[ky][j] : RowColumn<false>(r.rows[ky], column + j, r)) + first;
    return _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x)));
  };
  __m512i saved[kR == 4 || kStrided ? kColumns : 1];  // the last pass's columns
  // Pixel p reads column j as window column kx when j = p * kS + kx.
  auto accumulate = [&](__m512i (*acc)[kP][1], int32_t j, __m512i v)
                        BRASA_FORCE_INLINE_LAMBDA {
    for (int kx = 0; kx < kQs8DwconvRowWidth; ++kx) {
      const int p = (j - kx) / kS;
      if (j >= kx && (j - kx) % kS == 0 && p < kP) {
        for (int i = 0; i < kPassRows; ++i) acc[i][p][0] = Mac::Dot(acc[i][p][0], v, w[i][kx]);
      }
    }
  };
  // acc's output rows, the first being output row `row`.
  auto store = [&](__m512i (*acc)[kP][1], int row) BRASA_FORCE_INLINE_LAMBDA {
    for (int i = 0; i < kPassRows; ++i) {
      uint8_t* to = out + (row + i) * r.output_row_bytes + first;
      if (q.plain) {
        RowStoreFours<false, kP, 1, true>(acc[i], 0, q, pack, to, Qs8DwconvOutputPixelBytes(r));
      } else {
        RowStoreFours<false, kP, 1, false>(acc[i], 0, q, pack, to, Qs8DwconvOutputPixelBytes(r));
      }
    }
  };
  if constexpr (kStrided) {
    auto strided_pass = [&](auto row) BRASA_FORCE_INLINE_LAMBDA {
      constexpr int kRow = decltype(row)::value;
      __m512i acc[1][kP][1];
      for (int p = 0; p < kP; ++p) acc[0][p][0] = _mm512_loadu_si512(dot + 3 * kCb);
#pragma GCC unroll 32
      for (int j = 0; j < kColumns; ++j) {
        __m512i v;
        if constexpr (kRow == 0) {
          v = _mm512_shuffle_epi8(row_bytes(0, j), index);
          v = _mm512_mask_shuffle_epi8(v, 0x2222222222222222, row_bytes(1, j), index);
          v = _mm512_mask_shuffle_epi8(v, 0x4444444444444444, row_bytes(2, j), index);
          v = _mm512_mask_shuffle_epi8(v, static_cast<__mmask64>(0x8888888888888888),
                                       row_bytes(3, j), index);
          v = _mm512_xor_si512(v, flip);
        } else {
          v = _mm512_srli_epi32(saved[j], 16);
          v = _mm512_mask_shuffle_epi8(v, 0x4444444444444444, row_bytes(2 * kRow + 2, j), index);
          if constexpr (kRow + 1 < kR) {
            v = _mm512_mask_shuffle_epi8(v, static_cast<__mmask64>(0x8888888888888888),
                                         row_bytes(2 * kRow + 3, j), index);
          }
          // The last row's byte 3 stays 0 ^ 0x80: it meets the zero weight.
          v = _mm512_xor_si512(v, _mm512_set1_epi32(static_cast<int32_t>(0x80800000u)));
        }
        if constexpr (kRow + 1 < kR) saved[j] = v;
        accumulate(acc, j, v);
      }
      store(acc, kRow);
    };
    strided_pass(std::integral_constant<int, 0>{});
    strided_pass(std::integral_constant<int, 1>{});
    if constexpr (kR == 4) {
      strided_pass(std::integral_constant<int, 2>{});
      strided_pass(std::integral_constant<int, 3>{});
    }
    return;
  }
  auto pass = [&](auto second) BRASA_FORCE_INLINE_LAMBDA {
    constexpr bool kSecond = decltype(second)::value;
    __m512i acc[kPassRows][kP][1];
    for (int i = 0; i < kPassRows; ++i) {
      for (int p = 0; p < kP; ++p) acc[i][p][0] = _mm512_loadu_si512(dot + 3 * kCb);
    }
#pragma GCC unroll 16
    for (int j = 0; j < kColumns; ++j) {
      __m512i v;
      if constexpr (kSecond) {
        v = _mm512_srli_epi32(saved[j], 16);
        v = _mm512_mask_shuffle_epi8(v, 0x4444444444444444, row_bytes(4, j), index);
        v = _mm512_mask_shuffle_epi8(v, static_cast<__mmask64>(0x8888888888888888),
                                     row_bytes(5, j), index);
        v = _mm512_xor_si512(v, _mm512_set1_epi32(static_cast<int32_t>(0x80800000u)));
      } else {
        v = _mm512_shuffle_epi8(row_bytes(0, j), index);
        v = _mm512_mask_shuffle_epi8(v, 0x2222222222222222, row_bytes(1, j), index);
        v = _mm512_mask_shuffle_epi8(v, 0x4444444444444444, row_bytes(2, j), index);
        if constexpr (kPassRows == 2) {
          v = _mm512_mask_shuffle_epi8(v, static_cast<__mmask64>(0x8888888888888888),
                                       row_bytes(3, j), index);
        }
        v = _mm512_xor_si512(v, flip);
        if constexpr (kR == 4) saved[j] = v;
      }
      accumulate(acc, j, v);
    }
    store(acc, kSecond ? kPassRows : 0);
  };
  pass(std::false_type{});
  if constexpr (kR == 4) pass(std::true_type{});
}

// Tiles of kP pixels x kB blocks over the whole row (kP <= pixels), for
// `group` consecutive sets of kB blocks at each tile position (so a
// pixel's bytes across the group, up to a cache line, are read while
// cached). The last tile overlaps the one before rather than leaving a
// narrower remainder (recomputed pixels get the same bytes), so every tile
// keeps kP * kB independent sums in flight. kR = 2 or 4: that many output
// rows (DotRowTile's; 3x3 windows, vertical stride kS).
template <bool kUint8, typename Mac, int kS, int kP, int kB, int kR, int kVS>
inline void RowTiles(int32_t pixels, const Qs8DwconvRow& r, bool rows_inside, int32_t first,
                     int32_t group, const int32_t* block, size_t block_words,
                     const RowBlockQuant* q, const Requantization& rq, const FourPack& pack,
                     uint8_t* output) {
  constexpr int32_t kCb = kDwconvCb;
  constexpr bool kDotTiles = Mac::kDot && !kUint8 && kB == 1 && kP >= 4;
  static_assert(kR == 1 || kDotTiles, "two output rows run vpdpbusd tiles only");
  constexpr int kWindowRows = kQs8DwconvRowWidth + (kR - 1) * kVS;  // of a 3x3 window's tile
  for (int32_t p = 0;; p += kP) {
    if (p + kP > pixels) p = pixels - kP;
    const int32_t column = r.x_origin + p * kS;
    uint8_t* out = output + p * Qs8DwconvOutputPixelBytes(r);
    const bool inside = rows_inside && column >= 0 && column + (kP - 1) * kS + 2 < r.input_w;
    const uint8_t* columns[kWindowRows][kTileColumns<kS, kP>];
    if (kDotTiles && !inside && r.kernel_h == 3) {
      for (int ky = 0; ky < kWindowRows; ++ky) {
        for (int j = 0; j < kTileColumns<kS, kP>; ++j) {
          columns[ky][j] = RowColumn<true>(r.rows[ky], column + j, r);
        }
      }
    }
    for (int32_t g = 0; g < group; ++g) {
      const int32_t from = first + g * kB * kCb;
      const int32_t* at = block + static_cast<size_t>(g) * kB * block_words;
      if constexpr (kDotTiles) {
        if (kR > 1 || r.kernel_h == 3) {
          if (inside) {
            DotRowTile<Mac, kS, kP, kR, kVS, false>(r, column, from, at, q[g], pack, nullptr,
                                                    out);
          } else {
            DotRowTile<Mac, kS, kP, kR, kVS, true>(r, column, from, at, q[g], pack, columns,
                                                   out);
          }
          continue;
        }
      }
      if constexpr (kR == 1) {
        if (inside) {
          RowTile<kUint8, Mac, kS, kP, kB, false, false>(r, column, from, 0, at, block_words,
                                                         q + g * kB, rq, pack, out);
        } else {
          RowTile<kUint8, Mac, kS, kP, kB, true, false>(r, column, from, 0, at, block_words,
                                                        q + g * kB, rq, pack, out);
        }
      }
    }
    if (p + kP >= pixels) break;
  }
}

// Channels from `first` (packed at `block`) of one output row: tiles of 4
// pixels x 2 blocks for rows of 4 or 5 pixels, then pixel by pixel, the
// last block under a mask.
template <bool kUint8, typename Mac, int kS>
void RowRest(int32_t pixels, int32_t channels, const Qs8DwconvRow& r, int32_t first,
             const int32_t* block, size_t block_words, const Requantization& rq,
             const FourPack& pack, uint8_t* output) {
  constexpr int32_t kCb = kDwconvCb;
  bool rows_inside = true;
  for (int32_t ky = 0; ky < r.kernel_h; ++ky) rows_inside = rows_inside && r.rows[ky] != nullptr;
  for (; pixels >= 4 && first + 2 * kCb <= channels; first += 2 * kCb, block += 2 * block_words) {
    const RowBlockQuant q[2] = {LoadRowBlockQuant(block), LoadRowBlockQuant(block + block_words)};
    RowTiles<kUint8, Mac, kS, 4, 2, 1, 1>(pixels, r, rows_inside, first, 1, block, block_words, q,
                                       rq, pack, output);
  }
  for (; first < channels; first += kCb, block += block_words) {
    const RowBlockQuant q = LoadRowBlockQuant(block);
    const int32_t count = channels - first < kCb ? channels - first : kCb;
    const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
    for (int32_t p = 0; p < pixels; ++p) {
      RowTile<kUint8, Mac, kS, 1, 1, true, true>(r, r.x_origin + p * kS, first, mask, block,
                                                 block_words, &q, rq, pack,
                                                 output + p * Qs8DwconvOutputPixelBytes(r));
    }
  }
}

// kR output rows (1, or 2 or 4 for DotRowTile's: int8, 3x3, row_step = kS).
template <bool kUint8, typename Mac, int kS, int kR, int kVS>
void RowBlocks(int32_t pixels, int32_t channels, const Qs8DwconvRow& r, const void* packed,
               uint8_t* output, const Qs8DwconvParams& params) {
  constexpr int32_t kCb = kDwconvCb;
  const Requantization rq =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  const FourPack pack =
      MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  bool rows_inside = true;
  for (int32_t ky = 0; ky < r.kernel_h + (kR - 1) * kVS; ++ky) {
    rows_inside = rows_inside && r.rows[ky] != nullptr;
  }
  const size_t block_words =
      static_cast<size_t>(Qs8DwconvBlockWords(r.kernel_h * kQs8DwconvRowWidth)) * kCb;
  const int32_t* block = static_cast<const int32_t*>(packed);
  int32_t first = 0;
  // Rows of 6 pixels or more: tiles of 8, 7 or 6 pixels x 1 block, the
  // width that recomputes the fewest pixels (14- and 28-pixel rows: 7).
  const int32_t tile = Qs8DwconvRowTileWidth(pixels);
  constexpr int32_t kGroup = 4;  // blocks per pass over the row: 64 bytes of each pixel
  while (tile > 0 && first + kCb <= channels) {
    const int32_t group = std::min(kGroup, (channels - first) / kCb);
    RowBlockQuant q[kGroup];
    for (int32_t g = 0; g < group; ++g) q[g] = LoadRowBlockQuant(block + g * block_words);
    if (tile == 8) {
      RowTiles<kUint8, Mac, kS, 8, 1, kR, kVS>(pixels, r, rows_inside, first, group, block,
                                          block_words, q, rq, pack, output);
    } else if (tile == 7) {
      RowTiles<kUint8, Mac, kS, 7, 1, kR, kVS>(pixels, r, rows_inside, first, group, block,
                                          block_words, q, rq, pack, output);
    } else {
      RowTiles<kUint8, Mac, kS, 6, 1, kR, kVS>(pixels, r, rows_inside, first, group, block,
                                          block_words, q, rq, pack, output);
    }
    first += group * kCb;
    block += static_cast<size_t>(group) * block_words;
  }
  if (first == channels) return;
  for (int32_t i = 0; i < kR; ++i) {
    RowRest<kUint8, Mac, kS>(pixels, channels, Qs8DwconvRowAt(r, i), first, block, block_words,
                             rq, pack, output + i * r.output_row_bytes);
  }
}

// One output row of any kind.
template <typename Mac>
void OneRow16c(int32_t pixels, int32_t channels, const Qs8DwconvRow& row, const void* packed,
               uint8_t* output, const Qs8DwconvParams& params) {
  if (row.stride == 1) {
    if (params.uint8) {
      RowBlocks<true, Mac, 1, 1, 1>(pixels, channels, row, packed, output, params);
    } else {
      RowBlocks<false, Mac, 1, 1, 1>(pixels, channels, row, packed, output, params);
    }
  } else if (params.uint8) {
    RowBlocks<true, Mac, 2, 1, 1>(pixels, channels, row, packed, output, params);
  } else {
    RowBlocks<false, Mac, 2, 1, 1>(pixels, channels, row, packed, output, params);
  }
}

// kR output rows kVS input rows apart, at horizontal stride kS (DotRowTile).
template <typename Mac, int kS, int kVS>
void DotRows(int32_t rows, int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
             const void* packed, uint8_t* output, const Qs8DwconvParams& params) {
  if (rows == 4) {
    RowBlocks<false, Mac, kS, 4, kVS>(pixels, channels, row, packed, output, params);
  } else {
    RowBlocks<false, Mac, kS, 2, kVS>(pixels, channels, row, packed, output, params);
  }
}

// The whole row micro-kernel (qs8_dwconv.h's Qs8DwconvRowFn): int8 3x3
// windows 4 or 2 output rows at a time (VNNI) where the rows are 1 input
// row apart (any stride: the few-channel rows' pseudo-pixels take stride 2)
// or as far apart as the stride, else row by row.
template <typename Mac>
void Qs8DwconvRow16c(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                     const void* packed, uint8_t* output, const Qs8DwconvParams& params) {
  for (int32_t i = 0; i < row.output_rows;) {
    const Qs8DwconvRow at = Qs8DwconvRowAt(row, i);
    uint8_t* out = output + i * row.output_row_bytes;
    const int32_t left = row.output_rows - i;
    if constexpr (Mac::kDot) {
      if (left >= 2 && !params.uint8 && row.kernel_h == kQs8DwconvRowWidth &&
          (row.row_step == 1 || row.row_step == row.stride)) {
        const int32_t rows = left >= 4 ? 4 : 2;
        if (row.stride == 1) {
          DotRows<Mac, 1, 1>(rows, pixels, channels, at, packed, out, params);
        } else if (row.row_step == 1) {
          DotRows<Mac, 2, 1>(rows, pixels, channels, at, packed, out, params);
        } else {
          DotRows<Mac, 2, 2>(rows, pixels, channels, at, packed, out, params);
        }
        i += rows;
        continue;
      }
    }
    OneRow16c<Mac>(pixels, channels, at, packed, out, params);
    ++i;
  }
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_
