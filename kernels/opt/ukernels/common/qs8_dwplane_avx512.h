// The body of qs8_dwplane's AVX-512 variants (qs8_dwplane_16x__avx512.cc,
// qs8_dwplane_16x__avx512vnni.cc): 16 output pixels per vector, one vector
// of sums per output channel of a group of 8. A tap pair's input vector
// holds, per pixel, the two input values as int16 (stride 2: one 32-byte
// load, widened; stride 1: two 16-byte loads, interleaved); its products
// with a broadcast pair of weights add to a channel's sums through the
// including file's `Mac` policy (vpmaddwd + vpaddd, or AVX512-VNNI
// vpdpwssd). The 8 byte vectors of a block are transposed to pixel-major
// order for the store.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWPLANE_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWPLANE_AVX512_H_

#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kG = kDwplaneGroup;

template <bool kUint8>
inline __m512i Widen16(__m256i bytes) {
  return kUint8 ? _mm512_cvtepu8_epi16(bytes) : _mm512_cvtepi8_epi16(bytes);
}

template <bool kUint8>
inline __m512i Widen32(__m128i bytes) {
  return kUint8 ? _mm512_cvtepu8_epi32(bytes) : _mm512_cvtepi8_epi32(bytes);
}

// Per pixel k of 16 (int32 lane k): int16 x[k * stride + 0] low, x[k * stride + 1] high.
template <bool kUint8, int kStride>
inline __m512i LoadPairs(const uint8_t* x) {
  if (kStride == 2) return Widen16<kUint8>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x)));
  const __m512i low = Widen32<kUint8>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x)));
  const __m512i high = _mm512_slli_epi32(
      Widen32<kUint8>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + 1))), 16);
  return _mm512_mask_blend_epi16(static_cast<__mmask32>(0xAAAAAAAAu), low, high);
}

// Stores channels [0, count) of pixels [0, pixels) from 8 vectors of 16
// bytes (vector m: channel m of pixels 0-15), pixels `stride` bytes apart.
inline void StoreTransposed(const __m128i v[kG], int32_t pixels, int32_t count, uint8_t* out,
                            size_t stride) {
  __m128i pairs[8];  // pixels 0-7 / 8-15 of channels (0,1), (2,3), (4,5), (6,7)
  for (int i = 0; i < 4; ++i) {
    pairs[2 * i] = _mm_unpacklo_epi8(v[2 * i], v[2 * i + 1]);
    pairs[2 * i + 1] = _mm_unpackhi_epi8(v[2 * i], v[2 * i + 1]);
  }
  __m128i quads[8];  // 4 pixels each of channels 0-3 (0-3) and 4-7 (4-7)
  for (int h = 0; h < 2; ++h) {
    for (int q = 0; q < 2; ++q) {
      const __m128i a = pairs[4 * q + h], b = pairs[4 * q + 2 + h];
      quads[4 * q + 2 * h] = _mm_unpacklo_epi16(a, b);
      quads[4 * q + 2 * h + 1] = _mm_unpackhi_epi16(a, b);
    }
  }
  __m128i rows[8];  // pixels 2i and 2i + 1, 8 bytes each
  for (int i = 0; i < 4; ++i) {
    rows[2 * i] = _mm_unpacklo_epi32(quads[i], quads[4 + i]);
    rows[2 * i + 1] = _mm_unpackhi_epi32(quads[i], quads[4 + i]);
  }
  if (pixels == 16 && count == kG && stride == kG) {
    for (int i = 0; i < 8; ++i) _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * i), rows[i]);
    return;
  }
  const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
  for (int32_t p = 0; p < pixels; ++p) {
    const __m128i row = rows[p / 2];
    _mm_mask_storeu_epi8(out + p * stride, mask, p % 2 == 0 ? row : _mm_unpackhi_epi64(row, row));
  }
}

// Channel j's MultiplyByQuantizedMultiplier over 16 pixels, for a group
// whose header says plain (requantize_avx512.h's RequantizeRow<true>, in
// one rounding, with the channel's terms broadcast instead of per lane):
// about half the operations of Requantize.
inline __m512i RequantizePlainChannel(__m512i acc, const int32_t* group, int32_t j) {
  const __m512i multiplier = _mm512_set1_epi32(group[kPackedMultiplier * kG + j]);
  int64_t rounding;
  std::memcpy(&rounding,
              group + (j % 2 == 0 ? kPackedRoundingEven : kPackedRoundingOdd) * kG + j / 2 * 2,
              sizeof(rounding));
  const __m512i add = _mm512_set1_epi64(rounding);
  const __m512i bit31 = _mm512_set1_epi64(int64_t{1} << 31);
  auto sum = [&](__m512i product) {
    const __m512i total = _mm512_add_epi64(product, add);
    return _mm512_mask_sub_epi64(total, _mm512_movepi64_mask(product), total, bit31);
  };
  const __m512i even = sum(_mm512_mul_epi32(acc, multiplier));
  const __m512i odd = sum(_mm512_mul_epi32(_mm512_srli_epi64(acc, 32), multiplier));
  // The even sums' high halves move down into the even lanes.
  const __m512i high =
      _mm512_mask_shuffle_epi32(odd, static_cast<__mmask16>(0x5555), even, _MM_PERM_CDAB);
  return _mm512_sra_epi32(high, _mm_cvtsi32_si128(group[kPackedRightLessOne * kG + j]));
}

template <bool kUint8, int kStride, typename Mac>
void ConvolveRow(int32_t out_w, const uint8_t* const* rows, const void* packed, uint8_t* output,
                 const Qs8DwplaneParams& params) {
  const Requantization requantization =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  const int32_t pairs = (params.filter_w + 1) / 2;
  const size_t group_words =
      static_cast<size_t>(kPackedChannelWords + params.filter_h * pairs) * kG;
  const size_t pixel_bytes = static_cast<size_t>(params.channels);
  for (int32_t k = 0; k < out_w; k += 16) {
    const int32_t pixels = out_w - k < 16 ? out_w - k : 16;
    const int32_t* group = static_cast<const int32_t*>(packed);
    for (int32_t first = 0; first < params.channels; first += kG, group += group_words) {
      __m512i acc[kG];
      for (int j = 0; j < kG; ++j) acc[j] = _mm512_set1_epi32(group[j]);
      const int32_t* w = group + kPackedChannelWords * kG;
      for (int32_t fy = 0; fy < params.filter_h; ++fy) {
        const uint8_t* x = rows[fy] + static_cast<size_t>(k) * kStride;
        for (int32_t pair = 0; pair < pairs; ++pair, w += kG) {
          const __m512i input = LoadPairs<kUint8, kStride>(x + 2 * pair);
          for (int j = 0; j < kG; ++j) {
            acc[j] = Mac::Apply(acc[j], input, _mm512_set1_epi32(w[j]));
          }
        }
      }
      __m128i bytes[kG];
      if (group[kPackedMultiplierOdd * kG + 1] == kPackedPlain) {
        for (int j = 0; j < kG; ++j) {
          bytes[j] = FinishRow(RequantizePlainChannel(acc[j], group, j), requantization);
        }
      } else {
        for (int j = 0; j < kG; ++j) {
          bytes[j] = _mm512_cvtepi32_epi8(Requantize(
              acc[j], _mm512_set1_epi32(group[kG + j]), _mm512_set1_epi32(group[2 * kG + j]),
              _mm512_set1_epi32(group[3 * kG + j]), requantization));
        }
      }
      const int32_t count = params.channels - first < kG ? params.channels - first : kG;
      StoreTransposed(bytes, pixels, count, output + k * pixel_bytes + first, pixel_bytes);
    }
  }
}

// The whole micro-kernel (qs8_dwplane.h's Qs8DwplaneFn).
template <typename Mac>
void Qs8Dwplane16x(int32_t out_w, const uint8_t* const* rows, const void* packed, uint8_t* output,
                   const Qs8DwplaneParams& params) {
  if (params.stride == 2) {
    if (params.uint8) {
      ConvolveRow<true, 2, Mac>(out_w, rows, packed, output, params);
    } else {
      ConvolveRow<false, 2, Mac>(out_w, rows, packed, output, params);
    }
  } else if (params.uint8) {
    ConvolveRow<true, 1, Mac>(out_w, rows, packed, output, params);
  } else {
    ConvolveRow<false, 1, Mac>(out_w, rows, packed, output, params);
  }
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWPLANE_AVX512_H_
