// log(x) for x >= 1 in gemmlowp-style fixed point: TensorFlow Lite's
// log_x_for_x_greater_than_or_equal_to_1 (internal/common.h), used by the
// quantized LOG_SOFTMAX. The input is split as x = 2^z * r with r near 1
// (two candidate normalisations, by 1 and by sqrt(1/2), the one with r
// closer to 1 wins); log r comes from a rational approximation around
// 2^(-1/4) and log x = z log 2 + log r.
#ifndef BRASA_KERNELS_REF_COMMON_FIXED_POINT_LOG_H_
#define BRASA_KERNELS_REF_COMMON_FIXED_POINT_LOG_H_

#include <algorithm>
#include <cstdint>

#include "kernels/ref/common/fixed_point.h"

namespace brasa {
namespace fixed_point {

inline int32_t SaturateToInt32(int64_t x) {
  return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(x, kInt32Min), kInt32Max));
}

// x in Q(input_bits) (x >= 1) -> log x in Q(output_bits).
inline int32_t LogForXAtLeastOne(int32_t x, int input_bits, int output_bits) {
  const int accum_bits = output_bits + 1;  // headroom for the final sum
  const int32_t kLog2 = 1488522236;            // log 2, Q0
  const int32_t kSqrtSqrtHalf = 1805811301;    // 2^(-1/4)
  const int32_t kSqrtHalf = 1518500250;        // 2^(-1/2)
  const int32_t kOneQuarter = 536870912;
  const int32_t kAlphaN = 117049297;   // 11/240 * 2^(1/4)
  const int32_t kAlphaD = 127690142;   // 1/20 * 2^(1/4)
  const int32_t kAlphaI = 1057819769;  // 2 / 2^(1/4) - 2^(1/4)
  const int32_t kAlphaF = 638450708;   // 1/4 * 2^(1/4)
  const int32_t shifted_quarter = Rescale(kOneQuarter, 0, accum_bits);

  // Normalisation a: x read as Q0 and shifted up to its leading bit.
  const int headroom_a_plus_one = CountLeadingZeros(static_cast<uint32_t>(x));
  const int32_t r_a_unscaled = SaturatingRoundingMultiplyByPOT(x, headroom_a_plus_one - 1);
  const int32_t r_a = SaturatingRoundingMultiplyByPOT(Mul(r_a_unscaled, kSqrtHalf), 1);
  const int32_t z_a = SaturateToInt32(
      int64_t{SaturatingRoundingMultiplyByPOT(input_bits - headroom_a_plus_one,
                                              31 - accum_bits)} + shifted_quarter);
  // Normalisation b: the same after multiplying by sqrt(1/2).
  const int headroom_b = CountLeadingZeros(static_cast<uint32_t>(Mul(x, kSqrtHalf))) - 1;
  const int32_t r_b = SaturatingRoundingMultiplyByPOT(x, headroom_b);
  const int32_t z_b = SaturateToInt32(
      int64_t{SaturatingRoundingMultiplyByPOT(input_bits - headroom_b, 31 - accum_bits)} -
      shifted_quarter);

  const int32_t r = std::min(r_a, r_b);
  const int32_t z = std::max(z_a, z_b);
  const int32_t p = RoundingHalfSum(r, kSqrtSqrtHalf);
  int32_t q = Sub(r, kSqrtSqrtHalf);
  q = Add(q, q);
  const int32_t q_squared = Mul(q, q);
  const int32_t numerator = Add(Mul(q, r), Mul(Mul(q, q_squared), kAlphaN));
  const int32_t denominator_minus_one =
      Add(Mul(p, Add(Add(kAlphaI, q), Mul(kAlphaD, q_squared))), Mul(kAlphaF, q));
  const int32_t reciprocal = OneOverOnePlusXForXIn01(denominator_minus_one);
  const int32_t numerator_scaled = Rescale(numerator, 0, accum_bits);
  return Rescale(Add(Mul(z, kLog2), Mul(numerator_scaled, reciprocal)), accum_bits, output_bits);
}

}  // namespace fixed_point
}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_FIXED_POINT_LOG_H_
