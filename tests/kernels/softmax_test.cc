#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/golden/activation_cases.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/single_op_test_util.h"

namespace brasa {
namespace {

using testing::ExpectRunError;
using testing::OpTester;
using testing::PerTensor;
using testing::RunSingleOpCases;

SoftmaxParams Beta(float beta) {
  SoftmaxParams params;
  params.beta = beta;
  return params;
}

TEST(SoftmaxTest, FloatRowsAndBeta) {
  OpTester tester(Register_SOFTMAX());
  tester.SetParams(Beta(0.5f));
  // beta 0.5: exp(0.5 * (x - max)); row 2 is row 1 shifted (no change).
  const float ln3 = std::log(3.0f);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {0.0f, 2 * ln3, 10.0f, 10.0f + 2 * ln3});
  tester.AddOutput(DataType::kFloat32, {2, 2});
  ASSERT_TRUE(tester.Run().ok());
  const std::vector<float> out = tester.Output<float>();
  ASSERT_EQ(out.size(), 4u);
  EXPECT_NEAR(out[0], 0.25f, 1e-6f);
  EXPECT_NEAR(out[1], 0.75f, 1e-6f);
  EXPECT_NEAR(out[2], 0.25f, 1e-6f);
  EXPECT_NEAR(out[3], 0.75f, 1e-6f);
}

// Equal inputs: each exp is 1 (INT32_MAX in Q0), the Q12 sum is 4 * 2^19 and
// the reciprocal 1/4 lands exactly on 64/256: -128 + 64.
TEST(SoftmaxTest, Int8EqualRowIsUniform) {
  OpTester tester(Register_SOFTMAX());
  tester.SetParams(Beta(1.0f));
  tester.AddInput<int8_t>(DataType::kInt8, {2, 4}, {7, 7, 7, 7, -100, -100, -100, -100},
                          PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kInt8, {2, 4}, PerTensor(1.0f / 256, -128));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), std::vector<int8_t>(8, -64));
}

// Differences below diff_min contribute nothing and output the type minimum;
// the lone survivor's 256/256 saturates at the type maximum.
TEST(SoftmaxTest, UInt8DominantValueSaturates) {
  OpTester tester(Register_SOFTMAX());
  tester.SetParams(Beta(1.0f));
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 3}, {0, 255, 0}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kUInt8, {1, 3}, PerTensor(1.0f / 256, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{0, 255, 0}));
}

TEST(SoftmaxTest, Int8ToInt16HalfIsZero) {
  OpTester tester(Register_SOFTMAX());
  tester.SetParams(Beta(1.0f));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {3, 3}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt16, {1, 2}, PerTensor(1.0f / 65536, -32768));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{0, 0}));  // 0.5 * 65536 - 32768
}

TEST(SoftmaxErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {1, 2}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kInt8, {1, 2}, PerTensor(1.0f / 256, 0));
    ExpectRunError(tester, "(SOFTMAX): int8 output must have zero point -128 and scale 0.00390625");
  }
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2}, {1, 2}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kUInt8, {1, 2}, PerTensor(1.0f / 128, 0));
    ExpectRunError(tester, "uint8 output must have zero point 0 and scale 0.00390625");
  }
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2}, {1, 2}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kInt8, {1, 2}, PerTensor(1.0f / 256, -128));
    ExpectRunError(tester, "uint8 input with int8 output is not supported",
                   StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<float>(DataType::kFloat32, {}, {1});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectRunError(tester, "input must have at least one dimension");
  }
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<int16_t>(DataType::kInt16, {1, 2}, {1, 2}, PerTensor(0.001f, 4));
    tester.AddOutput(DataType::kInt16, {1, 2}, PerTensor(1.0f / 32768, 0));
    ExpectRunError(tester, "int16 input zero point must be 0, got 4");
  }
  {
    OpTester tester(Register_SOFTMAX());
    tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {1, 2});
    tester.AddOutput(DataType::kInt8, {1, 2}, PerTensor(1.0f / 256, -128));
    ExpectRunError(tester, "input has no quantization");
  }
}

// beta * s_in * 2^26 must exceed 1 (LiteRT's PreprocessSoftmaxScaling, in
// double; here from the floats' bits with the special cases compared in
// float): an infinite product is capped at 2^31 - 1 and runs; NaN, zero,
// negative and tiny products are refused. A negative beta over a negative
// scale is a positive product.
TEST(SoftmaxErrorTest, BetaTimesInputScaleSpecialValues) {
  struct Case {
    float beta, input_scale;
    bool runs;
  };
  const Case cases[] = {{INFINITY, 0.1f, true},  {1.0f, 0.1f, true},     {-1.0f, -0.1f, true},
                        {NAN, 0.1f, false},      {0.0f, 0.1f, false},    {-1.0f, 0.1f, false},
                        {-INFINITY, 0.1f, false}, {1e-30f, 0.1f, false}, {1.0f, 0x1p-27f, false},
                        {1.0f, 0x1p-26f, false}, {1.0f, 0x1p-25f, true}};
  for (const Case& c : cases) {
    OpTester tester(Register_SOFTMAX());
    tester.SetParams(Beta(c.beta));
    tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {1, 2}, PerTensor(c.input_scale, 0));
    tester.AddOutput(DataType::kInt8, {1, 2}, PerTensor(1.0f / 256, -128));
    if (c.runs) {
      EXPECT_TRUE(tester.Run().ok()) << c.beta << " " << c.input_scale;
    } else {
      ExpectRunError(tester, "beta * input scale", StatusCode::kUnsupported);
    }
  }
}

TEST(SoftmaxGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_SOFTMAX(), "SOFTMAX", single_op_golden::ActivationCases());
  EXPECT_GE(count, 10);
}

}  // namespace
}  // namespace brasa
