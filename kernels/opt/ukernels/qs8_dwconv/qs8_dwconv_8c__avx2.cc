// qs8_dwconv with AVX2: 8 channels per step (see the AVX-512 variant). The
// last channels of a pixel, fewer than 8, are read and written through a
// small local copy so that no load or store leaves the tensors.
//
// Taps go two at a time: the two taps' bytes interleaved and widened to
// int16 pairs meet their weights paired the same way in one vpmaddwd (16
// products; one tap per int32 lane took 8). The packing keeps one tap's
// weight per lane (low 16 bits), so each block pairs its weights once, on
// the stack, and then runs all the call's pixels: channel blocks outside,
// pixels inside. Windows of more than 2 * kMaxPairs + 1 taps go one tap at
// a time. Blocks of 8 plain channels requantize in one rounding and pack 4
// pixels' bytes at once (requantize_avx2.h).
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/qs8_lanes_avx2.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {
namespace {

constexpr int32_t kCb = 8;
constexpr int32_t kMaxPairs = 32;

// `count` channels' bytes (8 of them, the rest zero below 8).
inline __m128i Bytes8(const uint8_t* bytes, int32_t count) {
  return count == kCb ? avx2::Load8<false>(bytes, count) : avx2::Load8<true>(bytes, count);
}

using avx2::LoadWords;
using avx2::Widen16;
using avx2::Widen32;

// The block's sums as bytes: plain blocks (nearly all) in one rounding.
inline void StorePixel(__m256i acc, const int32_t* block, bool plain, int32_t count,
                       const avx2::Requantization& requantization, uint8_t* out) {
  const __m256i value =
      plain ? avx2::Finish(avx2::RequantizePlain(acc, block), requantization)
            : avx2::Requantize(acc, LoadWords(block + kPackedMultiplier * kCb),
                               LoadWords(block + kPackedLeftShift * kCb),
                               LoadWords(block + kPackedRightShift * kCb), requantization);
  const uint64_t bytes = avx2::LowBytes(value);
  if (count == kCb) {
    std::memcpy(out, &bytes, sizeof(bytes));
  } else {
    std::memcpy(out, &bytes, static_cast<size_t>(count));
  }
}

template <bool kUint8>
void Convolve(int32_t pixels, int32_t channels, int32_t taps, const uint8_t* const* inputs,
              const void* packed, uint8_t* output, size_t output_stride,
              const Qs8DwconvParams& params) {
  const avx2::Requantization requantization = avx2::MakeRequantization(
      params.output_zero_point, params.output_min, params.output_max);
  const avx2::FourPack pack =
      avx2::MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  const bool unsigned_bytes = params.output_min >= 0;
  const int32_t pairs = taps <= 2 * kMaxPairs + 1 ? taps / 2 : 0;
  __m256i paired[kMaxPairs];
  const int32_t* block = static_cast<const int32_t*>(packed);
  for (int32_t first = 0; first < channels; first += kCb) {
    const int32_t count = channels - first < kCb ? channels - first : kCb;
    const int32_t* w = block + kPackedChannelWords * kCb;
    for (int32_t i = 0; i < pairs; ++i) {  // lane: tap 2i's weight low, 2i + 1's high
      paired[i] = avx2::PairWords(w + 2 * i * kCb, w + (2 * i + 1) * kCb);
    }
    const __m256i bias = LoadWords(block);
    const bool plain = avx2::PlainBlock(block);
    auto sums = [&](int32_t p) {  // pixel p's
      const uint8_t* const* tap = inputs + static_cast<size_t>(p) * taps;
      __m256i acc = bias;
      for (int32_t i = 0; i < pairs; ++i) {
        const __m128i both = _mm_unpacklo_epi8(Bytes8(tap[2 * i] + first, count),
                                               Bytes8(tap[2 * i + 1] + first, count));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(Widen16<kUint8>(both), paired[i]));
      }
      for (int32_t t = 2 * pairs; t < taps; ++t) {
        const __m256i x = Widen32<kUint8>(Bytes8(tap[t] + first, count));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, LoadWords(w + t * kCb)));
      }
      return acc;
    };
    int32_t p = 0;
    if (plain && count == kCb) {  // 4 pixels' bytes packed at once
      for (; p + 4 <= pixels; p += 4) {
        const __m256i a = avx2::RequantizePlain(sums(p), block);
        const __m256i b = avx2::RequantizePlain(sums(p + 1), block);
        const __m256i c = avx2::RequantizePlain(sums(p + 2), block);
        const __m256i d = avx2::RequantizePlain(sums(p + 3), block);
        avx2::StoreFourRows(unsigned_bytes ? avx2::FinishFour<true>(a, b, c, d, pack)
                                           : avx2::FinishFour<false>(a, b, c, d, pack),
                            output + p * output_stride + first, output_stride);
      }
    }
    for (; p < pixels; ++p) {
      StorePixel(sums(p), block, plain, count, requantization, output + p * output_stride + first);
    }
    block += Qs8DwconvBlockWords(taps) * kCb;
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
