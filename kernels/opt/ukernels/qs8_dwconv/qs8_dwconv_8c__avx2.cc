// qs8_dwconv with AVX2: 8 channels per step (see the AVX-512 variant). The
// last channels of a pixel, fewer than 8, go through a small local copy so
// that no load or store leaves the tensors.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 8;

template <bool kUint8>
inline __m256i Load8(const uint8_t* bytes, int32_t count) {
  __m128i raw;
  if (count == kCb) {
    raw = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
  } else {
    uint64_t word = 0;
    std::memcpy(&word, bytes, static_cast<size_t>(count));
    raw = _mm_cvtsi64_si128(static_cast<int64_t>(word));
  }
  return kUint8 ? _mm256_cvtepu8_epi32(raw) : _mm256_cvtepi8_epi32(raw);
}

template <bool kUint8>
void Convolve(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
              const void* packed, uint8_t* output, size_t output_stride,
              const Qs8DwconvParams& params) {
  const avx2::Requantization requantization = avx2::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  for (int32_t p = 0; p < pixels; ++p) {
    const uint8_t* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const int32_t* block = static_cast<const int32_t*>(packed);
    uint8_t* out = output + p * output_stride;
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      const int32_t* w = block + kPackedChannelWords * kCb;
      __m256i acc = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
      for (int32_t t = 0; t < taps; ++t) {
        const __m256i x = Load8<kUint8>(pixel_inputs[t] + first, count);
        const __m256i weights = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + t * kCb));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, weights));
      }
      __m256i value;
      if (avx2::PlainBlock(block)) {  // one rounding (nearly every block of a model)
        value = avx2::Finish(avx2::RequantizePlain(acc, block), requantization);
      } else {
        value = avx2::Requantize(
            acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + kCb)),
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 2 * kCb)),
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 3 * kCb)), requantization);
      }
      const uint64_t bytes = avx2::LowBytes(value);
      if (count == kCb) {
        std::memcpy(out + first, &bytes, sizeof(bytes));
      } else {
        std::memcpy(out + first, &bytes, static_cast<size_t>(count));
      }
      block += Qs8DwconvBlockWords(taps) * kCb;
    }
  }
}

}  // namespace

void qs8_dwconv_8c__avx2(int32_t pixels, int32_t channels, int32_t taps,
                         const uint8_t* const* inputs, const void* packed, uint8_t* output,
                         size_t output_stride, const Qs8DwconvParams& params) {
  if (params.uint8) {
    Convolve<true>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  } else {
    Convolve<false>(pixels, channels, taps, inputs, packed, output, output_stride, params);
  }
}

}  // namespace brasa
