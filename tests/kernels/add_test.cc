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

TEST(AddTest, FloatBroadcastAndRelu6) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kRelu6));
  tester.AddInput<float>(DataType::kFloat32, {2, 1}, {1.5f, -10.0f});
  tester.AddInput<float>(DataType::kFloat32, {3}, {0.25f, 5.0f, -1.0f});
  tester.AddOutput(DataType::kFloat32, {2, 3});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 3}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1.75f, 6.0f, 0.5f, 0.0f, 0.0f, 0.0f}));
}

// s1 = s2 = 0.5, s_out = 1: M1 = M2 = 1/2, Mo = 2^-20. Sums of +-0.5 and
// +-1.5 land on ties, which the final RoundingDivideByPOT takes away from 0.
TEST(AddTest, Int8TiesRoundAwayFromZero) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int8_t>(DataType::kInt8, {6}, {1, -1, 1, -1, 127, -128}, PerTensor(0.5f, 0));
  tester.AddInput<int8_t>(DataType::kInt8, {6}, {2, -2, 0, 0, 127, -128}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt8, {6}, PerTensor(1.0f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{2, -2, 1, -1, 127, -128}));
}

TEST(AddTest, UInt8ZeroPointsAndRelu) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kRelu));
  // real a = 0.25 (q - 100), b = 0.25 (q - 50); out = 0.5 (q - 80), RELU >= 80.
  tester.AddInput<uint8_t>(DataType::kUInt8, {5}, {104, 100, 90, 101, 255}, PerTensor(0.25f, 100));
  tester.AddInput<uint8_t>(DataType::kUInt8, {5}, {54, 46, 50, 50, 255}, PerTensor(0.25f, 50));
  tester.AddOutput(DataType::kUInt8, {5}, PerTensor(0.5f, 80));
  ASSERT_TRUE(tester.Run().ok());
  // 2 -> 84, -1 -> 78 clamped to 80, -2.5 -> 80, 0.25 / 0.5 = 0.5 -> 81
  // (tie, away from zero), 90 / 0.5 = 180 -> 260 saturates at 255.
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{84, 80, 80, 81, 255}));
}

TEST(AddTest, Int32PlainSumWithRelu6) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kRelu6));
  tester.AddInput<int32_t>(DataType::kInt32, {2, 2}, {1, 2, -7, 40});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {3, 1});
  tester.AddOutput(DataType::kInt32, {2, 2});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{4, 3, 0, 6}));
}

// Power-of-two int16 scales (LiteRT's LSTM path): the finer input is
// shifted right onto the output scale, rounding ties away from zero.
TEST(AddTest, Int16PowerOfTwoScales) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int16_t>(DataType::kInt16, {5}, {6, -6, -2, 2, 32767}, PerTensor(1.0f / 4096, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {5}, {0, 0, 0, 0, 32767}, PerTensor(1.0f / 1024, 0));
  tester.AddOutput(DataType::kInt16, {5}, PerTensor(1.0f / 1024, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{2, -2, -1, 1, 32767}));
}

// A right shift of 16 or more hits gemmlowp's int16 mask wrap: every input
// >= 0 (zero included) becomes 1 and every negative one -1 (§1.3).
TEST(AddTest, Int16PowerOfTwoLargeShiftQuirk) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kNone));
  tester.AddInput<int16_t>(DataType::kInt16, {4}, {0, 5, -3, 100}, PerTensor(1.0f / (1 << 26), 0));
  tester.AddInput<int16_t>(DataType::kInt16, {4}, {5, 5, 5, 5}, PerTensor(1.0f / 1024, 0));
  tester.AddOutput(DataType::kInt16, {4}, PerTensor(1.0f / 1024, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{6, 6, 4, 6}));
}

// With pot_scale_int16 off, int16 uses the general path (left shift 15).
TEST(AddTest, Int16GeneralPathWhenPotDisabled) {
  OpTester tester(Register_ADD());
  tester.SetParams(ElementwiseOptions(Activation::kNone, /*pot_scale_int16=*/false));
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {6, -6, 1000}, PerTensor(1.0f / 4096, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {0, 0, 7}, PerTensor(1.0f / 1024, 0));
  tester.AddOutput(DataType::kInt16, {3}, PerTensor(1.0f / 1024, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{2, -2, 257}));
}

TEST(AddErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {2}, {1, 2}, PerTensor(1.0f, 0));
    tester.AddInput<uint8_t>(DataType::kUInt8, {2}, {1, 2}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {2}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "(ADD): inputs are int8 and uint8, output is int8; all must match");
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
    tester.AddInput<float>(DataType::kFloat32, {4, 3}, std::vector<float>(12, 0.0f));
    tester.AddOutput(DataType::kFloat32, {2, 3});
    ExpectRunError(tester, "input shapes [2,3] and [4,3] cannot be broadcast");
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1, 1, 1, 2}, {1, 2});
    tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddOutput(DataType::kFloat32, {2});
    ExpectRunError(tester, "inputs of rank 7 and 1; at most 6 supported", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddOutput(DataType::kFloat32, {2});
    ExpectRunError(tester, "expects 2 inputs and 1 output, got 1 and 1");
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1e6f, 0));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1e6f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1e-3f, 0));
    ExpectRunError(tester, "output multiplier", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.5f, 3));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.5f, 0));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(0.5f, 0));
    ExpectRunError(tester, "input 0 int16 zero point must be 0, got 3");
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f / 512, 0));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f / 512, 0));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(1.0f / 1024, 0));
    ExpectRunError(tester, "int16 power-of-two scales need one input scale equal to the output's",
                StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int16_t>(DataType::kInt16, {2}, {1, 2}, PerTensor(1.0f / 1024, 0));
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f / 1024, 0));
    tester.AddOutput(DataType::kInt16, {2}, PerTensor(1.0f / 1024, 0));
    ExpectRunError(tester, "int16 power-of-two scales with broadcasting", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kSignBit));
    tester.AddInput<float>(DataType::kFloat32, {1}, {1});
    tester.AddInput<float>(DataType::kFloat32, {1}, {1});
    tester.AddOutput(DataType::kFloat32, {1});
    ExpectRunError(tester, "fused activation 5 is not supported", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_ADD());
    tester.SetParams(ElementwiseOptions(Activation::kNone));
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1});
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {1}, PerTensor(1.0f, 0));
    ExpectRunError(tester, "input 0 of type int8 has no quantization");
  }
}

TEST(AddGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_ADD(), "ADD", single_op_golden::BinaryCases());
  EXPECT_GE(count, 10);
}

}  // namespace
}  // namespace brasa
