// The doubles of exact_scales.h from the floats' bits.
#include "kernels/ref/common/exact_scales.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace brasa {
namespace {

// Out of line where it keeps the stack shallow: inlined into a Prepare, the
// callee's locals stay in the Prepare's frame throughout (a
// microcontroller's deepest stack is a Prepare's).
#if defined(__GNUC__)
#define BRASA_OUT_OF_LINE __attribute__((noinline))
#else
#define BRASA_OUT_OF_LINE
#endif

// A finite nonzero float's magnitude as mantissa * 2^exponent, mantissa in
// [2^23, 2^24) (subnormals normalised).
struct FloatParts {
  int32_t exponent;
  uint32_t mantissa;
};

FloatParts PartsOf(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  FloatParts parts{static_cast<int32_t>((bits >> 23) & 0xFF) - 150, bits & 0x7FFFFFu};
  if (parts.exponent != -150) {
    parts.mantissa |= 0x800000u;
    return parts;
  }
  parts.exponent = -149;
  while (parts.mantissa - 1 < 0x7FFFFFu) {  // subnormal (0 stays: not a caller's value)
    parts.mantissa <<= 1;
    --parts.exponent;
  }
  return parts;
}

double FromBits(uint64_t bits) {
  double value = 0.0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

uint64_t SignBit(bool negative) { return uint64_t{negative} << 63; }

int32_t BitLength(uint64_t value) {
#if defined(__GNUC__)
  return value == 0 ? 0 : 64 - __builtin_clzll(value);
#else
  int32_t length = 0;
  while (value != 0) {
    value >>= 1;
    ++length;
  }
  return length;
#endif
}

// Rounds value to 53 bits (nearest, ties to even; `sticky`: nonzero bits
// below value's), adding the bits dropped to *exponent.
uint64_t RoundTo53Bits(uint64_t value, bool sticky, int32_t* exponent) {
  const int32_t dropped = BitLength(value) - 53;
  if (dropped <= 0) return value;
  const uint64_t remainder = value & ((uint64_t{1} << dropped) - 1);
  const uint64_t half = uint64_t{1} << (dropped - 1);
  value >>= dropped;
  *exponent += dropped;
  if (remainder > half || (remainder == half && (sticky || (value & 1) != 0))) {
    ++value;
    if (value == (uint64_t{1} << 53)) {
      value >>= 1;
      ++*exponent;
    }
  }
  return value;
}

// numerator * 2^exponent / divisor rounded to a double (normal: the
// products and ratios of floats stay within 2^-450..2^410); numerator in
// [1, 2^53), divisor finite and not zero. The callers tail-call it (all
// arguments in registers), so their frames are gone while it divides.
double Divide(uint64_t numerator, int32_t exponent, bool negative, float divisor) {
  const FloatParts d = PartsOf(divisor);
  const int32_t shift = 53 - BitLength(numerator);
  numerator <<= shift;  // [2^52, 2^53)
  // floor(n * 2^32 / m) in two divisions (each fits 64 bits: n % m < 2^24):
  // in [2^60, 2^62); the rest of the quotient a sticky bit.
  const uint64_t high = numerator / d.mantissa;
  const uint64_t rest = (numerator % d.mantissa) << 32;
  exponent -= shift + 32 + d.exponent;
  const uint64_t quotient =
      RoundTo53Bits((high << 32) | (rest / d.mantissa), rest % d.mantissa != 0, &exponent);
  const uint64_t biased = static_cast<uint64_t>(exponent + 52 + 1023);
  return FromBits(SignBit(negative) | (biased << 52) | (quotient - (uint64_t{1} << 52)));
}

// mantissa * 2^exponent as a multiple of 2^frame, bits below it folded into
// the lowest bit (sticky): exact where it matters for one rounding after an
// add or subtract with an operand whose top bit is the frame's bit 62.
uint64_t Align(uint64_t mantissa, int32_t exponent, int32_t frame) {
  const int32_t shift = exponent - frame;
  if (shift >= 0) return mantissa << shift;
  if (shift <= -64) return mantissa != 0 ? 1 : 0;
  const uint64_t lost = mantissa & ((uint64_t{1} << -shift) - 1);
  return (mantissa >> -shift) | (lost != 0 ? 1 : 0);
}

// |double(a) * double(b) - double(c)| rounded to 53 bits, as
// *exponent-scaled magnitude (0: exact cancellation); a, b positive finite,
// c finite.
BRASA_OUT_OF_LINE uint64_t AbsoluteDifference(float a, float b, float c, int32_t* exponent) {
  const FloatParts x = PartsOf(a), y = PartsOf(b);
  const uint64_t product = uint64_t{x.mantissa} * y.mantissa;  // exact, 48 bits
  *exponent = x.exponent + y.exponent;
  if (c == 0.0f) return product;
  // Both in a frame whose bit 62 is the larger's top bit: the sum or
  // difference fits 64 bits and rounds once, as the double subtract.
  const FloatParts z = PartsOf(c);
  const int32_t frame = std::max(*exponent + BitLength(product), z.exponent + 24) - 63;
  const uint64_t p = Align(product, *exponent, frame), q = Align(z.mantissa, z.exponent, frame);
  *exponent = frame;
  const uint64_t difference = c < 0.0f ? p + q : p > q ? p - q : q - p;
  return RoundTo53Bits(difference, false, exponent);
}

bool IsNaN(float value) { return value != value; }
bool IsInfinite(float value) { return std::fabs(value) == INFINITY; }

}  // namespace

BRASA_OUT_OF_LINE double ExactRatio(float a, float b, float c) {
  const bool negative = (std::signbit(a) != std::signbit(b)) != std::signbit(c);
  const FloatParts x = PartsOf(a), y = PartsOf(b);
  return Divide(uint64_t{x.mantissa} * y.mantissa, x.exponent + y.exponent, negative, c);
}

bool BiasScaleMismatch(float input_scale, float filter_scale, float bias_scale,
                       float output_scale) {
  for (float scale : {input_scale, filter_scale, output_scale}) {
    if (!(scale > 0.0f) || IsInfinite(scale)) return true;  // the callers check these first
  }
  if (IsNaN(bias_scale)) return false;  // NaN > 0.02 is false
  if (IsInfinite(bias_scale)) return true;
  int32_t exponent = 0;
  const uint64_t difference = AbsoluteDifference(input_scale, filter_scale, bias_scale, &exponent);
  return difference != 0 && IsAbove(Divide(difference, exponent, false, output_scale), 0.02);
}

BRASA_OUT_OF_LINE int64_t RoundAwayProduct(int32_t x, double multiplier) {
  uint64_t bits = 0;
  std::memcpy(&bits, &multiplier, sizeof bits);
  const bool negative = ((bits >> 63) != 0) != (x < 0);
  const int32_t biased = static_cast<int32_t>((bits >> 52) & 0x7FF);
  uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
  constexpr int64_t kSaturated = int64_t{1} << 62;
  const uint32_t magnitude = x < 0 ? 0u - static_cast<uint32_t>(x) : static_cast<uint32_t>(x);
  if (biased == 0x7FF) {  // inf * 0 is NaN too
    return mantissa != 0 || magnitude == 0 ? 0 : negative ? -kSaturated : kSaturated;
  }
  if (magnitude == 0 || (biased | mantissa) == 0) return 0;  // a zero factor
  // A subnormal is mantissa * 2^-1074.
  int32_t exponent = -1074;
  if (biased != 0) {
    mantissa |= uint64_t{1} << 52;
    exponent = biased - 1075;
  }
  // The exact product, 85 bits at most: high * 2^32 + low.
  const uint64_t low_product = magnitude * (mantissa & 0xFFFFFFFFu);
  const uint64_t high = magnitude * (mantissa >> 32) + (low_product >> 32);
  const uint64_t low = low_product & 0xFFFFFFFFu;
  uint64_t product = 0;
  if (high < (uint64_t{1} << 32)) {  // 64 bits: exact
    product = RoundTo53Bits((high << 32) | low, false, &exponent);
  } else {  // the top 64 bits (1 to 21 of `low` dropped: sticky), then 53
    const int32_t dropped = BitLength(high) + 32 - 64;
    exponent += dropped;
    const uint64_t top = (high << (32 - dropped)) | (low >> dropped);
    product = RoundTo53Bits(top, (low & ((uint64_t{1} << dropped) - 1)) != 0, &exponent);
  }
  // product * 2^exponent, rounded to an integer, ties away from zero.
  int64_t rounded = 0;
  if (exponent >= 0) {
    rounded =
        BitLength(product) + exponent > 62 ? kSaturated : static_cast<int64_t>(product << exponent);
  } else if (exponent >= -54) {
    const int32_t shift = -exponent;
    rounded = std::min(static_cast<int64_t>((product + (uint64_t{1} << (shift - 1))) >> shift),
                       kSaturated);
  }
  return negative ? -rounded : rounded;
}

bool IsAbove(double x, double bound) {
  uint64_t bits = 0, bound_bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  std::memcpy(&bound_bits, &bound, sizeof bound_bits);
  const bool nan = (bits & ~(uint64_t{1} << 63)) > (uint64_t{0x7FF} << 52);
  // Positive doubles order as their bits; a negative x (or -0) is not above.
  return !nan && (bits >> 63) == 0 && bits > bound_bits;
}

}  // namespace brasa
