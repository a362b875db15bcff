// The shared range checks of kernels/ref/common/checked_multiplier.h that
// every Prepare deriving a multiplier from scales goes through.
#include "kernels/ref/common/checked_multiplier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

namespace brasa {
namespace {

TEST(CheckedMultiplierTest, MaxLeftShiftKeepsTheRangeInInt32) {
  EXPECT_EQ(MaxLeftShiftFor(1), 30);          // 2^30 fits, 2^31 does not
  EXPECT_EQ(MaxLeftShiftFor(255), 23);        // 255 * 2^23 < 2^31 <= 255 * 2^24
  EXPECT_EQ(MaxLeftShiftFor(65535), 15);
  EXPECT_EQ(MaxLeftShiftFor(int64_t{1} << 31), -1);  // nothing fits
  EXPECT_EQ(MaxLeftShiftFor(0), 31);
  for (int64_t max_abs : {1, 3, 127, 128, 255, 32768, 65535, 1 << 20}) {
    const int32_t shift = MaxLeftShiftFor(max_abs);
    EXPECT_LE(max_abs << shift, INT32_MAX) << max_abs;
    EXPECT_GT(max_abs << (shift + 1), INT32_MAX) << max_abs;
  }
}


// TensorFlow Lite's QuantizeMultiplier as written there (frexp, round the
// mantissa times 2^31 in int64, halve 2^31): the oracle for brasa's, which
// rounds in uint32 to keep 64-bit conversions out of a microcontroller image.
QuantizedMultiplier QuantizeMultiplierInt64(double real) {
  if (real == 0.0) return {};
  if (!(std::fabs(real) < 0x1p31)) return {INT32_MAX, 31};
  int exponent = 0;
  const double fraction = std::frexp(real, &exponent);
  int64_t q = static_cast<int64_t>(std::round(fraction * (1LL << 31)));
  if (q == (1LL << 31)) {
    q /= 2;
    ++exponent;
  }
  if (exponent < -31) return {};
  QuantizedMultiplier m;
  m.multiplier = static_cast<int32_t>(q);
  m.shift = static_cast<MultiplierShift>(exponent);
  return m;
}

void ExpectSameAsInt64(double real) {
  const QuantizedMultiplier got = QuantizeMultiplier(real);
  const QuantizedMultiplier want = QuantizeMultiplierInt64(real);
  EXPECT_EQ(got.multiplier, want.multiplier) << real;
  EXPECT_EQ(static_cast<int>(got.shift), static_cast<int>(want.shift)) << real;
}

TEST(CheckedMultiplierTest, QuantizeMultiplierMatchesTheInt64Rounding) {
  // Mantissas that round up to 2^31 (renormalised to 2^30, shift + 1), the
  // last that do not, and exact powers of two.
  for (double real : {1.0 - 0x1p-33, 1.0 - 0x1p-32, 1.0 - 0x1p-31, 0.5 - 0x1p-34, 0.5, 1.0,
                      2.0 - 0x1p-32, 0x1p-31 - 0x1p-63, 0x1p30 - 0x1p-2}) {
    ExpectSameAsInt64(real);
    ExpectSameAsInt64(-real);
  }
  EXPECT_EQ(QuantizeMultiplier(1.0 - 0x1p-33).multiplier, 1 << 30);
  EXPECT_EQ(static_cast<int>(QuantizeMultiplier(1.0 - 0x1p-33).shift), 1);
  EXPECT_EQ(QuantizeMultiplier(-(1.0 - 0x1p-33)).multiplier, INT32_MIN);  // not halved
  // Ties of the 31-bit rounding (away from zero) and their neighbours.
  for (double real : {0.5 + 0x1p-32, 0.5 + 0x1p-32 + 0x1p-52, 0.75 + 0x1p-33, 0.75 - 0x1p-33}) {
    ExpectSameAsInt64(real);
    ExpectSameAsInt64(-real);
  }
  // Tiny scales (flushed to zero below 2^-32), huge ones (saturated from 2^31),
  // zero, subnormals and infinities.
  for (double real : {0x1p-31, 0x1p-32, 0x1p-32 - 0x1p-86, 0x1p-33, 1e-30, 4.9e-324, 0.0,
                      0x1p31, 0x1p31 - 0x1p-22, 1e300, HUGE_VAL}) {
    ExpectSameAsInt64(real);
    ExpectSameAsInt64(-real);
  }
  // A sweep over every exponent brasa's scale ratios reach, and beyond.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(0.5, 1.0);
  for (int exponent = -40; exponent <= 33; ++exponent) {
    for (int i = 0; i < 200; ++i) ExpectSameAsInt64(std::ldexp(mantissa(rng), exponent));
  }
}

}  // namespace
}  // namespace brasa
