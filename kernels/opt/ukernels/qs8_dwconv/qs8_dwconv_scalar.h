// One output value of the portable qs8_dwconv forms (qs8_dwconv_4c__scalar.cc,
// qs8_dwconv_row3_4c__scalar.cc): the sum over taps of x * w' from the
// packed block, then the reference requantization.
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_SCALAR_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_SCALAR_H_

#include <cstdint>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {

// Channel j of the packed block `block` (cb channels) for `taps` taps,
// input_byte(t) giving tap t's input byte.
template <typename InputByte>
inline uint8_t Qs8DwconvScalarValue(const int32_t* block, int32_t cb, int32_t j, int32_t taps,
                                    const Qs8DwconvParams& params, InputByte input_byte) {
  const int32_t* w = block + kPackedChannelWords * cb;
  uint32_t acc = static_cast<uint32_t>(block[j]);
  for (int32_t t = 0; t < taps; ++t) {
    const uint8_t raw = input_byte(t);
    const int32_t x = params.uint8 ? int32_t{raw} : int32_t{static_cast<int8_t>(raw)};
    acc += static_cast<uint32_t>(x * static_cast<int16_t>(w[t * cb + j]));
  }
  return static_cast<uint8_t>(RequantizeScalar(static_cast<int32_t>(acc), block[cb + j],
                                               block[2 * cb + j], block[3 * cb + j],
                                               params.output_zero_point, params.output_min,
                                               params.output_max));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_SCALAR_H_
