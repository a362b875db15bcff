// Output sizes and padding for SAME / VALID windows (conv, depthwise, pool),
// as TensorFlow Lite computes them.
#ifndef BRASA_KERNELS_REF_COMMON_PADDING_H_
#define BRASA_KERNELS_REF_COMMON_PADDING_H_

#include <algorithm>
#include <cstdint>

#include "kernels/params.h"

namespace brasa {

// Output length along one axis. Returns 0 when the window does not fit (VALID)
// or an argument is not positive; callers reject that with an error.
inline int32_t WindowOutputSize(Padding padding, int32_t input, int32_t filter,
                                int32_t stride, int32_t dilation) {
  if (input <= 0 || filter <= 0 || stride <= 0 || dilation <= 0) return 0;
  const int64_t effective = static_cast<int64_t>(filter - 1) * dilation + 1;
  if (padding == Padding::kSame) return static_cast<int32_t>((input + stride - 1) / stride);
  const int64_t out = (input - effective + stride) / stride;
  return out > 0 ? static_cast<int32_t>(out) : 0;
}

// Padding before the first element (the total is split, extra goes after).
inline int32_t WindowPaddingBefore(int32_t input, int32_t filter,
                                   int32_t stride, int32_t dilation,
                                   int32_t output) {
  const int64_t effective = static_cast<int64_t>(filter - 1) * dilation + 1;
  const int64_t total = std::max<int64_t>(
      (static_cast<int64_t>(output) - 1) * stride + effective - input, 0);
  return static_cast<int32_t>(total / 2);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_PADDING_H_
