#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

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

TEST(LogisticTest, FloatWithCutoffs) {
  OpTester tester(Register_LOGISTIC());
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {0.0f, 20.0f, -10.0f, 1.0f});
  tester.AddOutput(DataType::kFloat32, {2, 2});
  ASSERT_TRUE(tester.Run().ok());
  const std::vector<float> out = tester.Output<float>();
  EXPECT_EQ(out[0], 0.5f);
  EXPECT_EQ(out[1], 1.0f);                 // above 16.619...: exactly 1
  EXPECT_EQ(out[2], std::exp(-10.0f));     // below -9: exp(x)
  EXPECT_NEAR(out[3], 0.7310586f, 1e-6f);
}

// The 8-bit table: x = 0.1 q; 0 -> 0.5 = 128/256 -> 0; the ends saturate.
TEST(LogisticTest, Int8Table) {
  OpTester tester(Register_LOGISTIC());
  tester.AddInput<int8_t>(DataType::kInt8, {4}, {0, 127, -128, 10}, PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kInt8, {4}, PerTensor(1.0f / 256, -128));
  ASSERT_TRUE(tester.Run().ok());
  // sigmoid(1) * 256 = 187.15 -> 187 - 128 = 59.
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{0, 127, -128, 59}));
}

TEST(LogisticTest, UInt8Table) {
  OpTester tester(Register_LOGISTIC());
  tester.AddInput<uint8_t>(DataType::kUInt8, {3}, {128, 138, 118}, PerTensor(0.1f, 128));
  tester.AddOutput(DataType::kUInt8, {3}, PerTensor(1.0f / 256, 0));
  ASSERT_TRUE(tester.Run().ok());
  // 0.5 -> 128; sigmoid(+-1) * 256 = 187.15 / 68.85 -> 187 / 69.
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{128, 187, 69}));
}

// int16, power-of-two input scale 2^-12 (v = 3q): 0 -> 0.5 in Q15;
// x = +-8 -> sigmoid * 32768 = 32757.0 / 11.0.
TEST(LogisticTest, Int16Table) {
  OpTester tester(Register_LOGISTIC());
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {0, 32767, -32768}, PerTensor(1.0f / 4096, 0));
  tester.AddOutput(DataType::kInt16, {3}, PerTensor(1.0f / 32768, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{16384, 32757, 11}));
}

TEST(LogisticErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1.0f / 256, 0));
    ExpectRunError(tester, "(LOGISTIC): int8 output must have scale 1/256 and zero point -128");
  }
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.001f, 0));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(1.0f / 16384, 0));
    ExpectRunError(tester, "int16 output scale must be 2^-15");
  }
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.001f, 1));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(1.0f / 32768, 0));
    ExpectRunError(tester, "int16 zero points must be 0 (input 1, output 0)");
  }
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kUInt8, {1}, PerTensor(1.0f / 256, 0));
    ExpectRunError(tester, "output type uint8 differs from input type int8");
  }
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<int32_t>(DataType::kInt32, {1}, {1});
    tester.AddOutput(DataType::kInt32, {1});
    ExpectRunError(tester, "type int32 is not supported", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_LOGISTIC());
    tester.AddInput<float>(DataType::kFloat32, {1}, {1});
    tester.AddInput<float>(DataType::kFloat32, {1}, {1});
    tester.AddOutput(DataType::kFloat32, {1});
    ExpectRunError(tester, "expects 1 input and 1 output, got 2 and 1");
  }
}

TEST(LogisticGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_LOGISTIC(), "LOGISTIC", single_op_golden::ActivationCases());
  EXPECT_GE(count, 5);
}

}  // namespace
}  // namespace brasa
