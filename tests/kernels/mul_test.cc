#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/golden/binary_cases.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/single_op_test_util.h"

namespace brasa {
namespace {

using testing::ElementwiseOptions;
using testing::ExpectRunError;
using testing::OpTester;
using testing::PerTensor;
using testing::RunSingleOpCases;

TEST(MulTest, FloatBroadcastAndRelu) {
  OpTester tester(Register_MUL());
  tester.SetParams(ElementwiseOptions(Activation::kRelu));
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1.5f, -2.0f, 3.0f, 0.5f});
  tester.AddInput<float>(DataType::kFloat32, {2}, {2.0f, -4.0f});
  tester.AddOutput(DataType::kFloat32, {2, 2});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{3.0f, 8.0f, 6.0f, 0.0f}));
}

// M = 0.5 * 0.5 / 0.5 = 1/2: products of 3 and -3 are ties that the high
// multiply rounds toward +infinity (1.5 -> 2, -1.5 -> -1), §1.2.
TEST(MulTest, Int8TiesRoundTowardPositiveInfinity) {
  OpTester tester(Register_MUL());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int8_t>(DataType::kInt8, {4}, {3, -3, 1, -1}, PerTensor(0.5f, 0));
  tester.AddInput<int8_t>(DataType::kInt8, {4}, {1, 1, 5, 5}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt8, {4}, PerTensor(0.5f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{2, -1, 3, -2}));
}

// M = 1 * 1 / 0.25 = 4 > 1: the product is shifted left before the multiply.
TEST(MulTest, UInt8MultiplierAboveOne) {
  OpTester tester(Register_MUL());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<uint8_t>(DataType::kUInt8, {3}, {12, 10, 20}, PerTensor(1.0f, 10));
  tester.AddInput<uint8_t>(DataType::kUInt8, {3}, {7, 3, 30}, PerTensor(1.0f, 2));
  tester.AddOutput(DataType::kUInt8, {3}, PerTensor(0.25f, 100));
  ASSERT_TRUE(tester.Run().ok());
  // 2*5*4 = 40 -> 140; 0 -> 100; 10*28*4 = 1120 -> 255.
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{140, 100, 255}));
}

TEST(MulTest, Int16SymmetricWithRelu6) {
  OpTester tester(Register_MUL());
  tester.SetParams(ElementwiseOptions(Activation::kRelu6));
  // M = (1/256)(1/256)/(1/4096) = 1/16; RELU6 caps at 6 * 4096 = 24576.
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {256, -512, 32767}, PerTensor(1.0f / 256, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {512, 512, 32767}, PerTensor(1.0f / 256, 0));
  tester.AddOutput(DataType::kInt16, {3}, PerTensor(1.0f / 4096, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{8192, 0, 24576}));
}

TEST(MulTest, Int32WrapsAndClamps) {
  OpTester tester(Register_MUL());
  tester.SetParams(ElementwiseOptions(Activation::kReluN1To1));
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {0, -3, 4});
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {9, 2, 1});
  tester.AddOutput(DataType::kInt32, {3});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{0, -1, 1}));
}

TEST(MulErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_MUL());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "(MUL): int16 inputs with a int8 output", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_MUL());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1000.0f, 0));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1000.0f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(0.001f, 0));
    ExpectRunError(tester, "multiplier for the int32 product", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_MUL());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
    tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddOutput(DataType::kFloat32, {3});
    ExpectRunError(tester, "input shapes [3] and [2] cannot be broadcast");
  }
  {
    OpTester tester(Register_MUL());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "expects 2 inputs and 1 output, got 3 and 1");
  }
}

TEST(MulGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_MUL(), "MUL", single_op_golden::BinaryCases());
  EXPECT_GE(count, 7);
}

}  // namespace
}  // namespace brasa
