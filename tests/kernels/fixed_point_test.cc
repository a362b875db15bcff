#include "kernels/ref/common/fixed_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace brasa {
namespace {

namespace fp = fixed_point;

constexpr double kQ0 = 2147483648.0;  // 2^31: one in Q0

int32_t ToFixed(double x, int integer_bits) {
  return static_cast<int32_t>(std::lround(x * std::ldexp(1.0, 31 - integer_bits)));
}

TEST(FixedPointTest, SaturatingRoundingMultiplyByPOT) {
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(1 << 29, 1), 1 << 30);
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(1 << 30, 1), fp::kInt32Max);
  // gemmlowp saturates anything below -(2^30 - 1), even the representable -2^31.
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(-(1 << 30), 1), fp::kInt32Min);
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(5, -1), 3);    // 2.5: away from zero
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(-5, -1), -3);
  EXPECT_EQ(fp::SaturatingRoundingMultiplyByPOT(-7, 0), -7);
}

TEST(FixedPointTest, RoundingHalfSumRoundsAwayFromZero) {
  EXPECT_EQ(fp::RoundingHalfSum(1, 2), 2);
  EXPECT_EQ(fp::RoundingHalfSum(-1, -2), -2);
  EXPECT_EQ(fp::RoundingHalfSum(-1, 0), -1);
  EXPECT_EQ(fp::RoundingHalfSum(fp::kInt32Max, fp::kInt32Max), fp::kInt32Max);
}

TEST(FixedPointTest, ExpOnNegativeValuesTracksExp) {
  for (double x = -31.0; x <= 0.0; x += 0.173) {
    const int32_t result = fp::ExpOnNegativeValues(ToFixed(x, 5), 5);
    EXPECT_NEAR(result / kQ0, std::exp(x), 2e-7) << x;
  }
  EXPECT_EQ(fp::ExpOnNegativeValues(0, 5), fp::kInt32Max);
  // With 6 integer bits, anything below -32 is flushed to zero.
  EXPECT_EQ(fp::ExpOnNegativeValues(ToFixed(-32.5, 6), 6), 0);
  EXPECT_GT(fp::ExpOnNegativeValues(ToFixed(-2.0, 6), 6), 0);
}

TEST(FixedPointTest, ReciprocalsTrackFloat) {
  for (double x = 0.0; x < 1.0; x += 0.0371) {
    const int32_t raw = ToFixed(x, 0);
    EXPECT_NEAR(fp::OneOverOnePlusXForXIn01(raw) / kQ0, 1.0 / (1.0 + x), 2e-8) << x;
    EXPECT_NEAR(fp::OneMinusXOverOnePlusXForXIn01(raw) / kQ0, (1.0 - x) / (1.0 + x), 2e-8) << x;
  }
}

TEST(FixedPointTest, LogisticAndTanhTrackFloat) {
  EXPECT_EQ(fp::Logistic(0, 4), 1 << 30);
  EXPECT_EQ(fp::Tanh(0, 4), 0);
  for (double x = -15.0; x <= 15.0; x += 0.377) {
    const int32_t raw = ToFixed(x, 4);
    EXPECT_NEAR(fp::Logistic(raw, 4) / kQ0, 1.0 / (1.0 + std::exp(-x)), 1e-6) << x;
    EXPECT_NEAR(fp::Tanh(raw, 4) / kQ0, std::tanh(x), 2e-6) << x;
  }
}

TEST(FixedPointTest, GetReciprocalNormalises) {
  int bits_over_unit = -1;
  // 1.0 in Q12: no bits above one, reciprocal ~1.
  int32_t r = fp::GetReciprocal(1 << 19, 12, &bits_over_unit);
  EXPECT_EQ(bits_over_unit, 0);
  EXPECT_NEAR(r / kQ0, 1.0, 1e-8);
  // 6.0 = 2^2 * 1.5: two bits above one, reciprocal of 1.5.
  r = fp::GetReciprocal(6 << 19, 12, &bits_over_unit);
  EXPECT_EQ(bits_over_unit, 2);
  EXPECT_NEAR(r / kQ0, 1.0 / 1.5, 1e-8);
}

TEST(FixedPointTest, CheckedLog2) {
  int log2 = 0;
  EXPECT_TRUE(CheckedLog2(1.0f / 1024, &log2));
  EXPECT_EQ(log2, -10);
  EXPECT_TRUE(CheckedLog2(8.0f, &log2));
  EXPECT_EQ(log2, 3);
  EXPECT_FALSE(CheckedLog2(0.001f, &log2));
}

}  // namespace
}  // namespace brasa
