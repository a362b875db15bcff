// The body of qs8_dwconv's AVX-512 row variants (qs8_dwconv.h's
// Qs8DwconvRowFn, windows 3 pixels wide), shared by
// qs8_dwconv_row3_16c__avx512.cc and __avx512vnni.cc through the `Mac`
// policy, as qs8_dwconv_avx512.h.
//
// A tile is 8 (or 4, or 1) consecutive output pixels of one block of 16
// channels. With stride s they read (pixels - 1) * s + 3 input columns per
// window row; each column is loaded and widened once and feeds the up to
// 3 / s pixels that read it (an indirection list widens every tap of every
// pixel: 3 times as many loads and widenings at stride 1). Channel blocks are
// the outer loop, so a block's requantization constants, derived once per
// call, stay in registers over the whole row.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_

#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_avx512.h"

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

// A block's header, with what Requantize derives from it computed once.
struct RowBlockQuant {
  __m512i bias, multiplier, multiplier_odd, left, right, mask, half_mask;
};

inline RowBlockQuant LoadRowBlockQuant(const int32_t* header) {
  constexpr int32_t kCb = kDwconvCb;
  RowBlockQuant q;
  q.bias = _mm512_loadu_si512(header);
  q.multiplier = _mm512_loadu_si512(header + kCb);
  q.multiplier_odd = _mm512_srli_epi64(q.multiplier, 32);
  q.left = _mm512_loadu_si512(header + 2 * kCb);
  q.right = _mm512_loadu_si512(header + 3 * kCb);
  const __m512i one = _mm512_set1_epi32(1);
  q.mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, q.right), one);
  q.half_mask = _mm512_srli_epi32(q.mask, 1);
  return q;
}

// requantize_avx512.h's Requantize with the block's constants precomputed
// (the same operations on the same values, so the same results).
inline __m512i RequantizeRow(__m512i acc, const RowBlockQuant& q, const Requantization& r) {
  const __m512i x = _mm512_sllv_epi32(acc, q.left);
  const __m512i nudge = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, q.multiplier), nudge);
  const __m512i odd =
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), q.multiplier_odd), nudge);
  const __m512i high_mul = _mm512_mask_blend_epi32(
      static_cast<__mmask16>(0xAAAA), _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
  const __m512i remainder = _mm512_and_si512(high_mul, q.mask);
  const __m512i threshold = _mm512_sub_epi32(q.half_mask, _mm512_srai_epi32(high_mul, 31));
  __m512i result = _mm512_srav_epi32(high_mul, q.right);
  result = _mm512_mask_add_epi32(result, _mm512_cmpgt_epi32_mask(remainder, threshold), result,
                                 _mm512_set1_epi32(1));
  result = _mm512_min_epi32(_mm512_max_epi32(result, r.low), r.high);
  return _mm512_add_epi32(result, r.zero_point);
}

// Input column `column` of a window row (channel 0 of the call's slice).
template <bool kChecked>
inline const uint8_t* RowColumn(const uint8_t* line, int32_t column, const Qs8DwconvRow& r) {
  if (!kChecked) return line + static_cast<ptrdiff_t>(column) * static_cast<ptrdiff_t>(r.pixel_bytes);
  const bool inside = line != nullptr && column >= 0 && column < r.input_w;
  return inside ? line + static_cast<ptrdiff_t>(column) * static_cast<ptrdiff_t>(r.pixel_bytes)
                : r.padding;
}

// kP output pixels from input column `column` on, channels [first, first +
// 16) (kPartial: the `mask` lanes); kChecked: some columns or rows may be
// padding.
template <bool kUint8, typename Mac, int kS, int kP, bool kChecked, bool kPartial>
inline void RowTile(const Qs8DwconvRow& r, int32_t column, int32_t first, __mmask16 mask,
                    const int32_t* block, const RowBlockQuant& q, const Requantization& rq,
                    uint8_t* out) {
  constexpr int32_t kCb = kDwconvCb;
  constexpr int kColumns = (kP - 1) * kS + kQs8DwconvRowWidth;
  __m512i acc[kP];
  for (int p = 0; p < kP; ++p) acc[p] = q.bias;
  const int32_t* w = block + 4 * kCb;
  for (int32_t ky = 0; ky < r.kernel_h; ++ky, w += kQs8DwconvRowWidth * kCb) {
    const uint8_t* line = r.rows[ky];
    const __m512i w0 = _mm512_loadu_si512(w);
    const __m512i w1 = _mm512_loadu_si512(w + kCb);
    const __m512i w2 = _mm512_loadu_si512(w + 2 * kCb);
#pragma GCC unroll 32
    for (int j = 0; j < kColumns; ++j) {
      const uint8_t* x = RowColumn<kChecked>(line, column + j, r) + first;
      const __m128i bytes = kPartial ? _mm_maskz_loadu_epi8(mask, x)
                                     : _mm_loadu_si128(reinterpret_cast<const __m128i*>(x));
      const __m512i v = WidenBytes<kUint8>(bytes);
      // Pixel p reads this column as tap kx when j = p * kS + kx.
      if (j % kS == 0 && j / kS < kP) acc[j / kS] = Mac::Apply(acc[j / kS], v, w0);
      if (j >= 1 && (j - 1) % kS == 0 && (j - 1) / kS < kP) {
        acc[(j - 1) / kS] = Mac::Apply(acc[(j - 1) / kS], v, w1);
      }
      if (j >= 2 && (j - 2) % kS == 0 && (j - 2) / kS < kP) {
        acc[(j - 2) / kS] = Mac::Apply(acc[(j - 2) / kS], v, w2);
      }
    }
  }
  for (int p = 0; p < kP; ++p) {
    const __m128i value = _mm512_cvtepi32_epi8(RequantizeRow(acc[p], q, rq));
    uint8_t* to = out + static_cast<size_t>(p) * r.pixel_bytes + first;
    if (kPartial) {
      _mm_mask_storeu_epi8(to, mask, value);
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to), value);
    }
  }
}

template <bool kUint8, typename Mac, int kS>
void RowBlocks(int32_t pixels, int32_t channels, const Qs8DwconvRow& r, const void* packed,
               uint8_t* output, const Qs8DwconvParams& params) {
  constexpr int32_t kCb = kDwconvCb;
  const Requantization rq =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  bool rows_inside = true;
  for (int32_t ky = 0; ky < r.kernel_h; ++ky) rows_inside = rows_inside && r.rows[ky] != nullptr;
  const size_t block_words = static_cast<size_t>(4 + r.kernel_h * kQs8DwconvRowWidth) * kCb;
  const int32_t* block = static_cast<const int32_t*>(packed);
  for (int32_t first = 0; first < channels; first += kCb, block += block_words) {
    const RowBlockQuant q = LoadRowBlockQuant(block);
    if (channels - first < kCb) {
      const __mmask16 mask = static_cast<__mmask16>((1u << (channels - first)) - 1);
      for (int32_t p = 0; p < pixels; ++p) {
        RowTile<kUint8, Mac, kS, 1, true, true>(r, r.x_origin + p * kS, first, mask, block, q,
                                                rq, output + p * r.pixel_bytes);
      }
      break;
    }
    // Whether the kP pixels from p read only columns inside the rows.
    auto inside = [&](int32_t p, int kP) {
      const int32_t column = r.x_origin + p * kS;
      return rows_inside && column >= 0 && column + (kP - 1) * kS + 2 < r.input_w;
    };
    int32_t p = 0;
    for (; p + 8 <= pixels; p += 8) {
      const int32_t column = r.x_origin + p * kS;
      uint8_t* out = output + p * r.pixel_bytes;
      if (inside(p, 8)) {
        RowTile<kUint8, Mac, kS, 8, false, false>(r, column, first, 0, block, q, rq, out);
      } else {
        RowTile<kUint8, Mac, kS, 8, true, false>(r, column, first, 0, block, q, rq, out);
      }
    }
    for (; p + 4 <= pixels; p += 4) {
      const int32_t column = r.x_origin + p * kS;
      uint8_t* out = output + p * r.pixel_bytes;
      if (inside(p, 4)) {
        RowTile<kUint8, Mac, kS, 4, false, false>(r, column, first, 0, block, q, rq, out);
      } else {
        RowTile<kUint8, Mac, kS, 4, true, false>(r, column, first, 0, block, q, rq, out);
      }
    }
    for (; p < pixels; ++p) {
      RowTile<kUint8, Mac, kS, 1, true, false>(r, r.x_origin + p * kS, first, 0, block, q, rq,
                                               output + p * r.pixel_bytes);
    }
  }
}

// The whole row micro-kernel (qs8_dwconv.h's Qs8DwconvRowFn).
template <typename Mac>
void Qs8DwconvRow16c(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                     const void* packed, uint8_t* output, const Qs8DwconvParams& params) {
  if (row.stride == 1) {
    if (params.uint8) {
      RowBlocks<true, Mac, 1>(pixels, channels, row, packed, output, params);
    } else {
      RowBlocks<false, Mac, 1>(pixels, channels, row, packed, output, params);
    }
  } else if (params.uint8) {
    RowBlocks<true, Mac, 2>(pixels, channels, row, packed, output, params);
  } else {
    RowBlocks<false, Mac, 2>(pixels, channels, row, packed, output, params);
  }
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_ROW_AVX512_H_
