// Portable row form of qs8_dwconv (qs8_dwconv.h's Qs8DwconvRowFn), 4
// channels per packed block: the oracle the SIMD row variants are tested
// against.
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv_scalar.h"

namespace brasa {
namespace {

// One output row (row.output_rows is 1).
void OneRow(int32_t pixels, int32_t channels, const Qs8DwconvRow& row, const void* packed,
            uint8_t* output, const Qs8DwconvParams& params) {
  constexpr int32_t kCb = 4;
  const int32_t taps = row.kernel_h * kQs8DwconvRowWidth;
  for (int32_t p = 0; p < pixels; ++p) {
    const int32_t* block = static_cast<const int32_t*>(packed);
    uint8_t* out = output + p * Qs8DwconvOutputPixelBytes(row);
    for (int32_t first = 0; first < channels; first += kCb) {
      const int32_t count = channels - first < kCb ? channels - first : kCb;
      for (int32_t j = 0; j < count; ++j) {
        auto input_byte = [&](int32_t t) {
          const uint8_t* line = row.rows[t / kQs8DwconvRowWidth];
          const int32_t column = row.x_origin + p * row.stride + t % kQs8DwconvRowWidth;
          const bool inside = line != nullptr && column >= 0 && column < row.input_w;
          return inside ? line[column * row.pixel_bytes + first + j] : row.padding[first + j];
        };
        out[first + j] = Qs8DwconvScalarValue(block, kCb, j, taps, params, input_byte);
      }
      block += Qs8DwconvBlockWords(taps) * kCb;
    }
  }
}

}  // namespace

void qs8_dwconv_row3_4c__scalar(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                const void* packed, uint8_t* output,
                                const Qs8DwconvParams& params) {
  for (int32_t i = 0; i < row.output_rows; ++i) {
    OneRow(pixels, channels, Qs8DwconvRowAt(row, i), packed, output + i * row.output_row_bytes,
           params);
  }
}

}  // namespace brasa
