// Fixed-point building blocks shared by the quantized reference kernels.
// Each function reproduces TensorFlow Lite's reference arithmetic exactly,
// including its rounding (see QUANTIZATION.md §1 in the team's shared notes).
#ifndef BRASA_KERNELS_REF_COMMON_QUANT_MATH_H_
#define BRASA_KERNELS_REF_COMMON_QUANT_MATH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace brasa {

// TensorFlow Lite's TfLiteRound: nearest, ties away from zero.
inline float RoundAway(float x) { return std::round(x); }
inline double RoundAway(double x) { return std::round(x); }

// A real multiplier M ≈ multiplier * 2^(shift - 31), multiplier in
// [2^30, 2^31). shift > 0 scales up; it is in [-31, 32] (QuantizeMultiplier).
#ifdef BRASA_BARE_METAL
// 5 bytes, not 8: a conv keeps one per output channel (person_detect: 2,738,
// 8 KB of a microcontroller's RAM). A Cortex-M4 loads the unaligned int32
// with one instruction, as it loads an aligned one.
using MultiplierShift = int8_t;
#define BRASA_MULTIPLIER_PACKED __attribute__((packed))
#else
using MultiplierShift = int32_t;
#define BRASA_MULTIPLIER_PACKED
#endif
struct BRASA_MULTIPLIER_PACKED QuantizedMultiplier {
  int32_t multiplier = 0;
  MultiplierShift shift = 0;
};
#undef BRASA_MULTIPLIER_PACKED

// A double's fields from its bits: real = ±mantissa * 2^(exponent - 53) with
// mantissa in [2^52, 2^53) when normal; exponent is frexp's. Integer code:
// a microcontroller's double arithmetic is library code (about 0.6 KB for an
// add, 0.6 KB for a multiply, plus frexp and round).
struct DoubleFields {
  bool negative;
  bool finite;
  bool normal;
  int32_t exponent;
  uint64_t mantissa;  // with the implicit bit when normal
};

inline DoubleFields FieldsOf(double real) {
  uint64_t bits = 0;
  std::memcpy(&bits, &real, sizeof bits);
  const int32_t biased = static_cast<int32_t>((bits >> 52) & 0x7FF);
  DoubleFields fields;
  fields.negative = (bits >> 63) != 0;
  fields.finite = biased != 0x7FF;
  fields.normal = biased != 0 && fields.finite;
  fields.exponent = biased - 1022;
  fields.mantissa = (bits & ((uint64_t{1} << 52) - 1)) | (fields.normal ? uint64_t{1} << 52 : 0);
  return fields;
}

// TensorFlow Lite's QuantizeMultiplier (frexp, round the mantissa times 2^31
// away from zero, renormalise 2^31) on the bits: frexp's fraction is
// mantissa / 2^53, so fraction * 2^31 rounds to (mantissa + 2^21) >> 22,
// exactly (tests/kernels/checked_multiplier_test.cc compares with frexp and
// round over random bit patterns).
inline QuantizedMultiplier QuantizeMultiplier(double real) {
  const DoubleFields fields = FieldsOf(real);
  // Zero, and subnormals (frexp's exponent below -1021): flushed to zero.
  if (!fields.normal && fields.finite) return QuantizedMultiplier{};
  // |real| >= 2^31, inf or NaN (a ratio of scales can overflow: a tiny
  // output scale): saturate to a defined value, which the callers' overflow
  // checks then reject.
  if (fields.exponent > 31) return QuantizedMultiplier{std::numeric_limits<int32_t>::max(), 31};
  int32_t exponent = fields.exponent;
  uint32_t magnitude = static_cast<uint32_t>((fields.mantissa + (uint64_t{1} << 21)) >> 22);
  if (magnitude == (uint32_t{1} << 31) && !fields.negative) {  // -2^31 itself fits int32
    magnitude /= 2;
    ++exponent;
  }
  if (exponent < -31) return QuantizedMultiplier{};  // flushes to zero
  QuantizedMultiplier result;
  result.multiplier = fields.negative ? static_cast<int32_t>(0u - magnitude)
                                      : static_cast<int32_t>(magnitude);
  result.shift = static_cast<MultiplierShift>(exponent);
  return result;
}

// zp + round(v / scale), the float division and rounding of TensorFlow
// Lite's activation-range and requantize-in-float code, clamped to [lo, hi]
// as LiteRT's double sum would be: identical where the sum fits, and a huge
// quotient (a tiny scale) saturates instead of overflowing the int
// conversion. In integers: below 2^32 the quotient's magnitude truncates
// exactly to uint32, and the fraction left (exact below 2^24, 0 above)
// rounds it half away from zero, as std::round; from 2^32 on, zp + it is
// beyond int32 with its sign, as the double sum was (NaN: lo, as
// !(NaN >= lo)). No roundf, no double arithmetic on a microcontroller.
inline int32_t QuantizeClamped(float v, float scale, int32_t zp, int32_t lo, int32_t hi) {
  const float quotient = v / scale;
  const float magnitude = std::fabs(quotient);
  if (!(magnitude < 0x1p32f)) return quotient > 0.0f ? hi : lo;
  uint32_t whole = static_cast<uint32_t>(magnitude);
  if (magnitude - static_cast<float>(whole) >= 0.5f) ++whole;
  const int64_t q = int64_t{zp} + (quotient < 0.0f ? -int64_t{whole} : int64_t{whole});
  if (q < lo) return lo;
  if (q > hi) return hi;
  return static_cast<int32_t>(q);
}

// SaturatingRoundingDoublingHighMul: round(a*b / 2^31), ties toward +inf.
inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) {
    return std::numeric_limits<int32_t>::max();
  }
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int64_t nudge = product >= 0 ? (1 << 30) : (1 - (1 << 30));
  // (product + nudge) / 2^31, truncating toward zero, as a shift: g++ turned
  // the division into a slow idiv once inlined into the conv loops.
  const int64_t sum = product + nudge;
  const int64_t toward_zero = sum < 0 ? sum + ((1LL << 31) - 1) : sum;
  return static_cast<int32_t>(toward_zero >> 31);
}

// int32 arithmetic wraps like the hardware instead of being undefined
// (TensorFlow Lite adds zero points and sums in plain int32 and lets them wrap).
inline int32_t WrapAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t WrapSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}
inline int32_t WrapMul(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}

// RoundingDivideByPOT: x / 2^exponent, nearest, ties away from zero;
// exponent in [0, 31] (callers with data-dependent shifts bound them).
inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// MultiplyByQuantizedMultiplier with TensorFlow Lite's default double
// rounding: a left shift, a rounding high multiply, a rounding right shift.
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                             int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted = static_cast<int32_t>(
      static_cast<uint32_t>(x) << left_shift);  // callers keep this in range
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
}

inline int32_t MultiplyByQuantizedMultiplier(int32_t x,
                                             QuantizedMultiplier m) {
  return MultiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
}

// The int64-accumulator variant (int16 activations with int64 bias): one
// rounding with a 15-bit multiplier.
inline int32_t MultiplyByQuantizedMultiplier(int64_t x, int32_t multiplier,
                                             int shift) {
  const int32_t reduced =
      multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t round = static_cast<int64_t>(1) << (total_shift - 1);
  return static_cast<int32_t>((x * reduced + round) >> total_shift);
}

template <typename T>
inline int32_t TypeMin() { return std::numeric_limits<T>::min(); }
template <typename T>
inline int32_t TypeMax() { return std::numeric_limits<T>::max(); }

template <typename T>
inline T ClampTo(int32_t value) {
  return static_cast<T>(std::min(std::max(value, TypeMin<T>()), TypeMax<T>()));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_QUANT_MATH_H_
