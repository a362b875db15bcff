// Weight packing for qs8_dwconv (layout and math in qs8_dwconv.h).
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {

size_t Qs8DwconvPackedBytes(int32_t cb, int32_t channels, int32_t taps) {
  const size_t blocks = static_cast<size_t>((channels + cb - 1) / cb);
  return blocks * static_cast<size_t>(cb) * sizeof(int32_t) *
         static_cast<size_t>(Qs8DwconvBlockWords(taps));
}

void PackQs8DwconvHeader(const Qs8DwconvWeights& weights, int32_t first, int32_t width,
                         int32_t* header) {
  const int8_t* w8 = static_cast<const int8_t*>(weights.data);
  const uint8_t* wu8 = static_cast<const uint8_t*>(weights.data);
  const int32_t filter_channels = weights.period > 0 ? weights.period : weights.channels;
  for (int32_t j = 0; j < width; ++j) {
    const int32_t c = first + j;
    int32_t bias = 0;
    QuantizedMultiplier multiplier;
    if (c < weights.channels) {
      const int32_t source = c % filter_channels;
      int64_t sum = 0;
      for (int32_t t = 0; t < weights.taps; ++t) {
        const int64_t index = int64_t{t} * filter_channels + source;
        sum += (weights.uint8 ? int32_t{wu8[index]} : int32_t{w8[index]}) + weights.filter_offset;
      }
      const int64_t raw = weights.bias != nullptr ? weights.bias[source] : 0;
      bias = WrapToInt32Bits(raw + int64_t{weights.input_offset} * sum);
      multiplier = weights.multipliers[source];
    }
    WritePackedChannel(header, width, j, bias, multiplier);
  }
  DerivePackedHeader(header, width);
}

void PackQs8Dwconv(const Qs8DwconvWeights& weights, int32_t cb, void* packed) {
  const int8_t* w8 = static_cast<const int8_t*>(weights.data);
  const uint8_t* wu8 = static_cast<const uint8_t*>(weights.data);
  const int32_t filter_channels = weights.period > 0 ? weights.period : weights.channels;
  auto w_value = [&](int32_t t, int32_t c) -> int32_t {
    const int64_t index = int64_t{t} * filter_channels + c % filter_channels;
    return (weights.uint8 ? int32_t{wu8[index]} : int32_t{w8[index]}) + weights.filter_offset;
  };
  int32_t* out = static_cast<int32_t*>(packed);
  for (int32_t first = 0; first < weights.channels; first += cb) {
    PackQs8DwconvHeader(weights, first, cb, out);
    out += kPackedChannelWords * cb;
    for (int32_t t = 0; t < weights.taps; ++t) {
      for (int32_t j = 0; j < cb; ++j) {
        const int32_t c = first + j;
        const int32_t w = c < weights.channels ? w_value(t, c) : 0;
        out[j] = static_cast<int32_t>(static_cast<uint16_t>(static_cast<int16_t>(w)));
      }
      out += cb;
    }
    if (weights.taps == kQs8DwconvDotTaps) {
      const int32_t* header = out - static_cast<size_t>(kPackedChannelWords + weights.taps) * cb;
      for (int32_t kx = 0; kx < 3; ++kx, out += cb) {
        for (int32_t j = 0; j < cb; ++j) {
          const int32_t c = first + j;
          uint32_t word = 0;
          for (int32_t ky = 0; ky < 3 && c < weights.channels && !weights.uint8; ++ky) {
            word |= uint32_t{static_cast<uint8_t>(w_value(ky * 3 + kx, c))} << (8 * ky);
          }
          out[j] = static_cast<int32_t>(word);
        }
      }
      for (int32_t j = 0; j < cb; ++j) {
        const int32_t c = first + j;
        int64_t sum = 0;
        for (int32_t t = 0; t < weights.taps && c < weights.channels; ++t) sum += w_value(t, c);
        out[j] = WrapToInt32Bits(int64_t{header[kPackedBias * cb + j]} - 128 * sum);
      }
      out += cb;
    }
  }
}

}  // namespace brasa
