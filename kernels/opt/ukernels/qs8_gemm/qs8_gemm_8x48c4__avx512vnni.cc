// qs8_gemm with AVX-512 VNNI: up to 8 rows x 48 channels (three packed
// blocks of 16) per step. Each group of 4 activation bytes of a row is
// broadcast once and feeds three vpdpbusd, one per block: against one block
// at a time (8x16), every multiply-add also paid for its own broadcast and
// sign flip, and 8 accumulator chains could not hide vpdpbusd's latency.
// The packing is qs8_gemm's usual nr = 16 layout; a tile walks 3 adjacent
// blocks, and the last 1 or 2 blocks of a row get a narrower tile.
// With few depth groups (MobileNetV2's 16- and 24-deep 1x1 layers) the
// requantization, not vpdpbusd, takes most of the time: blocks of 4 rows
// go through RequantizeRow and FinishFour (4 rows' bytes at once; masked
// stores only in a last block of fewer than 16 channels); blocks whose
// accumulators provably stay within +-2^30 (without row offsets: any
// usual bias and depth) take RequantizeNarrowRow, its terms derived once
// per call.
// A call takes any number of rows (many_rows; row_offsets only with 8 or
// fewer) and walks tiles of 8 rows under each column tile itself.
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 16;          // channels per packed block
constexpr int32_t kMaxBlocks = 3;    // blocks per tile
constexpr size_t kHeaderBytes = sizeof(int32_t) * kPackedChannelWords * kNr;

// The row and block loops must unroll completely, or GCC keeps the
// accumulators in memory (its default unrolling stops short of 8 x 3).
#if defined(__GNUC__) && !defined(__clang__)
#define BRASA_UNROLL _Pragma("GCC unroll 8")
#else
#define BRASA_UNROLL
#endif

// acc += the four u8 x s8 products of each lane (vpdpbusd). Inline asm ties
// the accumulator to its register: with the intrinsic, GCC 12 copies every
// accumulator in and out of the loop on each iteration.
inline void MultiplyAdd(__m512i& acc, __m512i unsigned_bytes, __m512i signed_bytes) {
#if defined(__GNUC__)
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(unsigned_bytes), "v"(signed_bytes));
#else
  acc = _mm512_dpbusd_epi32(acc, unsigned_bytes, signed_bytes);
#endif
}

template <bool kFlip>
inline __m512i Broadcast(int32_t word, __m512i flip) {
  const __m512i x = _mm512_set1_epi32(word);
  return kFlip ? _mm512_xor_si512(x, flip) : x;
}

struct Shape {
  int32_t depth, groups, full_groups;
  size_t block_bytes;
};

// Rows [0, R / 4 * 4) of block b, 4 rows' bytes at a time (FinishFour;
// kMasked: a last block of fewer than 16 channels, stores under `mask`).
template <int32_t R, int32_t B, bool kPlain, bool kUnsigned, bool kMasked>
BRASA_FORCE_INLINE void StoreFours(const __m512i* acc, int32_t b, const avx512::RowBlockQuant& q,
                                   const avx512::FourPack& pack, __mmask16 mask, uint8_t* out,
                                   size_t c_stride) {
  BRASA_UNROLL
  for (int32_t m = 0; m + 4 <= R; m += 4) {
    const __m512i bytes = avx512::FinishFour<kUnsigned>(
        avx512::RequantizeRow<kPlain>(acc[m * B + b], q),
        avx512::RequantizeRow<kPlain>(acc[(m + 1) * B + b], q),
        avx512::RequantizeRow<kPlain>(acc[(m + 2) * B + b], q),
        avx512::RequantizeRow<kPlain>(acc[(m + 3) * B + b], q), pack);
    avx512::StoreFourRows<kMasked>(bytes, out + m * c_stride, c_stride, mask);
  }
}

// StoreFours with RequantizeNarrowRow (a plain, narrow block).
template <int32_t R, int32_t B, bool kUnsigned, bool kMasked, bool kClamp = true>
BRASA_FORCE_INLINE void StoreNarrowFours(const __m512i* acc, int32_t b,
                                         const avx512::NarrowBlockQuant& n,
                                         const avx512::FourPack& pack, __mmask16 mask,
                                         uint8_t* out, size_t c_stride) {
  BRASA_UNROLL
  for (int32_t m = 0; m + 4 <= R; m += 4) {
    const __m512i bytes = avx512::FinishFour<kUnsigned, false, kClamp>(
        avx512::RequantizeNarrowRow(acc[m * B + b], n),
        avx512::RequantizeNarrowRow(acc[(m + 1) * B + b], n),
        avx512::RequantizeNarrowRow(acc[(m + 2) * B + b], n),
        avx512::RequantizeNarrowRow(acc[(m + 3) * B + b], n), pack);
    avx512::StoreFourRows<kMasked>(bytes, out + m * c_stride, c_stride, mask);
  }
}

// StoreFours for the block's quantization and clamp.
template <int32_t R, int32_t B, bool kMasked>
BRASA_FORCE_INLINE void StoreFoursFor(const __m512i* acc, int32_t b,
                                      const avx512::RowBlockQuant& q,
                                      const avx512::FourPack& pack, __mmask16 mask,
                                      uint8_t* out, size_t c_stride, int32_t output_min) {
  if (avx512::UnsignedBytes(output_min)) {
    q.plain ? StoreFours<R, B, true, true, kMasked>(acc, b, q, pack, mask, out, c_stride)
            : StoreFours<R, B, false, true, kMasked>(acc, b, q, pack, mask, out, c_stride);
  } else {
    q.plain ? StoreFours<R, B, true, false, kMasked>(acc, b, q, pack, mask, out, c_stride)
            : StoreFours<R, B, false, false, kMasked>(acc, b, q, pack, mask, out, c_stride);
  }
}

// `tiles` tiles of R rows (from row `a`, a_stride bytes apart) x B blocks
// starting at `block` (blocks block_bytes apart); the last block holds
// `last_count` real channels. The tiles share one call's setup: a call per
// tile of 8 rows cost about as much as the tile itself where the depth is
// small (person_detect's 8-deep 48x48 layer: 288 calls).
template <int32_t R, int32_t B, bool kFlip>
void Tile(const Shape& s, const uint8_t* a, size_t a_stride, int32_t tiles, const uint8_t* block,
          void* c, size_t c_stride, int32_t first, int32_t last_count,
          const int32_t* row_offsets, const Qs8GemmParams& params) {
  const __m512i flip = _mm512_set1_epi32(static_cast<int32_t>(params.a_flip));
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const avx512::FourPack pack = avx512::MakeFourPack(
      params.output_zero_point, params.output_min, params.output_max);
  // Blocks whose fours take RequantizeNarrowRow, their terms derived once
  // for all the tiles (so only without row offsets: many_rows calls).
  // Clamp bounds spanning the packed bytes' whole range (layers without an
  // activation): the saturating packs clamp, FinishFour skips its min/max
  // (int8 MobileNetV2's 112x112x32 -> 16 layer alone 58.6 -> 57.1 us,
  // 56x56x144 -> 24 74.6 -> 73.9 us, fastest of 600 x 16 rounds).
  const bool whole_range = avx512::UnsignedBytes(params.output_min)
                               ? params.output_min == 0 && params.output_max == 255
                               : params.output_min == -128 && params.output_max == 127;
  avx512::NarrowBlockQuant narrow[B];
  bool narrow_block[B];
  BRASA_UNROLL
  for (int32_t b = 0; b < B; ++b) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block + b * s.block_bytes);
    narrow_block[b] = R >= 4 && !params.int32_output && row_offsets == nullptr &&
                      avx512::LoadRowBlockQuant(header).plain &&
                      avx512::NarrowAccumulators(header, s.groups * 4);
    if (narrow_block[b]) {
      avx512::MakeNarrowBlockQuant(header, params.output_zero_point, &narrow[b]);
    }
  }
  for (int32_t tile = 0; tile < tiles; ++tile) {
    const uint8_t* row[R];
    BRASA_UNROLL
    for (int32_t m = 0; m < R; ++m) row[m] = a + (static_cast<size_t>(tile) * R + m) * a_stride;
    __m512i acc[R * B];  // row m, block b at m * B + b (one dimension: GCC keeps
    // a two-dimensional array of accumulators in memory)
    BRASA_UNROLL
    for (int32_t b = 0; b < B; ++b) {
      const __m512i bias =
          narrow_block[b]
              ? narrow[b].Load(avx512::NarrowBlockQuant::kOffsetBias)
              : _mm512_loadu_si512(reinterpret_cast<const int32_t*>(block + b * s.block_bytes));
      BRASA_UNROLL
      for (int32_t m = 0; m < R; ++m) {
        acc[m * B + b] = row_offsets != nullptr
                        ? _mm512_add_epi32(bias, _mm512_set1_epi32(row_offsets[m]))
                        : bias;
      }
    }
    const uint8_t* w = block + kHeaderBytes;
    int32_t g = 0;
    if (R * B <= 4) {
      // Few accumulators: one chain of dependent vpdpbusd each would wait on
      // the instruction's latency; a second set takes every other group.
      __m512i odd[R * B];
      BRASA_UNROLL
      for (int32_t m = 0; m < R; ++m) {
        BRASA_UNROLL
        for (int32_t b = 0; b < B; ++b) odd[m * B + b] = _mm512_setzero_si512();
      }
      for (; g + 2 <= s.full_groups; g += 2) {
        __m512i w0[B], w1[B];
        BRASA_UNROLL
        for (int32_t b = 0; b < B; ++b) {
          w0[b] = _mm512_loadu_si512(w + b * s.block_bytes + g * kNr * 4);
          w1[b] = _mm512_loadu_si512(w + b * s.block_bytes + (g + 1) * kNr * 4);
        }
        BRASA_UNROLL
        for (int32_t m = 0; m < R; ++m) {
          int32_t words[2];
          std::memcpy(words, row[m] + g * 4, 8);
          const __m512i x0 = Broadcast<kFlip>(words[0], flip);
          const __m512i x1 = Broadcast<kFlip>(words[1], flip);
          BRASA_UNROLL
          for (int32_t b = 0; b < B; ++b) {
            MultiplyAdd(acc[m * B + b], x0, w0[b]);
            MultiplyAdd(odd[m * B + b], x1, w1[b]);
          }
        }
      }
      BRASA_UNROLL
      for (int32_t m = 0; m < R; ++m) {
        BRASA_UNROLL
        for (int32_t b = 0; b < B; ++b) {
          acc[m * B + b] = _mm512_add_epi32(acc[m * B + b], odd[m * B + b]);
        }
      }
    }
    for (; g < s.full_groups; ++g) {
      __m512i wg[B];
      BRASA_UNROLL
      for (int32_t b = 0; b < B; ++b) wg[b] = _mm512_loadu_si512(w + b * s.block_bytes + g * 64);
      BRASA_UNROLL
      for (int32_t m = 0; m < R; ++m) {
        int32_t word;
        std::memcpy(&word, row[m] + g * 4, 4);
        const __m512i x = Broadcast<kFlip>(word, flip);
        BRASA_UNROLL
        for (int32_t b = 0; b < B; ++b) MultiplyAdd(acc[m * B + b], x, wg[b]);
      }
    }
    if (g < s.groups) {  // the last, partial group
      __m512i wg[B];
      BRASA_UNROLL
      for (int32_t b = 0; b < B; ++b) wg[b] = _mm512_loadu_si512(w + b * s.block_bytes + g * 64);
      BRASA_UNROLL
      for (int32_t m = 0; m < R; ++m) {
        const __m512i x = Broadcast<kFlip>(
            static_cast<int32_t>(Qs8GemmActivationWord(row[m], g * 4, s.depth)), flip);
        BRASA_UNROLL
        for (int32_t b = 0; b < B; ++b) MultiplyAdd(acc[m * B + b], x, wg[b]);
      }
    }

    BRASA_UNROLL
    for (int32_t b = 0; b < B; ++b) {
      const int32_t count = b == B - 1 ? last_count : kNr;
      const __mmask16 store_mask = static_cast<__mmask16>((1u << count) - 1);
      const int32_t column = first + b * kNr;
      void* tile_c = params.int32_output
                         ? static_cast<void*>(static_cast<int32_t*>(c) +
                                              static_cast<size_t>(tile) * R * c_stride)
                         : static_cast<void*>(static_cast<uint8_t*>(c) +
                                              static_cast<size_t>(tile) * R * c_stride);
      if (params.int32_output) {
        BRASA_UNROLL
        for (int32_t m = 0; m < R; ++m) {
          _mm512_mask_storeu_epi32(static_cast<int32_t*>(tile_c) + m * c_stride + column,
                                   store_mask, acc[m * B + b]);
        }
        continue;
      }
      const avx512::RowBlockQuant q = avx512::LoadRowBlockQuant(
          reinterpret_cast<const int32_t*>(block + b * s.block_bytes));
      uint8_t* out = static_cast<uint8_t*>(tile_c) + column;
      int32_t m = 0;
      if (R >= 4 && narrow_block[b]) {
        const bool unsigned_bytes = avx512::UnsignedBytes(params.output_min);
        if (count == kNr && whole_range) {
          unsigned_bytes
              ? StoreNarrowFours<R, B, true, false, false>(acc, b, narrow[b], pack, store_mask,
                                                           out, c_stride)
              : StoreNarrowFours<R, B, false, false, false>(acc, b, narrow[b], pack, store_mask,
                                                            out, c_stride);
        } else if (count == kNr) {
          unsigned_bytes
              ? StoreNarrowFours<R, B, true, false>(acc, b, narrow[b], pack, store_mask, out,
                                                    c_stride)
              : StoreNarrowFours<R, B, false, false>(acc, b, narrow[b], pack, store_mask, out,
                                                     c_stride);
        } else {
          unsigned_bytes
              ? StoreNarrowFours<R, B, true, true>(acc, b, narrow[b], pack, store_mask, out,
                                                   c_stride)
              : StoreNarrowFours<R, B, false, true>(acc, b, narrow[b], pack, store_mask, out,
                                                    c_stride);
        }
        m = R / 4 * 4;
      } else if (R >= 4) {
        if (count == kNr) {
          StoreFoursFor<R, B, false>(acc, b, q, pack, store_mask, out, c_stride, params.output_min);
        } else {
          StoreFoursFor<R, B, true>(acc, b, q, pack, store_mask, out, c_stride, params.output_min);
        }
        m = R / 4 * 4;
      }
      BRASA_UNROLL
      for (; m < R; ++m) {
        // A narrow block's accumulators hold sum + 2^31 (kOffsetBias).
        const __m512i sum = narrow_block[b]
                                ? _mm512_xor_si512(acc[m * B + b], _mm512_set1_epi32(INT32_MIN))
                                : acc[m * B + b];
        _mm_mask_storeu_epi8(out + m * c_stride, store_mask,
                             avx512::FinishRow(avx512::RequantizeRow(sum, q), requantization));
      }
    }
  }
}

// Every column tile of `rows` rows: for each, its tiles of 8 rows, then
// one of the rows left; kFlip: the rows' bytes need a_flip (int8; uint8
// rows, a_flip = 0, skip the XOR).
template <int32_t B, bool kFlip>
void ColumnTile(const Shape& s, int32_t rows, const uint8_t* a, size_t a_stride,
                const uint8_t* block, void* c, size_t c_stride, int32_t first, int32_t last_count,
                const int32_t* row_offsets, const Qs8GemmParams& params) {
  constexpr int32_t kMr = 8;
  const int32_t full = rows / kMr, rest = rows % kMr;
  if (full > 0) {
    Tile<kMr, B, kFlip>(s, a, a_stride, full, block, c, c_stride, first, last_count, row_offsets,
                        params);
  }
  if (rest == 0) return;
  const size_t done = static_cast<size_t>(full) * kMr;
  const uint8_t* rest_a = a + done * a_stride;
  void* rest_c = params.int32_output
                     ? static_cast<void*>(static_cast<int32_t*>(c) + done * c_stride)
                     : static_cast<void*>(static_cast<uint8_t*>(c) + done * c_stride);
  switch (rest) {
#define BRASA_REST_TILE(R)                                                                     \
  case R:                                                                                      \
    Tile<R, B, kFlip>(s, rest_a, a_stride, 1, block, rest_c, c_stride, first, last_count,     \
                      row_offsets, params);                                                    \
    break;
    BRASA_REST_TILE(1)
    BRASA_REST_TILE(2)
    BRASA_REST_TILE(3)
    BRASA_REST_TILE(4)
    BRASA_REST_TILE(5)
    BRASA_REST_TILE(6)
    BRASA_REST_TILE(7)
#undef BRASA_REST_TILE
    default: break;
  }
}

template <bool kFlip>
void Tiles(const Shape& s, int32_t rows, int32_t columns, const uint8_t* a, size_t a_stride,
           const void* packed, void* c, size_t c_stride, const int32_t* row_offsets,
           const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  int32_t first = 0;
  for (; columns - first > (kMaxBlocks - 1) * kNr; first += kMaxBlocks * kNr) {
    const int32_t last = columns - first - (kMaxBlocks - 1) * kNr;
    ColumnTile<kMaxBlocks, kFlip>(s, rows, a, a_stride, block, c, c_stride, first,
                                  last < kNr ? last : kNr, row_offsets, params);
    block += kMaxBlocks * s.block_bytes;
  }
  const int32_t left = columns - first;
  if (left > kNr) {
    ColumnTile<2, kFlip>(s, rows, a, a_stride, block, c, c_stride, first, left - kNr,
                         row_offsets, params);
  } else if (left > 0) {
    ColumnTile<1, kFlip>(s, rows, a, a_stride, block, c, c_stride, first, left, row_offsets,
                         params);
  }
}

}  // namespace

void qs8_gemm_8x48c4__avx512vnni(int32_t rows, int32_t columns, int32_t depth,
                                 const uint8_t* a, size_t a_stride, const void* packed, void* c,
                                 size_t c_stride, const int32_t* row_offsets,
                                 const Qs8GemmParams& params) {
  Shape s;
  s.depth = depth;
  s.groups = (depth + 3) / 4;
  s.full_groups = depth / 4;
  s.block_bytes = kHeaderBytes + static_cast<size_t>(s.groups) * kNr * 4;
  if (params.a_flip == 0) {
    Tiles<false>(s, rows, columns, a, a_stride, packed, c, c_stride, row_offsets, params);
  } else {
    Tiles<true>(s, rows, columns, a, a_stride, packed, c, c_stride, row_offsets, params);
  }
}

}  // namespace brasa
