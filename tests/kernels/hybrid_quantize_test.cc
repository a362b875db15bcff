// Hybrid ops quantize the caller's float activations on the fly: NaN and
// infinite values must give defined int8 values (clamped in float before the
// int conversion), and finite ones TensorFlow Lite's round-then-clamp values.
#include "kernels/ref/common/hybrid_quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

struct Quantized {
  std::vector<int8_t> values;
  float scale = 0.0f;
  int32_t offset = 0;
};

Quantized Quantize(const std::vector<float>& values, bool asymmetric) {
  Quantized q;
  q.values.assign(values.size(), 99);
  QuantizeFloatsForHybrid(values.data(), static_cast<int32_t>(values.size()), asymmetric,
                          q.values.data(), &q.scale, &q.offset);
  return q;
}

TEST(HybridQuantizeTest, SymmetricFiniteValuesRoundAwayFromZero) {
  // Range 2: scale 2/127; 1 -> 63.5 -> 64, -0.5 -> -31.75 -> -32.
  const Quantized q = Quantize({-2.0f, 1.0f, -0.5f, 2.0f, 0.0f}, false);
  EXPECT_EQ(q.values, (std::vector<int8_t>{-127, 64, -32, 127, 0}));
  EXPECT_FLOAT_EQ(q.scale, 2.0f / 127.0f);
  EXPECT_EQ(q.offset, 0);
}

TEST(HybridQuantizeTest, SymmetricNaNAndInfinityAreDefined) {
  // An infinite range makes the inverse scale 0: inf * 0 is NaN, which
  // becomes 0, as do finite values.
  const Quantized inf = Quantize({1.0f, kInf, -3.0f, -kInf}, false);
  EXPECT_EQ(inf.values, (std::vector<int8_t>{0, 0, 0, 0}));
  EXPECT_TRUE(std::isinf(inf.scale));
  // A NaN next to finite values: the finite ones quantize within [-127, 127].
  const Quantized nan = Quantize({kNaN, 1.0f, -1.0f}, false);
  for (int8_t v : nan.values) {
    EXPECT_GE(v, -127);
    EXPECT_LE(v, 127);
  }
  EXPECT_EQ(Quantize({kNaN}, false).values, (std::vector<int8_t>{0}));
}

TEST(HybridQuantizeTest, AsymmetricFiniteValues) {
  // [0, 2.55] onto [-128, 127]: scale 0.01, zero point -128.
  const Quantized q = Quantize({0.0f, 1.0f, 2.55f}, true);
  EXPECT_EQ(q.offset, -128);
  EXPECT_EQ(q.values, (std::vector<int8_t>{-128, -28, 127}));
}

TEST(HybridQuantizeTest, AsymmetricInfiniteRangeIsDefined) {
  // rmax = inf: the scale is inf and the zero point NaN, which now clamps to
  // -128 instead of an undefined int conversion.
  const Quantized q = Quantize({kInf, 1.0f, -kInf, kNaN}, true);
  EXPECT_GE(q.offset, -128);
  EXPECT_LE(q.offset, 127);
  for (int8_t v : q.values) EXPECT_NE(v, 99);
}

// End to end: a hybrid FULLY_CONNECTED (float input, int8 weights) runs on
// NaN and infinite inputs (under ./dev.sh test-asan, without undefined
// behavior) for both input quantization modes.
TEST(HybridQuantizeTest, HybridFullyConnectedRunsOnNonFiniteInputs) {
  for (bool asymmetric : {false, true}) {
    SCOPED_TRACE(asymmetric ? "asymmetric" : "symmetric");
    testing::OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(FullyConnectedParams{Activation::kNone, false, false, asymmetric});
    tester.AddInput<float>(DataType::kFloat32, {3, 2}, {kNaN, 1.0f, kInf, -kInf, 0.5f, 2.0f});
    tester.AddConstInput<int8_t>(DataType::kInt8, {2, 2}, {1, -2, 3, 4},
                                 testing::PerTensor(0.5f, 0));
    tester.AddOmittedInput();
    tester.AddOutput(DataType::kFloat32, {});
    ASSERT_TRUE(tester.Run().ok());
    const std::vector<float> out = tester.Output<float>();
    ASSERT_EQ(out.size(), 6u);
    // The finite row is unaffected: 0.5*1 + 2*(-2) = -3.5, 0.5*3 + 2*4 = 9.5
    // (to int8 precision).
    EXPECT_NEAR(out[4] / 0.5f, -3.5f, 0.05f);
    EXPECT_NEAR(out[5] / 0.5f, 9.5f, 0.05f);
  }
}

}  // namespace
}  // namespace brasa
