// Portable qs8_dwconv, 4 channels per packed block: the oracle the SIMD
// variants are tested against, and the kernel on CPUs without them.
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv_scalar.h"

namespace brasa {

void qs8_dwconv_4c__scalar(int32_t pixels, int32_t channels, int32_t taps,
                           const uint8_t* const* inputs, const void* packed, uint8_t* output,
                           size_t output_stride, const Qs8DwconvParams& params) {
  constexpr int32_t kCb = 4;
  for (int32_t p = 0; p < pixels; ++p) {
    const uint8_t* const* pixel_inputs = inputs + static_cast<size_t>(p) * taps;
    const int32_t* block = static_cast<const int32_t*>(packed);
    uint8_t* out = output + p * output_stride;
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      for (int32_t j = 0; j < count; ++j) {
        out[first + j] = Qs8DwconvScalarValue(
            block, kCb, j, taps, params, [&](int32_t t) { return pixel_inputs[t][first + j]; });
      }
      block += Qs8DwconvBlockWords(taps) * kCb;
    }
  }
}

}  // namespace brasa
