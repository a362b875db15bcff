// Weight packing for qs8_gemm (see qs8_gemm.h for the layout and the math).
//
// With A = x + f (f = 128 for int8, 0 for uint8) and B = w (int8) or w - 128
// (uint8), the reference sum is sum_k (x + input_offset)(w + filter_offset)
//   = sum_k (A + e)(B + d),  e = input_offset - f,  d = filter_offset (+128 for uint8)
//   = sum_k A B  +  e * sum_k B + depth * e * d  +  d * sum_k A,
// the middle terms per column (into bias'), the last per row (row offsets).
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"

namespace brasa {
namespace {

int32_t DepthGroups(int32_t depth) {
  return (depth + kQs8GemmDepthGroup - 1) / kQs8GemmDepthGroup;
}

int32_t ActivationShift(bool uint8) { return uint8 ? 0 : 128; }

}  // namespace

size_t Qs8GemmPackedBytes(int32_t nr, int32_t columns, int32_t depth) {
  const size_t blocks = static_cast<size_t>((columns + nr - 1) / nr);
  const size_t block_bytes = static_cast<size_t>(nr) * (kPackedChannelWords * sizeof(int32_t)) +
                             static_cast<size_t>(DepthGroups(depth)) * nr * kQs8GemmDepthGroup;
  return blocks * block_bytes;
}

uint32_t Qs8GemmActivationFlip(bool uint8) { return uint8 ? 0u : 0x80808080u; }

int32_t Qs8GemmRowOffsetFactor(const Qs8GemmWeights& weights) {
  return weights.filter_offset + (weights.uint8 ? 128 : 0);
}

void PackQs8Gemm(const Qs8GemmWeights& weights, int32_t nr, void* packed) {
  const int32_t depth = weights.depth, groups = DepthGroups(depth);
  const int64_t d = Qs8GemmRowOffsetFactor(weights);
  const int64_t e = weights.input_offset - ActivationShift(weights.uint8);
  const int8_t* w8 = static_cast<const int8_t*>(weights.data);
  const uint8_t* wu8 = static_cast<const uint8_t*>(weights.data);
  auto b_value = [&](int32_t n, int32_t k) -> int8_t {
    const int64_t index = int64_t{n} * depth + k;
    return weights.uint8 ? static_cast<int8_t>(wu8[index] - 128) : w8[index];
  };
  uint8_t* out = static_cast<uint8_t*>(packed);
  for (int32_t first = 0; first < weights.columns; first += nr) {
    int32_t* header = reinterpret_cast<int32_t*>(out);
    int8_t* b = reinterpret_cast<int8_t*>(out + sizeof(int32_t) * kPackedChannelWords * nr);
    for (int32_t j = 0; j < nr; ++j) {
      const int32_t n = first + j;
      int32_t bias = 0;
      QuantizedMultiplier multiplier;
      if (n < weights.columns) {
        int64_t column_sum = 0;
        for (int32_t k = 0; k < depth; ++k) column_sum += b_value(n, k);
        const int64_t raw_bias = weights.bias != nullptr ? weights.bias[n] : 0;
        bias = WrapToInt32Bits(raw_bias + e * column_sum + int64_t{depth} * e * d);
        if (weights.multipliers != nullptr) multiplier = weights.multipliers[n];
      }
      WritePackedChannel(header, nr, j, bias, multiplier);
    }
    DerivePackedHeader(header, nr);
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t j = 0; j < nr; ++j) {
        for (int32_t i = 0; i < kQs8GemmDepthGroup; ++i) {
          const int32_t n = first + j, k = g * kQs8GemmDepthGroup + i;
          *b++ = (n < weights.columns && k < depth) ? b_value(n, k) : int8_t{0};
        }
      }
    }
    out = reinterpret_cast<uint8_t*>(b);
  }
}

void Qs8GemmRowOffsets(int32_t rows, int32_t depth, const uint8_t* a, size_t a_stride,
                       uint32_t a_flip, int32_t factor, int32_t* row_offsets) {
  const uint8_t flip = static_cast<uint8_t>(a_flip);
  int32_t m = 0;
#if defined(__SSE2__)
  // Depths of 8 to 15 (shallow 1x1 layers, where this pass costs as much as
  // a good part of the GEMM): two rows' first 8 bytes in one psadbw.
  if (depth >= 8 && depth < 16) {
    const __m128i flips = _mm_set1_epi8(static_cast<char>(flip));
    for (; m + 2 <= rows; m += 2) {
      const uint8_t* first = a + m * a_stride;
      const uint8_t* second = first + a_stride;
      const __m128i bytes = _mm_xor_si128(
          _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(first)),
                             _mm_loadl_epi64(reinterpret_cast<const __m128i*>(second))),
          flips);
      const __m128i sums = _mm_sad_epu8(bytes, _mm_setzero_si128());
      uint32_t sum0 = static_cast<uint32_t>(_mm_cvtsi128_si32(sums));
      uint32_t sum1 = static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
      for (int32_t k = 8; k < depth; ++k) {
        sum0 += static_cast<uint8_t>(first[k] ^ flip);
        sum1 += static_cast<uint8_t>(second[k] ^ flip);
      }
      row_offsets[m] = static_cast<int32_t>(sum0 * static_cast<uint32_t>(factor));
      row_offsets[m + 1] = static_cast<int32_t>(sum1 * static_cast<uint32_t>(factor));
    }
  }
#endif
  for (; m < rows; ++m) {
    const uint8_t* row = a + m * a_stride;
    uint32_t sum = 0;
    int32_t k = 0;
#if defined(__SSE2__)
    // SSE2 is part of x86-64 itself: psadbw sums 8 bytes at a time.
    const __m128i flips = _mm_set1_epi8(static_cast<char>(flip));
    __m128i sums = _mm_setzero_si128();
    for (; k + 16 <= depth; k += 16) {
      const __m128i bytes = _mm_xor_si128(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + k)), flips);
      sums = _mm_add_epi64(sums, _mm_sad_epu8(bytes, _mm_setzero_si128()));
    }
    for (; k + 8 <= depth; k += 8) {  // the upper 8 bytes are zero, flipped only below
      const __m128i bytes = _mm_xor_si128(
          _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + k)), flips);
      sums = _mm_add_epi64(sums, _mm_sad_epu8(_mm_unpacklo_epi64(bytes, _mm_setzero_si128()),
                                              _mm_setzero_si128()));
    }
    sum = static_cast<uint32_t>(_mm_cvtsi128_si32(sums)) +
          static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
#endif
    for (; k < depth; ++k) sum += static_cast<uint8_t>(row[k] ^ flip);
    row_offsets[m] = static_cast<int32_t>(sum * static_cast<uint32_t>(factor));
  }
}

}  // namespace brasa
