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

TEST(SubTest, FloatBroadcastAndReluN1To1) {
  OpTester tester(Register_SUB());
  tester.SetParams(ElementwiseOptions(Activation::kReluN1To1));
  tester.AddInput<float>(DataType::kFloat32, {3}, {0.25f, 5.0f, -1.0f});
  tester.AddInput<float>(DataType::kFloat32, {2, 1}, {0.5f, -0.5f});
  tester.AddOutput(DataType::kFloat32, {2, 3});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{-0.25f, 1.0f, -1.0f, 0.75f, 1.0f, -0.5f}));
}

// s1 = s2 = 0.5, s_out = 1: differences of +-0.5 and +-1.5 are ties, taken
// away from zero by the output RoundingDivideByPOT.
TEST(SubTest, Int8TiesRoundAwayFromZero) {
  OpTester tester(Register_SUB());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int8_t>(DataType::kInt8, {5}, {3, -3, 1, -1, -128}, PerTensor(0.5f, 0));
  tester.AddInput<int8_t>(DataType::kInt8, {5}, {0, 0, 0, 0, 127}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt8, {5}, PerTensor(1.0f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{2, -2, 1, -1, -128}));
}

TEST(SubTest, UInt8WithRelu6) {
  OpTester tester(Register_SUB());
  tester.SetParams(ElementwiseOptions(Activation::kRelu6));
  // out scale 0.1, zp 10: RELU6 range [10, 70].
  tester.AddInput<uint8_t>(DataType::kUInt8, {4}, {130, 120, 250, 131}, PerTensor(0.1f, 128));
  tester.AddInput<uint8_t>(DataType::kUInt8, {4}, {28, 40, 0, 30}, PerTensor(0.1f, 30));
  tester.AddOutput(DataType::kUInt8, {4}, PerTensor(0.1f, 10));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{14, 10, 70, 13}));
}

TEST(SubTest, Int32Plain) {
  OpTester tester(Register_SUB());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {10, -5, 100000});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {7});
  tester.AddOutput(DataType::kInt32, {3});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{3, -12, 99993}));
}

// Power-of-two int16 scales: the second input is shifted right by 3 (ties
// away from zero), then subtracted with int16 saturation.
TEST(SubTest, Int16PowerOfTwoScales) {
  OpTester tester(Register_SUB());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int16_t>(DataType::kInt16, {4}, {0, 0, 100, -32768}, PerTensor(1.0f / 1024, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {4}, {12, -12, 3, 8}, PerTensor(1.0f / 8192, 0));
  tester.AddOutput(DataType::kInt16, {4}, PerTensor(1.0f / 1024, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{-2, 2, 100, -32768}));
}

TEST(SubErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_SUB());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(2e6f, 0));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "(SUB): output multiplier", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_SUB());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddOutput(DataType::kInt32, {2});
    ExpectRunError(tester, "inputs are float32 and float32, output is int32");
  }
  {
    OpTester tester(Register_SUB());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1}, PerTensor(1.0f, 300));
    tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kUInt8, {1}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "input 0 zero point 300 is out of range [0, 255] for uint8");
  }
  {
    OpTester tester(Register_SUB());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int64_t>(DataType::kInt64, {1}, {1});
    tester.AddInput<int64_t>(DataType::kInt64, {1}, {1});
    tester.AddOutput(DataType::kInt64, {1});
    ExpectRunError(tester, "type int64 is not supported", StatusCode::kUnsupported);
  }
}

TEST(SubGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_SUB(), "SUB", single_op_golden::BinaryCases());
  EXPECT_GE(count, 7);
}

}  // namespace
}  // namespace brasa
