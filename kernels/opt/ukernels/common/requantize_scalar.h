// The reference requantization of one int32 sum, from a packed channel's
// multiplier and its split shift (QUANTIZATION.md §1.4): the scalar form the
// SIMD versions (requantize_avx2.h, requantize_avx512.h) reproduce.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_SCALAR_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_SCALAR_H_

#include <algorithm>
#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

inline int32_t RequantizeScalar(int32_t acc, int32_t multiplier, int32_t left_shift,
                                int32_t right_shift, int32_t zero_point, int32_t low,
                                int32_t high) {
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(acc) << left_shift);
  const int32_t scaled =
      RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
  // scaled + zp cannot overflow: |scaled| <= 2^31 / 2 for the multipliers
  // conv kernels accept only in absurd cases; compute in int64 anyway.
  const int64_t value = int64_t{scaled} + zero_point;
  return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(value, low), high));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_REQUANTIZE_SCALAR_H_
