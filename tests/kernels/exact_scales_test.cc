// kernels/ref/common/exact_scales.h against the double arithmetic it
// replaces (the host's double unit rounds as IEEE 754 says): bit for bit on
// random bit patterns, with the boundaries (subnormals, infinities, NaN,
// ties of both roundings) drawn often.
#include "kernels/ref/common/exact_scales.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace {

// The bits of a float or double, or the value of bits.
template <typename To, typename From>
To BitCast(From value) {
  static_assert(sizeof(To) == sizeof(From), "same size");
  To out;
  std::memcpy(&out, &value, sizeof out);
  return out;
}

// Floats of every kind: any bit pattern, subnormals, the extremes, powers of
// two, small integers and typical scales.
class FloatSource {
 public:
  explicit FloatSource(uint64_t seed) : rng_(seed) {}
  float Next() {
    switch (rng_() % 8) {
      case 0:
        return BitCast<float>(static_cast<uint32_t>(rng_()));
      case 1:
        return BitCast<float>(static_cast<uint32_t>(rng_()) & 0x807FFFFFu);  // subnormal
      case 2: {
        static const float kSpecial[] = {0.0f,
                                         -0.0f,
                                         INFINITY,
                                         -INFINITY,
                                         NAN,
                                         std::numeric_limits<float>::max(),
                                         std::numeric_limits<float>::min(),
                                         std::numeric_limits<float>::denorm_min(),
                                         1.0f,
                                         -1.0f};
        return kSpecial[rng_() % (sizeof kSpecial / sizeof kSpecial[0])];
      }
      case 3:
        return std::ldexp(1.0f, static_cast<int>(rng_() % 300) - 150);
      case 4:
        return static_cast<float>(rng_() % 1000);
      default: {  // a typical scale: 2^-20 .. 2^4, positive
        std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
        return std::ldexp(mantissa(rng_), static_cast<int>(rng_() % 24) - 20);
      }
    }
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

void ExpectSameDouble(double got, double want, const char* what, float a, float b, float c) {
  EXPECT_EQ(BitCast<uint64_t>(got), BitCast<uint64_t>(want))
      << what << " " << a << " " << b << " " << c << ": " << got << " vs " << want;
}

// A finite nonzero float (ExactRatio's domain), of either sign.
float FiniteNonzero(FloatSource& source) {
  float value = 0.0f;
  do value = source.Next();
  while (value == 0.0f || !std::isfinite(value));
  return value;
}

TEST(ExactScalesTest, RatioIsTheDoubleMultiplyAndDivide) {
  FloatSource source(1);
  for (int i = 0; i < 2000000; ++i) {
    const float a = FiniteNonzero(source), b = FiniteNonzero(source), c = FiniteNonzero(source);
    const double want = static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(c);
    ExpectSameDouble(ExactRatio(a, b, c), want, "ratio", a, b, c);
    if (HasFailure()) return;
  }
}

TEST(ExactScalesTest, RatioOverAPowerOfTwoIsTheScaledProduct) {
  // Softmax forms beta * s_in * 2^26 as ExactRatio(beta, s_in, 2^-26).
  FloatSource source(2);
  for (int i = 0; i < 500000; ++i) {
    const float a = FiniteNonzero(source), b = FiniteNonzero(source);
    const double want = static_cast<double>(a) * static_cast<double>(b) * 0x1p26;
    ExpectSameDouble(ExactRatio(a, b, 0x1p-26f), want, "scaled product", a, b, 0x1p-26f);
    ExpectSameDouble(ExactRatio(a, b, 1.0f), static_cast<double>(a) * static_cast<double>(b),
                     "product", a, b, 1.0f);
    if (HasFailure()) return;
  }
}

bool BiasScaleMismatchInDouble(float input, float filter, float bias, float output) {
  const double product = static_cast<double>(input) * static_cast<double>(filter);
  const double difference = std::abs(product - static_cast<double>(bias));
  return difference / static_cast<double>(output) > 0.02;
}

TEST(ExactScalesTest, BiasScaleCheckIsTheDoubleCheck) {
  FloatSource source(3);
  std::mt19937_64& rng = source.rng();
  auto positive = [&] {
    float value = 0.0f;
    do value = std::fabs(source.Next());
    while (!(value > 0.0f) || !std::isfinite(value));
    return value;
  };
  int mismatches = 0;
  for (int i = 0; i < 2000000; ++i) {
    const float input = positive(), filter = positive(), output = positive();
    const double product = static_cast<double>(input) * static_cast<double>(filter);
    float bias = 0.0f;
    switch (rng() % 4) {
      case 0:
        bias = source.Next();
        break;  // anything, zero, inf and NaN included
      case 1:
        bias = static_cast<float>(product);
        break;   // the converter's bias scale
      case 2: {  // near the 2% boundary: |p - b| / s_out around 0.02
        const double target = product + (rng() % 2 ? 1 : -1) * 0.02 * output;
        bias = std::nextafter(static_cast<float>(target), rng() % 2 ? INFINITY : -INFINITY);
        if (rng() % 3 == 0) bias = static_cast<float>(target);
        break;
      }
      default:  // a neighbour of the product: cancellation
        bias = BitCast<float>(BitCast<uint32_t>(static_cast<float>(product)) +
                              static_cast<uint32_t>(rng() % 5) - 2u);
        break;
    }
    const bool want = BiasScaleMismatchInDouble(input, filter, bias, output);
    mismatches += want;
    EXPECT_EQ(BiasScaleMismatch(input, filter, bias, output), want)
        << input << " " << filter << " " << bias << " " << output;
    if (HasFailure()) return;
  }
  EXPECT_GT(mismatches, 1000);  // both answers drawn
  EXPECT_LT(mismatches, 1990000);
}

TEST(ExactScalesTest, BiasScaleCheckAtTheBoundary) {
  // 1 * 1 - b over 1 against 0.02 itself: the double 1 - b is exact here.
  EXPECT_FALSE(BiasScaleMismatch(1.0f, 1.0f, 1.0f, 1.0f));
  EXPECT_FALSE(BiasScaleMismatch(1.0f, 1.0f, 0.0f, 100.0f));  // 1 / 100 < 0.02
  EXPECT_TRUE(BiasScaleMismatch(1.0f, 1.0f, 0.0f, 1.0f));
  EXPECT_TRUE(BiasScaleMismatch(1.0f, 1.0f, INFINITY, 1.0f));
  EXPECT_FALSE(BiasScaleMismatch(1.0f, 1.0f, NAN, 1.0f));
  for (float output : {1.0f, 0.5f, 3.0f, 1e-6f}) {
    const float bias_up = static_cast<float>(1.0 - 0.02 * output);
    EXPECT_EQ(BiasScaleMismatch(1.0f, 1.0f, bias_up, output),
              BiasScaleMismatchInDouble(1.0f, 1.0f, bias_up, output));
    const float next = std::nextafter(bias_up, 0.0f);
    EXPECT_EQ(BiasScaleMismatch(1.0f, 1.0f, next, output),
              BiasScaleMismatchInDouble(1.0f, 1.0f, next, output));
  }
}

int64_t RoundAwayProductInDouble(int32_t x, double multiplier) {
  const double rounded = std::round(static_cast<double>(x) * multiplier);
  constexpr double kSaturated = 0x1p62;
  if (std::isnan(rounded)) return 0;
  if (rounded >= kSaturated) return int64_t{1} << 62;
  if (rounded <= -kSaturated) return -(int64_t{1} << 62);
  return static_cast<int64_t>(rounded);
}

TEST(ExactScalesTest, RoundAwayProductIsTheDoubleMultiplyAndRound) {
  std::mt19937_64 rng(4);
  FloatSource source(5);
  for (int i = 0; i < 3000000; ++i) {
    // x of every length (short ones make ties of the 53-bit rounding common).
    const int length = static_cast<int>(rng() % 33);
    int32_t x = static_cast<int32_t>(length == 0 ? 0 : rng() >> (64 - length));
    if (rng() % 2) x = -x;
    if (rng() % 50 == 0) x = std::numeric_limits<int32_t>::min();
    double multiplier = 0.0;
    switch (rng() % 6) {
      case 0: {  // a requantization ratio of scales
        const float a = std::fabs(FiniteNonzero(source)), b = std::fabs(FiniteNonzero(source));
        multiplier = ExactRatio(a, b, std::fabs(FiniteNonzero(source)));
        break;
      }
      case 1:
        multiplier = BitCast<double>(rng());
        break;
      case 2:  // an exponent that puts the product near integers
        multiplier = BitCast<double>((rng() & 0x800FFFFFFFFFFFFFull) |
                                     (static_cast<uint64_t>(1023 - 40 + rng() % 60) << 52));
        break;
      case 3: {  // products in [2^51, 2^53]: the multiply's ulp is 1/2 or 1,
        // so its rounding (ties to even, sticky bits) shows in the integer
        const int top = 63 - __builtin_clzll(static_cast<uint64_t>(std::llabs(int64_t{x}) | 1));
        multiplier = BitCast<double>((rng() & 0x000FFFFFFFFFFFFFull) |
                                     (static_cast<uint64_t>(1023 + 51 - top + rng() % 2) << 52));
        break;
      }
      case 4:  // few mantissa bits: ties of the rounding to an integer
        multiplier = std::ldexp(static_cast<double>(rng() % 64 + 1), -static_cast<int>(rng() % 40));
        break;
      default:  // subnormals, zero, infinities, NaN, the extremes
        multiplier = BitCast<double>(rng() & 0x800FFFFFFFFFFFFFull);
        if (rng() % 4 == 0) {
          static const double kSpecial[] = {0.0,
                                            -0.0,
                                            INFINITY,
                                            -INFINITY,
                                            NAN,
                                            std::numeric_limits<double>::max(),
                                            std::numeric_limits<double>::min(),
                                            0.5,
                                            1.5};
          multiplier = kSpecial[rng() % (sizeof kSpecial / sizeof kSpecial[0])];
        }
        break;
    }
    EXPECT_EQ(RoundAwayProduct(x, multiplier), RoundAwayProductInDouble(x, multiplier))
        << x << " * " << multiplier;
    if (HasFailure()) return;
  }
}

TEST(ExactScalesTest, RoundAwayProductAtTiesOfTheDoubleMultiply) {
  // Where the two roundings meet: x * M within a few ulps of k + 1/2, where
  // the double multiply's rounding (ties to even, sticky bits) decides on
  // which side of the half the product lands. A tie of the multiply is
  // x * M - fl(x * M) = +-ulp / 2 (exact, by fma).
  std::mt19937_64 rng(8);
  int ties = 0, cases = 0;
  for (int i = 0; i < 200000; ++i) {
    const int length = 2 + static_cast<int>(rng() % 30);
    const int32_t x = static_cast<int32_t>((rng() >> (64 - length)) | 1) * (rng() % 2 ? 1 : -1);
    const double half = static_cast<double>(rng() % 2048) + 0.5;
    double multiplier = half / std::fabs(static_cast<double>(x));
    for (int step = 0; step < 4; ++step) multiplier = std::nextafter(multiplier, 0.0);
    for (int step = 0; step < 8; ++step, multiplier = std::nextafter(multiplier, 1e9)) {
      const double product = static_cast<double>(x) * multiplier;
      const double error = std::fma(static_cast<double>(x), multiplier, -product);
      const double ulp = std::nextafter(std::fabs(product), INFINITY) - std::fabs(product);
      ties += std::fabs(error) == ulp / 2;
      ++cases;
      EXPECT_EQ(RoundAwayProduct(x, multiplier), RoundAwayProductInDouble(x, multiplier))
          << x << " * " << multiplier;
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(ties, cases / 100);  // the multiply's ties were drawn
}

TEST(ExactScalesTest, RoundAwayProductTies) {
  EXPECT_EQ(RoundAwayProduct(1, 0.5), 1);
  EXPECT_EQ(RoundAwayProduct(-1, 0.5), -1);
  EXPECT_EQ(RoundAwayProduct(3, 0.5), 2);
  EXPECT_EQ(RoundAwayProduct(5, 0.1), 1);  // 5 * 0.1 rounds to 0.5 in double
  EXPECT_EQ(RoundAwayProduct(std::numeric_limits<int32_t>::min(), 1.0),
            std::numeric_limits<int32_t>::min());
  EXPECT_EQ(RoundAwayProduct(7, 1e300), int64_t{1} << 62);
  EXPECT_EQ(RoundAwayProduct(-7, 1e300), -(int64_t{1} << 62));
  EXPECT_EQ(RoundAwayProduct(7, 1e-300), 0);
}

TEST(ExactScalesTest, IsAboveOrdersPositiveBounds) {
  EXPECT_TRUE(IsAbove(1.5, 1.0));
  EXPECT_FALSE(IsAbove(1.0, 1.0));
  EXPECT_FALSE(IsAbove(0.5, 1.0));
  EXPECT_FALSE(IsAbove(-2.0, 1.0));
  EXPECT_FALSE(IsAbove(-0.0, 1.0));
  EXPECT_FALSE(IsAbove(NAN, 1.0));
  EXPECT_FALSE(IsAbove(-NAN, 1.0));
  EXPECT_TRUE(IsAbove(INFINITY, 1.0));
  EXPECT_FALSE(IsAbove(-INFINITY, 1.0));
  EXPECT_TRUE(IsAbove(std::nextafter(0.02, 1.0), 0.02));
  EXPECT_FALSE(IsAbove(0.02, 0.02));
}

// The previous double code of QuantizeClamped, the oracle.
int32_t QuantizeClampedInDouble(float v, float scale, int32_t zp, int32_t lo, int32_t hi) {
  const double q = static_cast<double>(zp) + static_cast<double>(std::round(v / scale));
  if (!(q >= lo)) return lo;
  if (q > hi) return hi;
  return static_cast<int32_t>(q);
}

TEST(ExactScalesTest, QuantizeClampedIsTheDoubleSum) {
  FloatSource source(6);
  std::mt19937_64& rng = source.rng();
  static const int32_t kBounds[][2] = {
      {-128, 127},
      {0, 255},
      {-32768, 32767},
      {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}};
  for (int i = 0; i < 2000000; ++i) {
    const float v = source.Next(), scale = source.Next();
    int32_t zp = static_cast<int32_t>(rng());
    if (rng() % 2) zp = static_cast<int32_t>(rng() % 256) - 128;
    const auto& bounds = kBounds[rng() % 4];
    EXPECT_EQ(QuantizeClamped(v, scale, zp, bounds[0], bounds[1]),
              QuantizeClampedInDouble(v, scale, zp, bounds[0], bounds[1]))
        << v << " / " << scale << " + " << zp;
    if (HasFailure()) return;
  }
  // Quotients at 2^31 and 2^32, where the int32 and uint32 conversions end.
  for (float quotient : {0x1p31f, 0x1p32f, 0x1p32f - 256.0f, 0x1p31f - 128.0f, 0x1p33f}) {
    for (int32_t zp :
         {std::numeric_limits<int32_t>::min(), -1, 0, 1, std::numeric_limits<int32_t>::max()}) {
      for (float sign : {1.0f, -1.0f}) {
        EXPECT_EQ(
            QuantizeClamped(sign * quotient, 1.0f, zp, std::numeric_limits<int32_t>::min(),
                            std::numeric_limits<int32_t>::max()),
            QuantizeClampedInDouble(sign * quotient, 1.0f, zp, std::numeric_limits<int32_t>::min(),
                                    std::numeric_limits<int32_t>::max()))
            << sign * quotient << " " << zp;
      }
    }
  }
}

}  // namespace
}  // namespace brasa
