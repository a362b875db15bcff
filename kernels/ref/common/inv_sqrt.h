// LiteRT's GetInvSqrtQuantizedMultiplierExp (internal/common.h): 1/sqrt(x)
// of an int32 x > 1 as a multiplier and left shift, by five Newton-Raphson
// steps in gemmlowp Q3 fixed point. Used by quantized L2_NORMALIZATION.
#ifndef BRASA_KERNELS_REF_COMMON_INV_SQRT_H_
#define BRASA_KERNELS_REF_COMMON_INV_SQRT_H_

#include <cstdint>
#include <limits>

#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

// Returns the multiplier; *left_shift is LiteRT's output shift times
// reverse_shift = -1 (so <= 0 here: a right shift).
inline int32_t InvSqrtMultiplier(int32_t input, int* left_shift) {
  using fixed_point::Mul;
  using fixed_point::Rescale;
  using fixed_point::SaturatingRoundingMultiplyByPOT;
  using fixed_point::Sub;
  if (input <= 1) {  // 0 is treated as 1, as LiteRT does
    *left_shift = 0;
    return std::numeric_limits<int32_t>::max();
  }
  int shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++shift;
  }
  int leading_zeros = 0;
  while ((static_cast<uint32_t>(input) << leading_zeros & 0x80000000u) == 0) ++leading_zeros;
  const int pairs = (leading_zeros - 1) / 2 - 1;
  shift -= pairs;
  input <<= 2 * pairs;
  // Q3 values: raw = real * 2^28. Products of QA and QB are Q(A+B).
  const int32_t x_in = input >> 1;
  const int32_t half_input = SaturatingRoundingMultiplyByPOT(x_in, -1);
  const int32_t half_three = (1 << 28) + (1 << 27);
  int32_t x = 1 << 28;  // 1.0
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = Rescale(Mul(Mul(x, x), x), 9, 3);
    x = Rescale(Sub(Mul(half_three, x), Mul(half_input, x3)), 6, 3);
  }
  const int32_t half_sqrt_2 = 1518500250;  // Q0
  int32_t result = Mul(x, half_sqrt_2);
  if (shift < 0) {
    result = static_cast<int32_t>(static_cast<uint32_t>(result) << -shift);
    shift = 0;
  }
  *left_shift = -shift;
  return result;
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_INV_SQRT_H_
