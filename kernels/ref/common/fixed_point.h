// Scalar equivalents of gemmlowp's fixedpoint.h routines used by TensorFlow
// Lite's quantized SOFTMAX, LOGISTIC and TANH (QUANTIZATION.md §1.7, §2.7,
// §2.8). Values are raw int32 in Q-format "QI": I integer bits, 31-I fraction
// bits. Fixed-point multiplication is SaturatingRoundingDoublingHighMul and
// addition/subtraction are plain int32 operations, as in gemmlowp.
#ifndef BRASA_KERNELS_REF_COMMON_FIXED_POINT_H_
#define BRASA_KERNELS_REF_COMMON_FIXED_POINT_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

// TensorFlow Lite's CheckedLog2: float log, rounded; a power of two when the
// fractional part is below 1e-3.
inline bool CheckedLog2(float x, int* log2_result) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = RoundAway(x_log2);
  *log2_result = static_cast<int>(rounded);
  return std::abs(x_log2 - rounded) < 1e-3f;
}

namespace fixed_point {

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();

inline int32_t Mul(int32_t a, int32_t b) {
  return SaturatingRoundingDoublingHighMul(a, b);
}
// gemmlowp adds raw values with wrap-around on overflow; do the same without
// signed-overflow UB.
inline int32_t Add(int32_t a, int32_t b) { return WrapAdd(a, b); }
inline int32_t Sub(int32_t a, int32_t b) { return WrapSub(a, b); }

// SaturatingRoundingMultiplyByPOT<exponent>: a rounding right shift for
// exponent < 0, a saturating left shift for exponent > 0 (§1.7).
inline int32_t SaturatingRoundingMultiplyByPOT(int32_t x, int exponent) {
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  if (exponent == 0) return x;
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return kInt32Max;
  if (x < -threshold) return kInt32Min;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// Rescale<to_bits> from Q(from_bits): multiply the raw value by 2^(from-to).
inline int32_t Rescale(int32_t x, int from_bits, int to_bits) {
  return SaturatingRoundingMultiplyByPOT(x, from_bits - to_bits);
}

// (a + b) / 2 rounded half away from zero, computed in 64 bits.
inline int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + b;
  return static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
}

// exp(a) for a in [-1/4, 0), Q0 -> Q0: a 4th-order Taylor expansion around
// -1/8 (constants: exp(-1/8) and 1/3 in Q0).
inline int32_t ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int32_t a) {
  const int32_t kExpMinusOneEighth = 1895147668;
  const int32_t kOneThird = 715827883;
  const int32_t x = Add(a, 1 << 28);  // a + 1/8
  const int32_t x2 = Mul(x, x);
  const int32_t x3 = Mul(x2, x);
  const int32_t x4 = Mul(x2, x2);
  const int32_t x4_over_4 = RoundingDivideByPOT(x4, 2);
  const int32_t poly =
      RoundingDivideByPOT(Add(Mul(Add(x4_over_4, x3), kOneThird), x2), 1);
  return Add(kExpMinusOneEighth, Mul(kExpMinusOneEighth, Add(x, poly)));
}

// exp(a) for a <= 0 given in Q(integer_bits) -> Q0. The fractional part
// modulo 1/4 goes through the polynomial; each set bit 2^k of the rest
// multiplies by the constant exp(-2^k), k = -2..4.
inline int32_t ExpOnNegativeValues(int32_t a, int integer_bits) {
  const int fraction_bits = 31 - integer_bits;
  const int32_t one_quarter = int32_t{1} << (fraction_bits - 2);
  const int32_t a_mod_quarter_minus_quarter = Sub(a & (one_quarter - 1), one_quarter);
  int32_t result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(
      Rescale(a_mod_quarter_minus_quarter, integer_bits, 0));
  const int32_t remainder = Sub(a_mod_quarter_minus_quarter, a);
  static const int32_t kExpOfMinusPowerOfTwo[7] = {
      1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int k = -2; k <= 4; ++k) {
    if (integer_bits <= k) break;
    if (remainder & (int32_t{1} << (fraction_bits + k))) {
      result = Mul(result, kExpOfMinusPowerOfTwo[k + 2]);
    }
  }
  if (integer_bits > 5) {
    const int32_t minus_32 = -(int32_t{1} << (36 - integer_bits));
    if (a < minus_32) result = 0;
  }
  if (a == 0) result = kInt32Max;
  return result;
}

// Three Newton-Raphson steps for 1/(1+a), a in [0,1) as Q0; the iterate x is
// Q2 and approximates 1/half_denominator (constants 48/17 and -32/17 in Q2).
inline int32_t NewtonReciprocalOfHalfDenominator(int32_t half_denominator) {
  const int32_t kOneQ2 = int32_t{1} << 29;
  int32_t x = Add(1515870810, Mul(half_denominator, -1010580540));
  for (int i = 0; i < 3; ++i) {
    const int32_t one_minus_dx = Sub(kOneQ2, Mul(half_denominator, x));
    x = Add(x, Rescale(Mul(x, one_minus_dx), 4, 2));
  }
  return x;
}

// 1 / (1 + a) for a in [0, 1), Q0 -> Q0.
inline int32_t OneOverOnePlusXForXIn01(int32_t a) {
  const int32_t half_denominator = RoundingHalfSum(a, kInt32Max);
  const int32_t x = NewtonReciprocalOfHalfDenominator(half_denominator);
  return Rescale(x, 1, 0);  // x/2 as Q1 is the same raw value
}

// (1 - a) / (1 + a) for a in [0, 1), Q0 -> Q0.
inline int32_t OneMinusXOverOnePlusXForXIn01(int32_t a) {
  const int32_t half_denominator = RoundingHalfSum(a, kInt32Max);
  const int32_t x = NewtonReciprocalOfHalfDenominator(half_denominator);
  return Rescale(Sub(x, int32_t{1} << 29), 2, 0);
}

// Logistic of a in Q(integer_bits) -> Q0.
inline int32_t Logistic(int32_t a, int integer_bits) {
  if (a == 0) return int32_t{1} << 30;
  const int32_t minus_abs = a > 0 ? Sub(0, a) : a;
  const int32_t positive =
      OneOverOnePlusXForXIn01(ExpOnNegativeValues(minus_abs, integer_bits));
  return a > 0 ? positive : Sub(kInt32Max, positive);
}

// Tanh of a in Q(integer_bits) -> Q0: (1 - e^-2|a|) / (1 + e^-2|a|); the raw
// -|a| read as Q(integer_bits+1) is -2|a|.
inline int32_t Tanh(int32_t a, int integer_bits) {
  if (a == 0) return 0;
  const int32_t minus_abs = a > 0 ? Sub(0, a) : a;
  const int32_t t = OneMinusXOverOnePlusXForXIn01(
      ExpOnNegativeValues(minus_abs, integer_bits + 1));
  return a > 0 ? t : Sub(0, t);
}

// Leading zero bits of x as uint32 (32 for 0).
inline int CountLeadingZeros(uint32_t x) {
  int count = 0;
  for (; count < 32 && !(x & 0x80000000u); ++count) x <<= 1;
  return count;
}

// TensorFlow Lite's GetReciprocal: 1/x for a positive x in Q(integer_bits),
// returned as Q0 together with the number of bits x has above 1.0
// (x = 2^bits_over_unit * (1 + f), result = 1/(1+f)).
inline int32_t GetReciprocal(int32_t x, int integer_bits, int* bits_over_unit) {
  const int headroom_plus_one = CountLeadingZeros(static_cast<uint32_t>(x));
  *bits_over_unit = integer_bits - headroom_plus_one;
  const uint32_t shifted =
      headroom_plus_one >= 32 ? 0u : static_cast<uint32_t>(x) << headroom_plus_one;
  return OneOverOnePlusXForXIn01(static_cast<int32_t>(shifted - 0x80000000u));
}

}  // namespace fixed_point
}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_FIXED_POINT_H_
