// Weight packing for f32_dwconv (layout in f32_dwconv.h).
#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {

size_t F32DwconvPackedFloats(int32_t cb, int32_t channels, int32_t taps) {
  const size_t blocks = static_cast<size_t>((channels + cb - 1) / cb);
  return blocks * static_cast<size_t>(cb) * (1 + static_cast<size_t>(taps));
}

void PackF32Dwconv(const float* weights, const float* bias, int32_t channels, int32_t taps,
                   int32_t cb, float* packed) {
  for (int32_t first = 0; first < channels; first += cb) {
    for (int32_t j = 0; j < cb; ++j) {
      const int32_t c = first + j;
      *packed++ = c < channels && bias != nullptr ? bias[c] : 0.0f;
    }
    for (int32_t t = 0; t < taps; ++t) {
      for (int32_t j = 0; j < cb; ++j) {
        const int32_t c = first + j;
        *packed++ = c < channels ? weights[static_cast<size_t>(t) * channels + c] : 0.0f;
      }
    }
  }
}

}  // namespace brasa
