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
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
      const int32_t* w = block + 4 * kCb;
      __m512i acc = _mm512_loadu_si512(block);
      __m512i acc2 = _mm512_setzero_si512();  // a second chain for odd taps
      int32_t t = 0;
      for (; t + 1 < taps; t += 2) {
        const __m512i x0 = Widen<kUint8>(_mm_maskz_loadu_epi8(mask, pixel_inputs[t] + first));
        const __m512i x1 =
            Widen<kUint8>(_mm_maskz_loadu_epi8(mask, pixel_inputs[t + 1] + first));
        acc = _mm512_add_epi32(acc, _mm512_madd_epi16(x0, _mm512_loadu_si512(w + t * kCb)));
        acc2 = _mm512_add_epi32(acc2,
                                _mm512_madd_epi16(x1, _mm512_loadu_si512(w + (t + 1) * kCb)));
      }
      if (t < taps) {
        const __m512i x = Widen<kUint8>(_mm_maskz_loadu_epi8(mask, pixel_inputs[t] + first));
        acc = _mm512_add_epi32(acc, _mm512_madd_epi16(x, _mm512_loadu_si512(w + t * kCb)));
      }
      acc = _mm512_add_epi32(acc, acc2);
      const __m512i value = avx512::Requantize(
          acc, _mm512_loadu_si512(block + kCb), _mm512_loadu_si512(block + 2 * kCb),
          _mm512_loadu_si512(block + 3 * kCb), requantization);
      _mm_mask_storeu_epi8(out + first, mask, _mm512_cvtepi32_epi8(value));
      block = w + taps * kCb;
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
