// The shared range checks of kernels/ref/common/checked_multiplier.h that
// every Prepare deriving a multiplier from scales goes through.
#include "kernels/ref/common/checked_multiplier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/kernel_test_util.h"

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

TEST(CheckedMultiplierTest, QuantizeMultiplierFromTheBitsMatchesFrexpOnAnyDouble) {
  // QuantizeMultiplier reads the double's fields: every bit pattern (NaN,
  // infinities, subnormals, both signs) against frexp and round.
  std::mt19937_64 rng(11);
  for (int i = 0; i < 1000000; ++i) {
    uint64_t bits = rng();
    if (i % 4 == 0) {  // near the exponents the scales' ratios reach
      bits = (bits & 0x800FFFFFFFFFFFFFull) | (static_cast<uint64_t>(1023 - 40 + i % 80) << 52);
    }
    double real = 0.0;
    std::memcpy(&real, &bits, sizeof real);
    ExpectSameAsInt64(real);
    if (HasFailure()) return;
  }
  ExpectSameAsInt64(std::nan(""));
  ExpectSameAsInt64(-std::nan(""));
}

// QuantizeMultiplierChecked through a CONV_2D Prepare: the ratio of scales
// s_in * s_w / s_out it judges is formed in integers (exact_scales.h).
Status RunInt8Conv(float input_scale, float filter_scale, float output_scale,
                   std::vector<int8_t>* output) {
  testing::OpTester tester(Register_CONV_2D());
  tester.SetParams(ConvParams{Padding::kValid, 1, 1, 1, 1, Activation::kNone});
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 2, 1}, {-3, 8},
                          testing::PerTensor(input_scale, 3));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {2},
                               testing::PerTensor(filter_scale, 0));
  tester.AddOutput(DataType::kInt8, {}, testing::PerTensor(output_scale, 10));
  const Status status = tester.Run();
  if (status.ok()) *output = tester.Output<int8_t>();
  return status;
}

TEST(CheckedMultiplierTest, ConvRequantizationMultiplierRange) {
  std::vector<int8_t> output;
  // 1e6 * 1e6 / 1e-3 = 1e15: exponent 50, beyond the left shift of 31.
  const Status large = RunInt8Conv(1e6f, 1e6f, 1e-3f, &output);
  EXPECT_EQ(large.code(), StatusCode::kUnsupported) << large.message();
  EXPECT_NE(large.message().find("requantization multiplier"), std::string::npos);
  // 2^31 exactly: saturated to shift 31 by QuantizeMultiplier, refused on
  // its true exponent (32).
  EXPECT_EQ(RunInt8Conv(0x1p16f, 0x1p16f, 2.0f, &output).code(), StatusCode::kUnsupported);
  // 2^30: multiplier 2^30 with shift 31, the largest accepted.
  EXPECT_TRUE(RunInt8Conv(0x1p15f, 0x1p16f, 2.0f, &output).ok());
  // A ratio far below 2^-32 flushes to zero: every output is zp_out.
  ASSERT_TRUE(RunInt8Conv(1e-20f, 1e-20f, 1e20f, &output).ok());
  EXPECT_EQ(output, (std::vector<int8_t>{10, 10}));
  // 0.5 * 0.5 / 1: M = 0.25, acc = 2 (x - 3) = -12, 10 -> -3, 2.5 -> 3 (ties away).
  ASSERT_TRUE(RunInt8Conv(0.5f, 0.5f, 1.0f, &output).ok());
  EXPECT_EQ(output, (std::vector<int8_t>{7, 13}));
}

}  // namespace
}  // namespace brasa
