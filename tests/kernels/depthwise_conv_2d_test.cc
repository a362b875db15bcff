#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/conv_golden_test_util.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/weighted_op_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

DepthwiseConvParams Params(Padding padding, int stride, int dilation = 1,
                           int depth_multiplier = 1,
                           Activation activation = Activation::kNone) {
  return DepthwiseConvParams{padding, stride, stride, dilation, dilation, depth_multiplier,
                             activation};
}

void ExpectError(OpTester& tester, const std::string& text,
                 StatusCode code = StatusCode::kInvalidModel) {
  testing::ExpectNodeRunError(tester, "DEPTHWISE_CONV_2D", text, code);
}

// Input channel 0 holds 1..4, channel 1 holds 10..40; output channel
// oc = ic * 2 + m. Filter taps (0,0) (0,1) (1,0) (1,1) per output channel:
// oc0 all ones, oc1 only (0,0), oc2 all ones, oc3 only (1,1).
OpTester FloatMultiplier2(int option_depth_multiplier) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 1, option_depth_multiplier));
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 2, 2, 4},
                              {1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1});
  tester.AddConstInput<float>(DataType::kFloat32, {4}, {0.5f, 0, 0, -40});
  tester.AddOutput(DataType::kFloat32, {});
  return tester;
}

TEST(DepthwiseConv2dTest, FloatDepthMultiplier2) {
  OpTester tester = FloatMultiplier2(2);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 1, 1, 4}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{10.5f, 1, 100, 0}));
}

TEST(DepthwiseConv2dTest, DepthMultiplierOptionIsIgnoredLikeLiteRt) {
  // LiteRT derives the multiplier as C_out / C_in; the option does not matter.
  OpTester tester = FloatMultiplier2(1);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{10.5f, 1, 100, 0}));
}

TEST(DepthwiseConv2dTest, FloatSameDilatedSkipsOutOfImageTaps) {
  // Dilation 2 makes the 2x2 filter span 3x3; SAME pads 1 before.
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kSame, 1, 2));
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 1, 1, 1});
  tester.AddOmittedInput();
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 3, 3, 1}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{5, 10, 5, 10, 20, 10, 5, 10, 5}));
}

TEST(DepthwiseConv2dTest, FloatStride2Relu6) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 2, 1, 1, Activation::kRelu6));
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, -2, 3, 4, 5, 6, -7, 8, 9});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {2});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 2, 1}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{2, 6, 0, 6}));
}

// 1x1 depthwise over x = {-6, -2, 1, 5} in both channels (input zero point 3),
// filter {1, 2}: channel 0 has M = 0.25 (QUANTIZATION.md §1.6 table).
OpTester Int8Depthwise(std::vector<float> filter_scales, int32_t dimension = 3) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 4, 2}, {-3, -3, 1, 1, 4, 4, 8, 8},
                          PerTensor(0.5f, 3));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 2}, {1, 2},
                               PerChannel(std::move(filter_scales), dimension));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 10));
  return tester;
}

TEST(DepthwiseConv2dTest, Int8PerChannelDoubleRounding) {
  OpTester tester = Int8Depthwise({0.5f, 0.25f});
  ASSERT_TRUE(tester.Run().ok());
  // Channel 1: M = 0.125, acc = 2x -> -2, -1, 0, 1.
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 8, 9, 9, 11, 10, 12, 11}));
}

TEST(DepthwiseConv2dTest, Int8PerTensor) {
  OpTester tester = Int8Depthwise({0.5f});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 7, 9, 9, 11, 11, 12, 13}));
}

TEST(DepthwiseConv2dTest, UInt8AppliesFilterZeroPoint) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  testing::AddUInt8FilterZeroPointCase(tester);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{106, 95}));
}

TEST(DepthwiseConv2dTest, UInt8MultiplierRoundsScaleProductToFloat) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  testing::AddUInt8ScaleProductCase(tester);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{130}));
}

// int16 activations, int8 weights: always an int64 accumulator and the
// single-rounding MBQM of §1.6 (§2.2). x = {-6, -2, 1, 5}, depth multiplier 2,
// w = {1, 2} with scales {0.5, 0.25}: M = 0.25 and 0.125.
OpTester Int16Depthwise(bool has_bias) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 1, 2));
  tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 4, 1}, {-6, -2, 1, 5}, PerTensor(0.5f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 2}, {1, 2},
                               PerChannel({0.5f, 0.25f}, 3));
  if (has_bias) {
    tester.AddConstInput<int64_t>(DataType::kInt64, {2}, {1, -1}, PerChannel({0.25f, 0.125f}, 0));
  }
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
  return tester;
}

TEST(DepthwiseConv2dTest, Int16Int64AccumulatorSingleRounding) {
  OpTester with_bias = Int16Depthwise(true);
  ASSERT_TRUE(with_bias.Run().ok());
  // acc = x + 1 and 2x - 1: -1.25 -1.625, -0.25 -0.625, 0.5 0.125, 1.5 1.125,
  // rounded half up (§1.6).
  EXPECT_EQ(with_bias.Output<int16_t>(), (std::vector<int16_t>{-1, -2, 0, -1, 1, 0, 2, 1}));
  // No bias: both channels -1.5, -0.5, 0.25, 1.25 -> -1, 0, 0, 1 (the §1.4
  // double rounding of int8 would give -2, -1, 1, 2).
  OpTester without_bias = Int16Depthwise(false);
  ASSERT_TRUE(without_bias.Run().ok());
  EXPECT_EQ(without_bias.Output<int16_t>(), (std::vector<int16_t>{-1, -1, 0, 0, 0, 0, 1, 1}));
}

TEST(DepthwiseConv2dTest, Int16ClampsToActivationRange) {
  // M = 1: y = 100 * x; RELU_N1_TO_1 with s_out 2^-9 clamps to [-512, 512].
  for (Activation activation : {Activation::kNone, Activation::kReluN1To1}) {
    OpTester tester(Register_DEPTHWISE_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1, 1, 1, activation));
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 3, 1}, {-300, 3, 200},
                             PerTensor(1.0f / 1024, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {100}, PerTensor(2.0f, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(2.0f / 1024, 0));
    ASSERT_TRUE(tester.Run().ok());
    const std::vector<int16_t> expected = activation == Activation::kNone
                                              ? std::vector<int16_t>{-30000, 300, 20000}
                                              : std::vector<int16_t>{-512, 300, 512};
    EXPECT_EQ(tester.Output<int16_t>(), expected);
  }
}

TEST(DepthwiseConv2dTest, MatchesLiteRtReference) {
  testing::RunConvGoldenCases("DEPTHWISE_CONV_2D", Register_DEPTHWISE_CONV_2D());
}

// ---- Errors ----

TEST(DepthwiseConv2dTest, RejectsOutputChannelsNotMultipleOfInput) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 2}, {1, 2});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 1, 3}, {1, 2, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "filter has 3 output channels, not a multiple of the 2 input channels");
}

TEST(DepthwiseConv2dTest, RejectsFilterWithLeadingDimension) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 1, 1, 1}, {1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "filter must be [1, H, W, C_out], got [2,1,1,1]");
}

TEST(DepthwiseConv2dTest, RejectsPerChannelAlongWrongDimension) {
  OpTester tester = Int8Depthwise({0.5f, 0.25f}, 0);
  ExpectError(tester, "filter is quantized along dimension 0, expected 3");
}

TEST(DepthwiseConv2dTest, RejectsWrongInputCountAndTypes) {
  {
    OpTester tester(Register_DEPTHWISE_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "expected 2 or 3 inputs");
  }
  {
    OpTester tester(Register_DEPTHWISE_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1));
    tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "filter type uint8 does not match input type int8");
  }
}

TEST(DepthwiseConv2dTest, RejectsInvalidInt16Models) {
  {
    // LiteRT's int16 depthwise takes an int64 bias only (§2.2).
    OpTester tester(Register_DEPTHWISE_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1));
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "bias type int32 is not int64 (required with int16 input)");
  }
  {
    OpTester tester(Register_DEPTHWISE_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1));
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, -2));
    ExpectError(tester, "output zero point is -2; int16 activations must have zero point 0");
  }
}

TEST(DepthwiseConv2dTest, RejectsBiasOfWrongLength) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 2}, {1, 2});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 1, 2}, {1, 2});
  tester.AddConstInput<float>(DataType::kFloat32, {1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "bias has 1 elements, expected 2");
}

TEST(DepthwiseConv2dTest, RejectsUnsupportedActivation) {
  OpTester tester(Register_DEPTHWISE_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 1, 1, Activation::kSignBit));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "fused activation 5 is not supported", StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
