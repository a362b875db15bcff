// gemmlowp's logistic and tanh on 16-bit fixed point (raw int16, "QI": I
// integer bits, 15-I fraction bits), as TensorFlow Lite's integer LSTM
// applies them to its gates (tensor_utils ApplySigmoid / ApplyTanh). The
// algorithm is the 32-bit one of fixed_point.h, but 16-bit arithmetic rounds
// and saturates differently: products are SaturatingRoundingDoublingHighMul
// on int16, sums wrap in int16 (except one saturating sum in exp), and the
// 32-bit constants are rounded to 16 bits.
#ifndef BRASA_KERNELS_REF_COMMON_FIXED_POINT_INT16_H_
#define BRASA_KERNELS_REF_COMMON_FIXED_POINT_INT16_H_

#include <algorithm>
#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace fixed_point16 {

constexpr int16_t kMax = 32767;
constexpr int16_t kMin = -32768;

inline int16_t Wrap(int32_t x) { return static_cast<int16_t>(static_cast<uint16_t>(x)); }
inline int16_t Add(int16_t a, int16_t b) { return Wrap(int32_t{a} + b); }
inline int16_t Sub(int16_t a, int16_t b) { return Wrap(int32_t{a} - b); }
inline int16_t Neg(int16_t a) { return Wrap(-int32_t{a}); }
inline int16_t SaturatingAdd(int16_t a, int16_t b) {
  return static_cast<int16_t>(std::min<int32_t>(kMax, std::max<int32_t>(kMin, int32_t{a} + b)));
}

// round(a*b / 2^15), ties toward +inf; -1 * -1 saturates to the maximum.
inline int16_t Mul(int16_t a, int16_t b) {
  if (a == kMin && b == kMin) return kMax;
  const int32_t product = int32_t{a} * b;
  const int32_t nudge = product >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((product + nudge) / (1 << 15));
}

inline int16_t DivideByPOT(int16_t x, int exponent) {
  return static_cast<int16_t>(RoundingDivideByPOT(x, exponent));
}

// x * 2^exponent: a rounding shift right, or a saturating shift left.
inline int16_t MultiplyByPOT(int16_t x, int exponent) {
  if (exponent < 0) return DivideByPOT(x, -exponent);
  if (exponent == 0) return x;
  const int32_t threshold = (1 << (15 - exponent)) - 1;
  if (x > threshold) return kMax;
  if (x < -threshold) return kMin;
  return Wrap(int32_t{x} * (1 << exponent));
}

// A gemmlowp constant given as 32-bit raw, rounded to 16 bits.
inline int16_t Constant(int32_t raw32) {
  return static_cast<int16_t>(RoundingDivideByPOT(raw32, 16));
}

// exp(a) for a in [-1/4, 0), Q0 -> Q0 (Taylor expansion around -1/8).
inline int16_t ExpOnQuarterInterval(int16_t a) {
  const int16_t exp_minus_one_eighth = Constant(1895147668);
  const int16_t one_third = Constant(715827883);
  const int16_t x = Add(a, int16_t{1 << 12});
  const int16_t x2 = Mul(x, x);
  const int16_t x3 = Mul(x2, x);
  const int16_t x4 = Mul(x2, x2);
  const int16_t x4_over_4 = DivideByPOT(x4, 2);
  const int16_t poly = DivideByPOT(Add(Mul(Add(x4_over_4, x3), one_third), x2), 1);
  return SaturatingAdd(exp_minus_one_eighth, Mul(exp_minus_one_eighth, Add(x, poly)));
}

// exp(a) for a <= 0 in Q(integer_bits) -> Q0.
inline int16_t ExpOnNegativeValues(int16_t a, int integer_bits) {
  const int fraction_bits = 15 - integer_bits;
  const int16_t one_quarter = static_cast<int16_t>(1 << (fraction_bits - 2));
  const int16_t mask = Sub(one_quarter, 1);
  const int16_t a_mod_quarter_minus_quarter = Sub(static_cast<int16_t>(a & mask), one_quarter);
  int16_t result = ExpOnQuarterInterval(MultiplyByPOT(a_mod_quarter_minus_quarter, integer_bits));
  const int16_t remainder = Sub(a_mod_quarter_minus_quarter, a);
  static const int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                   39332535,   720401,     242};
  for (int k = -2; k <= 4; ++k) {
    if (integer_bits <= k) break;
    if (remainder & (1 << (fraction_bits + k))) {
      result = Mul(result, Constant(kExpOfMinusPowerOfTwo[k + 2]));
    }
  }
  if (integer_bits > 5) {
    const int16_t clamp = Constant(-(1 << (36 - integer_bits)));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = kMax;
  return result;
}

// Newton-Raphson for 1/half_denominator in Q2 (constants 48/17, -32/17).
inline int16_t NewtonReciprocal(int16_t half_denominator) {
  const int16_t one_q2 = 1 << 13;
  int16_t x = Add(Constant(1515870810), Mul(half_denominator, Constant(-1010580540)));
  for (int i = 0; i < 3; ++i) {
    const int16_t one_minus_dx = Sub(one_q2, Mul(half_denominator, x));
    x = Add(x, MultiplyByPOT(Mul(x, one_minus_dx), 2));
  }
  return x;
}

inline int16_t HalfSumWithOne(int16_t a) {
  const int32_t sum = int32_t{a} + kMax;
  return static_cast<int16_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
}

// Logistic of a raw Q(integer_bits) value -> Q0.15.
inline int16_t Logistic(int16_t a, int integer_bits) {
  const int16_t abs_a = a > 0 ? a : Neg(a);
  const int16_t e = ExpOnNegativeValues(Neg(abs_a), integer_bits);
  // 1/(1+e): the Q2 reciprocal halved is Q1, rescaled to Q0.
  const int16_t positive = MultiplyByPOT(NewtonReciprocal(HalfSumWithOne(e)), 1);
  if (a == 0) return Constant(1 << 30);
  return a > 0 ? positive : Sub(kMax, positive);
}

// Tanh of a raw Q(integer_bits) value -> Q0.15.
inline int16_t Tanh(int16_t a, int integer_bits) {
  const int16_t minus_abs = a < 0 ? a : Neg(a);
  // The raw -|a| read as Q(integer_bits+1) is -2|a|.
  const int16_t e = ExpOnNegativeValues(minus_abs, integer_bits + 1);
  const int16_t t = MultiplyByPOT(Sub(NewtonReciprocal(HalfSumWithOne(e)), int16_t{1 << 13}), 2);
  if (a == 0) return 0;
  return a < 0 ? Neg(t) : t;
}

}  // namespace fixed_point16
}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_FIXED_POINT_INT16_H_
