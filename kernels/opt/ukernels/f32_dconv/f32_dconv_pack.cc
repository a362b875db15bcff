// Weight packing for f32_dconv (see f32_dconv.h for the layout).
#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {

size_t F32DconvPackedFloats(int32_t nr, int32_t channels, int32_t taps) {
  const size_t blocks = static_cast<size_t>((channels + nr - 1) / nr);
  return blocks * static_cast<size_t>(nr) * (1 + static_cast<size_t>(taps));
}

void PackF32Dconv(const float* filter, const float* bias, int32_t channels, int32_t taps,
                  int32_t nr, float* packed) {
  for (int32_t first = 0; first < channels; first += nr) {
    for (int32_t j = 0; j < nr; ++j) {
      const int32_t n = first + j;
      *packed++ = (n < channels && bias != nullptr) ? bias[n] : 0.0f;
    }
    for (int32_t t = 0; t < taps; ++t) {
      for (int32_t j = 0; j < nr; ++j) {
        const int32_t n = first + j;
        *packed++ = n < channels ? filter[static_cast<size_t>(n) * taps + t] : 0.0f;
      }
    }
  }
}

}  // namespace brasa
