// qs8_dwconv with AVX-512: 16 channels per step. Input bytes widen to int32
// lanes; vpmaddwd against the packed w' (low 16 bits of each lane, zero
// above) gives the exact products x * w'.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 16;

template <bool kUint8>
inline __m512i Widen(__m128i bytes) {
  return kUint8 ? _mm512_cvtepu8_epi32(bytes) : _mm512_cvtepi8_epi32(bytes);
}

// 8 channels or fewer: two output pixels share each vector (lanes 0-7 and
// 8-15), with the block's header and weights repeated in the upper half.
template <bool kUint8>
void ConvolvePixelPairs(int32_t pixels, int32_t channels, int32_t taps,
                        const uint8_t* const* inputs, const void* packed, uint8_t* output,
                        size_t output_stride, const Qs8DwconvParams& params) {
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const int32_t* block = static_cast<const int32_t*>(packed);
  const int32_t* w = block + 4 * kCb;
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
      acc = _mm512_add_epi32(acc, _mm512_madd_epi16(Widen<kUint8>(bytes), twice(w + t * kCb)));
    }
    const __m128i value = _mm512_cvtepi32_epi8(
        avx512::Requantize(acc, multiplier, left, right, requantization));
    _mm_mask_storeu_epi8(output + p * output_stride, mask, value);
    if (pair) {
      _mm_mask_storeu_epi8(output + (p + 1) * output_stride, mask,
                           _mm_unpackhi_epi64(value, value));
    }
  }
}

// B consecutive full blocks of 16 channels from `first`: each tap's input
// pointer is read once for all of them, and the B sums are independent
// dependency chains. Returns the next packed block.
template <bool kUint8, int B>
inline const int32_t* ConvolveFullBlocks(const uint8_t* const* pixel_inputs, int32_t taps,
                                         int32_t first, const int32_t* block, uint8_t* out,
                                         const avx512::Requantization& requantization) {
  const size_t block_words = static_cast<size_t>(4 + taps) * kCb;
  __m512i acc[B];
  for (int b = 0; b < B; ++b) acc[b] = _mm512_loadu_si512(block + b * block_words);
  for (int32_t t = 0; t < taps; ++t) {
    const uint8_t* x = pixel_inputs[t] + first;
    const int32_t* w = block + (4 + t) * kCb;
    for (int b = 0; b < B; ++b) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + b * kCb));
      acc[b] = _mm512_add_epi32(
          acc[b], _mm512_madd_epi16(Widen<kUint8>(bytes), _mm512_loadu_si512(w + b * block_words)));
    }
  }
  for (int b = 0; b < B; ++b) {
    const int32_t* header = block + b * block_words;
    const __m512i value = avx512::Requantize(
        acc[b], _mm512_loadu_si512(header + kCb), _mm512_loadu_si512(header + 2 * kCb),
        _mm512_loadu_si512(header + 3 * kCb), requantization);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + first + b * kCb),
                     _mm512_cvtepi32_epi8(value));
  }
  return block + B * block_words;
}

// The last count < 16 channels from `first`, with masked loads and stores.
template <bool kUint8>
inline void ConvolvePartialBlock(const uint8_t* const* pixel_inputs, int32_t taps, int32_t first,
                                 int32_t count, const int32_t* block, uint8_t* out,
                                 const avx512::Requantization& requantization) {
  const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
  __m512i acc = _mm512_loadu_si512(block);
  for (int32_t t = 0; t < taps; ++t) {
    const __m512i x = Widen<kUint8>(_mm_maskz_loadu_epi8(mask, pixel_inputs[t] + first));
    acc = _mm512_add_epi32(acc, _mm512_madd_epi16(x, _mm512_loadu_si512(block + (4 + t) * kCb)));
  }
  const __m512i value = avx512::Requantize(
      acc, _mm512_loadu_si512(block + kCb), _mm512_loadu_si512(block + 2 * kCb),
      _mm512_loadu_si512(block + 3 * kCb), requantization);
  _mm_mask_storeu_epi8(out + first, mask, _mm512_cvtepi32_epi8(value));
}

template <bool kUint8>
void Convolve(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
              const void* packed, uint8_t* output, size_t output_stride,
              const Qs8DwconvParams& params) {
  const avx512::Requantization requantization = avx512::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  for (int32_t p = 0; p < pixels; ++p) {
    const uint8_t* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const int32_t* block = static_cast<const int32_t*>(packed);
    uint8_t* out = output + p * output_stride;
    int32_t first = 0;
    for (; first + 4 * kCb <= channels; first += 4 * kCb) {
      block = ConvolveFullBlocks<kUint8, 4>(pixel_inputs, taps, first, block, out, requantization);
    }
    for (; first + kCb <= channels; first += kCb) {
      block = ConvolveFullBlocks<kUint8, 1>(pixel_inputs, taps, first, block, out, requantization);
    }
    if (first < channels) {
      ConvolvePartialBlock<kUint8>(pixel_inputs, taps, first, channels - first, block, out,
                                   requantization);
    }
  }
}

}  // namespace

void qs8_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const uint8_t* const* inputs, const void* packed, uint8_t* output,
                            size_t output_stride, const Qs8DwconvParams& params) {
  if (channels <= kCb / 2) {
    if (params.uint8) {
      ConvolvePixelPairs<true>(pixels, channels, taps, inputs, packed, output, output_stride,
                               params);
    } else {
      ConvolvePixelPairs<false>(pixels, channels, taps, inputs, packed, output, output_stride,
                                params);
    }
  } else if (params.uint8) {
    Convolve<true>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  } else {
    Convolve<false>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  }
}

}  // namespace brasa
