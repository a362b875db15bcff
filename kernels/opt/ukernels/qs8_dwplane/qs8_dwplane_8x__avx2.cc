// qs8_dwplane with AVX2: the AVX-512 variant's scheme (see there) on 8
// output pixels per vector. The 8 x 8 bytes of a block are transposed to
// pixel-major order for the store; a partial block goes through a local
// copy so that no store leaves the output row.
#include <immintrin.h>

#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx2.h"
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"

namespace brasa {
namespace {

constexpr int32_t kG = kDwplaneGroup;

template <bool kUint8>
inline __m256i Widen32(__m128i bytes) {
  return kUint8 ? _mm256_cvtepu8_epi32(bytes) : _mm256_cvtepi8_epi32(bytes);
}

// Per pixel k of 8 (int32 lane k): int16 x[k * stride + 0] low, x[k * stride + 1] high.
template <bool kUint8, int kStride>
inline __m256i LoadPairs(const uint8_t* x) {
  if (kStride == 2) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x));
    return kUint8 ? _mm256_cvtepu8_epi16(bytes) : _mm256_cvtepi8_epi16(bytes);
  }
  const __m256i low = Widen32<kUint8>(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x)));
  const __m256i high = _mm256_slli_epi32(
      Widen32<kUint8>(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x + 1))), 16);
  return _mm256_blend_epi16(low, high, 0xAA);
}

// Channels [0, count) of pixels [0, pixels) from 8 words of 8 bytes (word
// m: channel m of pixels 0-7), pixels `stride` bytes apart.
inline void StoreTransposed(const uint64_t v[kG], int32_t pixels, int32_t count, uint8_t* out,
                            size_t stride) {
  __m128i pairs[4];  // pixels 0-7 of channels (0,1), (2,3), (4,5), (6,7)
  for (int i = 0; i < 4; ++i) {
    pairs[i] = _mm_unpacklo_epi8(_mm_cvtsi64_si128(static_cast<int64_t>(v[2 * i])),
                                 _mm_cvtsi64_si128(static_cast<int64_t>(v[2 * i + 1])));
  }
  const __m128i low03 = _mm_unpacklo_epi16(pairs[0], pairs[1]);   // pixels 0-3, channels 0-3
  const __m128i high03 = _mm_unpackhi_epi16(pairs[0], pairs[1]);  // pixels 4-7, channels 0-3
  const __m128i low47 = _mm_unpacklo_epi16(pairs[2], pairs[3]);
  const __m128i high47 = _mm_unpackhi_epi16(pairs[2], pairs[3]);
  uint8_t block[64];  // pixel-major, 8 bytes per pixel
  _mm_storeu_si128(reinterpret_cast<__m128i*>(block), _mm_unpacklo_epi32(low03, low47));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(block + 16), _mm_unpackhi_epi32(low03, low47));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(block + 32), _mm_unpacklo_epi32(high03, high47));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(block + 48), _mm_unpackhi_epi32(high03, high47));
  if (pixels == 8 && count == kG && stride == kG) {
    std::memcpy(out, block, sizeof(block));
    return;
  }
  for (int32_t p = 0; p < pixels; ++p) {
    std::memcpy(out + p * stride, block + p * kG, static_cast<size_t>(count));
  }
}

template <bool kUint8, int kStride>
void ConvolveRow(int32_t out_w, const uint8_t* const* rows, const void* packed, uint8_t* output,
                 const Qs8DwplaneParams& params) {
  const avx2::Requantization requantization =
      avx2::MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
  const int32_t pairs = (params.filter_w + 1) / 2;
  const size_t group_words =
      static_cast<size_t>(kPackedChannelWords + params.filter_h * pairs) * kG;
  const size_t pixel_bytes = static_cast<size_t>(params.channels);
  for (int32_t k = 0; k < out_w; k += 8) {
    const int32_t pixels = out_w - k < 8 ? out_w - k : 8;
    const int32_t* group = static_cast<const int32_t*>(packed);
    for (int32_t first = 0; first < params.channels; first += kG, group += group_words) {
      __m256i acc[kG];
      for (int j = 0; j < kG; ++j) acc[j] = _mm256_set1_epi32(group[j]);
      const int32_t* w = group + kPackedChannelWords * kG;
      for (int32_t fy = 0; fy < params.filter_h; ++fy) {
        const uint8_t* x = rows[fy] + static_cast<size_t>(k) * kStride;
        for (int32_t pair = 0; pair < pairs; ++pair, w += kG) {
          const __m256i input = LoadPairs<kUint8, kStride>(x + 2 * pair);
          for (int j = 0; j < kG; ++j) {
            acc[j] = _mm256_add_epi32(acc[j], _mm256_madd_epi16(input, _mm256_set1_epi32(w[j])));
          }
        }
      }
      uint64_t bytes[kG];
      for (int j = 0; j < kG; ++j) {
        bytes[j] = avx2::LowBytes(avx2::Requantize(
            acc[j], _mm256_set1_epi32(group[kG + j]), _mm256_set1_epi32(group[2 * kG + j]),
            _mm256_set1_epi32(group[3 * kG + j]), requantization));
      }
      const int32_t count = params.channels - first < kG ? params.channels - first : kG;
      StoreTransposed(bytes, pixels, count, output + k * pixel_bytes + first, pixel_bytes);
    }
  }
}

}  // namespace

void qs8_dwplane_8x__avx2(int32_t out_w, const uint8_t* const* rows, const void* packed,
                          uint8_t* output, const Qs8DwplaneParams& params) {
  if (params.stride == 2) {
    if (params.uint8) {
      ConvolveRow<true, 2>(out_w, rows, packed, output, params);
    } else {
      ConvolveRow<false, 2>(out_w, rows, packed, output, params);
    }
  } else if (params.uint8) {
    ConvolveRow<true, 1>(out_w, rows, packed, output, params);
  } else {
    ConvolveRow<false, 1>(out_w, rows, packed, output, params);
  }
}

}  // namespace brasa
