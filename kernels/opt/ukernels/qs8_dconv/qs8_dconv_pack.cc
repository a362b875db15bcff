// Weight packing for qs8_dconv (see qs8_dconv.h for the layout): qs8_gemm's
// folded bias and signed weight bytes, with each filter row's taps padded to
// whole groups of 4.
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {

size_t Qs8DconvPackedBytes(int32_t nr, int32_t channels, int32_t filter_h, int32_t segment) {
  const size_t blocks = static_cast<size_t>((channels + nr - 1) / nr);
  const size_t groups = static_cast<size_t>(filter_h) * Qs8DconvGroups(segment);
  return blocks * static_cast<size_t>(nr) * (kPackedChannelWords * sizeof(int32_t) + groups * 4);
}

void PackQs8Dconv(const Qs8GemmWeights& weights, int32_t filter_h, int32_t segment, int32_t nr,
                  void* packed) {
  const int32_t depth = weights.depth, groups = Qs8DconvGroups(segment);
  const int64_t d = Qs8GemmRowOffsetFactor(weights);
  // qs8_gemm_pack.cc's e: the input offset less the A bytes' shift.
  const int64_t e = weights.input_offset - (weights.uint8 ? 0 : 128);
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
    for (int32_t fy = 0; fy < filter_h; ++fy) {
      for (int32_t g = 0; g < groups; ++g) {
        for (int32_t j = 0; j < nr; ++j) {
          for (int32_t i = 0; i < 4; ++i) {
            const int32_t n = first + j, t = g * 4 + i;
            *b++ = (n < weights.columns && t < segment) ? b_value(n, fy * segment + t)
                                                        : int8_t{0};
          }
        }
      }
    }
    out = reinterpret_cast<uint8_t*>(b);
  }
}

}  // namespace brasa
