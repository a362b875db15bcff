// Portable row form of qs8_dwconv (qs8_dwconv.h's Qs8DwconvRowFn), 4
// channels per packed block: the oracle the SIMD row variants are tested
// against.
#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {

void qs8_dwconv_row3_4c__scalar(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                const void* packed, uint8_t* output,
                                const Qs8DwconvParams& params) {
  constexpr int32_t kCb = 4;
  const int32_t taps = row.kernel_h * kQs8DwconvRowWidth;
  for (int32_t p = 0; p < pixels; ++p) {
    const int32_t* block = static_cast<const int32_t*>(packed);
    uint8_t* out = output + p * row.pixel_bytes;
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      const int32_t* w = block + 4 * kCb;
      for (int32_t j = 0; j < count; ++j) {
        uint32_t acc = static_cast<uint32_t>(block[j]);
        for (int32_t t = 0; t < taps; ++t) {
          const uint8_t* line = row.rows[t / kQs8DwconvRowWidth];
          const int32_t column = row.x_origin + p * row.stride + t % kQs8DwconvRowWidth;
          const bool inside = line != nullptr && column >= 0 && column < row.input_w;
          const uint8_t raw = inside ? line[column * row.pixel_bytes + first + j]
                                     : row.padding[first + j];
          const int32_t x = params.uint8 ? int32_t{raw} : int32_t{static_cast<int8_t>(raw)};
          acc += static_cast<uint32_t>(x * static_cast<int16_t>(w[t * kCb + j]));
        }
        out[first + j] = static_cast<uint8_t>(RequantizeScalar(
            static_cast<int32_t>(acc), block[kCb + j], block[2 * kCb + j], block[3 * kCb + j],
            params.output_zero_point, params.output_min, params.output_max));
      }
      block = w + taps * kCb;
    }
  }
}

}  // namespace brasa
