// Weight packing for qs8_dwplane (layout and math in qs8_dwplane.h).
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"

namespace brasa {

namespace {

int32_t TapPairs(int32_t filter_w) { return (filter_w + 1) / 2; }

}  // namespace

size_t Qs8DwplanePackedBytes(int32_t channels, int32_t filter_h, int32_t filter_w) {
  const size_t groups = static_cast<size_t>((channels + kDwplaneGroup - 1) / kDwplaneGroup);
  const size_t words_per_channel =
      kPackedChannelWords + static_cast<size_t>(filter_h) * TapPairs(filter_w);
  return groups * kDwplaneGroup * words_per_channel * sizeof(int32_t);
}

void PackQs8Dwplane(const Qs8DwconvWeights& weights, int32_t filter_w, void* packed) {
  const int8_t* w8 = static_cast<const int8_t*>(weights.data);
  const uint8_t* wu8 = static_cast<const uint8_t*>(weights.data);
  const int32_t filter_h = weights.taps / filter_w;
  // w' of tap (fy, fx) for channel c; 0 past the filter's width.
  auto w_value = [&](int32_t fy, int32_t fx, int32_t c) -> int32_t {
    if (fx >= filter_w) return 0;
    const int64_t index = (int64_t{fy} * filter_w + fx) * weights.channels + c;
    return (weights.uint8 ? int32_t{wu8[index]} : int32_t{w8[index]}) + weights.filter_offset;
  };
  auto half = [](int32_t w) { return static_cast<uint32_t>(static_cast<uint16_t>(w)); };
  const int32_t pairs = TapPairs(filter_w);
  int32_t* out = static_cast<int32_t*>(packed);
  for (int32_t first = 0; first < weights.channels; first += kDwplaneGroup) {
    PackQs8DwconvHeader(weights, first, kDwplaneGroup, out);
    out += kPackedChannelWords * kDwplaneGroup;
    for (int32_t fy = 0; fy < filter_h; ++fy) {
      for (int32_t pair = 0; pair < pairs; ++pair) {
        for (int32_t j = 0; j < kDwplaneGroup; ++j) {
          const int32_t c = first + j;
          const bool real = c < weights.channels;
          const int32_t low = real ? w_value(fy, 2 * pair, c) : 0;
          const int32_t high = real ? w_value(fy, 2 * pair + 1, c) : 0;
          out[j] = static_cast<int32_t>(half(low) | (half(high) << 16));
        }
        out += kDwplaneGroup;
      }
    }
  }
}

}  // namespace brasa
