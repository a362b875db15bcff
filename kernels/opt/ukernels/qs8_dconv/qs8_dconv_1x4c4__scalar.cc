// Portable qs8_dconv: one pixel x 4 channels per step. The oracle the SIMD
// variants are tested against.
#include <algorithm>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {

void qs8_dconv_1x4c4__scalar(int32_t pixels, const uint8_t* const* rows, const void* packed,
                             uint8_t* output, const Qs8DconvParams& params) {
  constexpr int32_t kNr = 4;
  const int32_t groups = Qs8DconvGroups(params.segment);
  const size_t block_bytes = Qs8DconvPackedBytes(kNr, kNr, params.filter_h, params.segment);
  for (int32_t first = 0; first < params.channels; first += kNr) {
    const uint8_t* block =
        static_cast<const uint8_t*>(packed) + static_cast<size_t>(first / kNr) * block_bytes;
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const int8_t* weights =
        reinterpret_cast<const int8_t*>(block + sizeof(int32_t) * kPackedChannelWords * kNr);
    const int32_t count = std::min(kNr, params.channels - first);
    for (int32_t k = 0; k < pixels; ++k) {
      uint32_t acc[kNr], sum = 0;
      for (int32_t j = 0; j < kNr; ++j) acc[j] = static_cast<uint32_t>(header[j]);
      const int8_t* w = weights;
      for (int32_t fy = 0; fy < params.filter_h; ++fy) {
        const uint8_t* a = rows[fy] + static_cast<size_t>(k) * params.pixel_step;
        for (int32_t t = 0; t < params.segment; ++t) sum += a[t];
        for (int32_t g = 0; g < groups; ++g, w += 4 * kNr) {
          for (int32_t j = 0; j < kNr; ++j) {
            for (int32_t i = 0; i < 4; ++i) {
              acc[j] += static_cast<uint32_t>(a[4 * g + i] * w[4 * j + i]);
            }
          }
        }
      }
      uint8_t* out = output + static_cast<size_t>(k) * params.channels + first;
      for (int32_t j = 0; j < count; ++j) {
        const uint32_t total = acc[j] + sum * static_cast<uint32_t>(params.row_sum_factor);
        out[j] = static_cast<uint8_t>(RequantizeScalar(
            static_cast<int32_t>(total), header[kNr + j], header[2 * kNr + j],
            header[3 * kNr + j], params.output_zero_point, params.output_min, params.output_max));
      }
    }
  }
}

}  // namespace brasa
