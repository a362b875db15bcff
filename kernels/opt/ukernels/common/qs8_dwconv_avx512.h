// The body of qs8_dwconv's AVX-512 variants (qs8_dwconv_16c__avx512.cc,
// qs8_dwconv_16c__avx512vnni.cc), 16 channels per packed block. Input bytes
// widen to int32 lanes; the product with the packed w' (low 16 bits of each
// lane, zero above) is exact, whether as vpmaddwd + vpaddd or as one
// AVX512-VNNI vpdpwssd: the `Mac` policy (Mac::Apply(acc, x, w)) of the
// including file picks, so each file keeps its own ISA's instructions.
//
// Tiles of up to 4 pixels x 2 blocks keep 8 independent sums (enough to
// hide vpdpwssd's latency) and load each tap's weights once for 4 pixels.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_AVX512_H_

#include <immintrin.h>

#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kDwconvCb = 16;

template <bool kUint8>
inline __m512i WidenBytes(__m128i bytes) {
  return kUint8 ? _mm512_cvtepu8_epi32(bytes) : _mm512_cvtepi8_epi32(bytes);
}

// 8 channels or fewer: two output pixels share each vector (lanes 0-7 and
// 8-15), with the block's header and weights repeated in the upper half.
template <bool kUint8, typename Mac>
void DwconvPixelPairs(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
                      const void* packed, uint8_t* output, size_t output_stride,
                      const Qs8DwconvParams& params) {
  constexpr int32_t kCb = kDwconvCb;
  const Requantization requantization =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  const int32_t* block = static_cast<const int32_t*>(packed);
  const int32_t* w = block + kPackedChannelWords * kCb;
  auto twice = [](const int32_t* from) {  // lanes 0-7 repeated in 8-15
    const __m512i v = _mm512_loadu_si512(from);
    return _mm512_shuffle_i64x2(v, v, 0x44);
  };
  const __m512i bias = twice(block), multiplier = twice(block + kCb);
  const __m512i left = twice(block + 2 * kCb), right = twice(block + 3 * kCb);
  const __mmask16 mask = static_cast<__mmask16>((1u << channels) - 1);
  for (int32_t p = 0; p < pixels; p += 2) {
    const uint8_t* const* first = inputs + static_cast<size_t>(p) * taps;
    const bool pair = p + 1 < pixels;
    const uint8_t* const* second = pair ? first + taps : first;
    __m512i acc = bias;
    for (int32_t t = 0; t < taps; ++t) {
      const __m128i bytes = _mm_unpacklo_epi64(_mm_maskz_loadu_epi8(mask, first[t]),
                                               _mm_maskz_loadu_epi8(mask, second[t]));
      acc = Mac::Apply(acc, WidenBytes<kUint8>(bytes), twice(w + t * kCb));
    }
    const __m128i value =
        _mm512_cvtepi32_epi8(Requantize(acc, multiplier, left, right, requantization));
    _mm_mask_storeu_epi8(output + p * output_stride, mask, value);
    if (pair) {
      _mm_mask_storeu_epi8(output + (p + 1) * output_stride, mask,
                           _mm_unpackhi_epi64(value, value));
    }
  }
}

// kP pixels x kB blocks of channels from `first`: full blocks, or (kPartial,
// kB = 1) the last `count` < 16 channels under a mask. `inputs` holds the
// first pixel's tap pointers, the next pixel's `taps` later; `block` the
// first block's packed data, blocks `block_words` apart.
template <bool kUint8, typename Mac, int kP, int kB, bool kPartial>
inline void DwconvTile(const uint8_t* const* inputs, int32_t taps, int32_t first, int32_t count,
                       const int32_t* block, size_t block_words, uint8_t* out, size_t output_stride,
                       const Requantization& requantization) {
  constexpr int32_t kCb = kDwconvCb;
  const __mmask16 mask = kPartial ? static_cast<__mmask16>((1u << count) - 1) : 0xFFFF;
  __m512i acc[kP][kB];
  for (int b = 0; b < kB; ++b) {
    const __m512i bias = _mm512_loadu_si512(block + b * block_words);
    for (int p = 0; p < kP; ++p) acc[p][b] = bias;
  }
  for (int32_t t = 0; t < taps; ++t) {
    __m512i w[kB];
    for (int b = 0; b < kB; ++b) w[b] = _mm512_loadu_si512(block + b * block_words + (kPackedChannelWords + t) * kCb);
    for (int p = 0; p < kP; ++p) {
      const uint8_t* x = inputs[p * taps + t] + first;
      for (int b = 0; b < kB; ++b) {
        const __m128i bytes = kPartial
                                  ? _mm_maskz_loadu_epi8(mask, x)
                                  : _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + b * kCb));
        acc[p][b] = Mac::Apply(acc[p][b], WidenBytes<kUint8>(bytes), w[b]);
      }
    }
  }
  for (int b = 0; b < kB; ++b) {
    const int32_t* header = block + b * block_words;
    const __m512i multiplier = _mm512_loadu_si512(header + kCb);
    const __m512i left = _mm512_loadu_si512(header + 2 * kCb);
    const __m512i right = _mm512_loadu_si512(header + 3 * kCb);
    for (int p = 0; p < kP; ++p) {
      const __m128i value =
          _mm512_cvtepi32_epi8(Requantize(acc[p][b], multiplier, left, right, requantization));
      uint8_t* to = out + p * output_stride + first + b * kCb;
      if (kPartial) {
        _mm_mask_storeu_epi8(to, mask, value);
      } else {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to), value);
      }
    }
  }
}

// All channels of kP pixels.
template <bool kUint8, typename Mac, int kP>
inline void DwconvPixels(const uint8_t* const* inputs, int32_t channels, int32_t taps,
                         const int32_t* block, uint8_t* out, size_t output_stride,
                         const Requantization& r) {
  constexpr int32_t kCb = kDwconvCb;
  const size_t block_words = static_cast<size_t>(Qs8DwconvBlockWords(taps)) * kCb;
  int32_t first = 0;
  if (kP == 1) {
    for (; first + 4 * kCb <= channels; first += 4 * kCb, block += 4 * block_words) {
      DwconvTile<kUint8, Mac, 1, 4, false>(inputs, taps, first, kCb, block, block_words, out,
                                           output_stride, r);
    }
  }
  for (; first + 2 * kCb <= channels; first += 2 * kCb, block += 2 * block_words) {
    DwconvTile<kUint8, Mac, kP, 2, false>(inputs, taps, first, kCb, block, block_words, out,
                                          output_stride, r);
  }
  for (; first + kCb <= channels; first += kCb, block += block_words) {
    DwconvTile<kUint8, Mac, kP, 1, false>(inputs, taps, first, kCb, block, block_words, out,
                                          output_stride, r);
  }
  if (first < channels) {
    DwconvTile<kUint8, Mac, kP, 1, true>(inputs, taps, first, channels - first, block, block_words,
                                         out, output_stride, r);
  }
}

template <bool kUint8, typename Mac>
void DwconvBlocks(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
                  const void* packed, uint8_t* output, size_t output_stride,
                  const Qs8DwconvParams& params) {
  const Requantization requantization =
      MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  const int32_t* block = static_cast<const int32_t*>(packed);
  int32_t p = 0;
  for (; p + 4 <= pixels; p += 4) {
    DwconvPixels<kUint8, Mac, 4>(inputs + static_cast<size_t>(p) * taps, channels, taps, block,
                                 output + p * output_stride, output_stride, requantization);
  }
  for (; p < pixels; ++p) {
    DwconvPixels<kUint8, Mac, 1>(inputs + static_cast<size_t>(p) * taps, channels, taps, block,
                                 output + p * output_stride, output_stride, requantization);
  }
}

// The whole micro-kernel (qs8_dwconv.h's Qs8DwconvFn).
template <typename Mac>
void Qs8Dwconv16c(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
                  const void* packed, uint8_t* output, size_t output_stride,
                  const Qs8DwconvParams& params) {
  if (channels <= kDwconvCb / 2) {
    if (params.uint8) {
      DwconvPixelPairs<true, Mac>(pixels, channels, taps, inputs, packed, output, output_stride,
                                  params);
    } else {
      DwconvPixelPairs<false, Mac>(pixels, channels, taps, inputs, packed, output, output_stride,
                                   params);
    }
  } else if (params.uint8) {
    DwconvBlocks<true, Mac>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  } else {
    DwconvBlocks<false, Mac>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  }
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DWCONV_AVX512_H_
