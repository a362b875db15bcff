// Portable qs8_dwplane, one output pixel at a time: the oracle the SIMD
// variants are tested against.
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"

namespace brasa {

void qs8_dwplane_1x__scalar(int32_t out_w, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DwplaneParams& params) {
  constexpr int32_t kG = kDwplaneGroup;
  const int32_t pairs = (params.filter_w + 1) / 2;
  const size_t group_words =
      static_cast<size_t>(kPackedChannelWords + params.filter_h * pairs) * kG;
  auto value = [&](uint8_t raw) {
    return params.uint8 ? int32_t{raw} : int32_t{static_cast<int8_t>(raw)};
  };
  for (int32_t k = 0; k < out_w; ++k) {
    uint8_t* out = output + static_cast<size_t>(k) * params.channels;
    const int32_t* group = static_cast<const int32_t*>(packed);
    for (int32_t first = 0; first < params.channels; first += kG, group += group_words) {
      const int32_t count = params.channels - first < kG ? params.channels - first : kG;
      for (int32_t j = 0; j < count; ++j) {
        uint32_t acc = static_cast<uint32_t>(group[j]);
        const int32_t* w = group + kPackedChannelWords * kG + j;
        for (int32_t fy = 0; fy < params.filter_h; ++fy) {
          const uint8_t* x = rows[fy] + static_cast<size_t>(k) * params.stride;
          for (int32_t pair = 0; pair < pairs; ++pair, w += kG) {
            const int32_t low = static_cast<int16_t>(*w & 0xFFFF);
            const int32_t high = static_cast<int16_t>(static_cast<uint32_t>(*w) >> 16);
            acc += static_cast<uint32_t>(value(x[2 * pair]) * low + value(x[2 * pair + 1]) * high);
          }
        }
        out[first + j] = static_cast<uint8_t>(RequantizeScalar(
            static_cast<int32_t>(acc), group[kG + j], group[2 * kG + j], group[3 * kG + j],
            params.output_zero_point, params.output_min, params.output_max));
      }
    }
  }
}

}  // namespace brasa
