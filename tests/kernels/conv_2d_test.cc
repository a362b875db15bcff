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

ConvParams Params(Padding padding, int stride, int dilation = 1,
                  Activation activation = Activation::kNone) {
  return ConvParams{padding, stride, stride, dilation, dilation, activation};
}

void ExpectError(OpTester& tester, const std::string& text,
                 StatusCode code = StatusCode::kInvalidModel) {
  testing::ExpectNodeRunError(tester, "CONV_2D", text, code);
}

TEST(Conv2dTest, FloatValidWithoutBias) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
  tester.AddOmittedInput();
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 2, 1}));
  // 1*1+2*2+4*3+5*4 = 37, and so on.
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{37, 47, 67, 77}));
}

TEST(Conv2dTest, FloatSameStride2SkipsPaddingThenBiasAndRelu) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kSame, 2, 1, Activation::kRelu));
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 3, 3, 1}, std::vector<float>(9, 1.0f));
  tester.AddConstInput<float>(DataType::kFloat32, {1}, {-20});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 2, 1}));
  // Pad 1 before: window sums 12, 16, 24, 28; minus 20; RELU.
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0, 0, 4, 8}));
}

TEST(Conv2dTest, FloatDilation) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 2));
  std::vector<float> input(16);
  for (int i = 0; i < 16; ++i) input[i] = static_cast<float>(i);
  tester.AddInput<float>(DataType::kFloat32, {1, 4, 4, 1}, input);
  tester.AddConstInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 1, 1, 1});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 2, 1}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{20, 24, 36, 40}));
}

TEST(Conv2dTest, FloatGroupedConvolution) {
  // 4 input channels, filters of 2: two groups, one output channel each.
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 4}, {1, 2, 3, 4});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 1, 1, 2}, {1, 1, 10, 100});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{3, 430}));
}

TEST(Conv2dTest, FloatClampingActivations) {
  for (Activation activation : {Activation::kRelu6, Activation::kReluN1To1}) {
    OpTester tester(Register_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1, 1, activation));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 4, 1}, {-3, -0.5f, 0.5f, 7});
    tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {});
    ASSERT_TRUE(tester.Run().ok());
    const std::vector<float> expected = activation == Activation::kRelu6
                                            ? std::vector<float>{0, 0, 0.5f, 6}
                                            : std::vector<float>{-1, -0.5f, 0.5f, 1};
    EXPECT_EQ(tester.Output<float>(), expected);
  }
}

// 1x1 conv over x = {-6, -2, 1, 5} (input zero point 3), filter {1, 2}:
// channel 0 has M = 0.5*0.5/1 = 0.25, the QUANTIZATION.md §1.6 table
// (double rounding: -1.5 -> -2, -0.5 -> -1, 0.25 -> 1, 1.25 -> 2).
OpTester Int8Conv(std::vector<float> filter_scales, std::vector<int32_t> filter_zero_points) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 4, 1}, {-3, 1, 4, 8}, PerTensor(0.5f, 3));
  Quantization filter_quant = PerChannel(std::move(filter_scales), 0);
  filter_quant.zero_points = std::move(filter_zero_points);
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1, 1, 1}, {1, 2}, filter_quant);
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 10));
  return tester;
}

TEST(Conv2dTest, Int8PerChannelDoubleRounding) {
  OpTester tester = Int8Conv({0.5f, 0.25f}, {0, 0});
  ASSERT_TRUE(tester.Run().ok());
  // Channel 1: M = 0.125, acc = 2x -> -1.5, -0.5, 0.25, 1.25 -> -2, -1, 0, 1.
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 8, 9, 9, 11, 10, 12, 11}));
}

TEST(Conv2dTest, Int8IgnoresFilterZeroPoints) {
  OpTester tester = Int8Conv({0.5f, 0.25f}, {5, -7});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 8, 9, 9, 11, 10, 12, 11}));
}

TEST(Conv2dTest, Int8PerTensorBroadcastsScale) {
  OpTester tester = Int8Conv({0.5f}, {0});
  ASSERT_TRUE(tester.Run().ok());
  // Channel 1: M = 0.25 too, acc = 2x = -12, -4, 2, 10 -> -3, -1, 1, 3.
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 7, 9, 9, 11, 11, 12, 13}));
}

TEST(Conv2dTest, Int8BiasZeroPointAndRelu) {
  // M = 1 exactly; acc = x + 100, then + zp_out (-5), RELU clamps at zp_out.
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 1, Activation::kRelu));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 4, 1}, {-120, -3, 20, 127}, PerTensor(1.0f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {100}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, -5));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-5, 92, 115, 127}));
}

TEST(Conv2dTest, Int8Relu6Range) {
  // s_out 0.5, zp -10: RELU6 clamps to [Q(0), Q(6)] = [-10, 2].
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1, 1, Activation::kRelu6));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 3, 1}, {-20, 5, 20}, PerTensor(0.5f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -10));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-10, -5, 2}));
}

TEST(Conv2dTest, UInt8AppliesFilterZeroPoint) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  testing::AddUInt8FilterZeroPointCase(tester);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{106, 95}));
}

TEST(Conv2dTest, UInt8MultiplierRoundsScaleProductToFloat) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  testing::AddUInt8ScaleProductCase(tester);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{130}));
}

// ---- int16 activations, int8 weights (16x8) ----

// 1x1 conv, x = {-6, -2, 1, 5}, w = 1, M = 0.5 * 0.5 / 1 = 0.25 = (2^30, -1):
// the accumulator follows the bias type (§2.1), so an int32 bias gives the
// double-rounding MBQM of §1.4 and an int64 (or no) bias the single-rounding
// int64 MBQM of §1.6 (QUANTIZATION.md §1.6 table).
OpTester Int16Conv(bool has_bias, DataType bias_type = DataType::kInt64) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 4, 1}, {-6, -2, 1, 5}, PerTensor(0.5f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(0.5f, 0));
  if (has_bias && bias_type == DataType::kInt32) {
    tester.AddConstInput<int32_t>(bias_type, {1}, {0}, PerTensor(0.25f, 0));
  } else if (has_bias) {
    tester.AddConstInput<int64_t>(bias_type, {1}, {0}, PerTensor(0.25f, 0));
  }
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
  return tester;
}

TEST(Conv2dTest, Int16AccumulatorFollowsBiasType) {
  OpTester int32_bias = Int16Conv(true, DataType::kInt32);
  ASSERT_TRUE(int32_bias.Run().ok());
  EXPECT_EQ(int32_bias.Output<int16_t>(), (std::vector<int16_t>{-2, -1, 1, 2}));
  OpTester int64_bias = Int16Conv(true, DataType::kInt64);
  ASSERT_TRUE(int64_bias.Run().ok());
  EXPECT_EQ(int64_bias.Output<int16_t>(), (std::vector<int16_t>{-1, 0, 0, 1}));
  OpTester no_bias = Int16Conv(false);
  ASSERT_TRUE(no_bias.Run().ok());
  EXPECT_EQ(no_bias.Output<int16_t>(), (std::vector<int16_t>{-1, 0, 0, 1}));
}

TEST(Conv2dTest, Int16PerChannelInt64BiasAndActivations) {
  // s_in = s_out = 2^-12; filter scales 2^-7, 2^-8, so M = 2^-7, 2^-8.
  // Pixel 0: acc = 100*20000 + 50*-30000 + 12345 = 512345 -> 4002.70 -> 4003;
  //          -127*20000 + 1*-30000 - 5 = -2570005 -> -10039.08 -> -10039.
  // Pixel 1: 150*32767 + 12345 = 4927395 -> 38495.3 -> clamp 32767;
  //          -126*32767 - 5 = -4128647 -> -16127.53 -> -16128.
  // RELU6 clamps to [0, Q(6) = 24576].
  for (Activation activation : {Activation::kNone, Activation::kRelu6}) {
    OpTester tester(Register_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1, 1, activation));
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 2, 2}, {20000, -30000, 32767, 32767},
                             PerTensor(1.0f / 4096, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1, 1, 2}, {100, 50, -127, 1},
                                 PerChannel({1.0f / 128, 1.0f / 256}, 0));
    tester.AddConstInput<int64_t>(DataType::kInt64, {2}, {12345, -5},
                                  PerChannel({1.0f / 524288, 1.0f / 1048576}, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f / 4096, 0));
    ASSERT_TRUE(tester.Run().ok());
    const std::vector<int16_t> expected = activation == Activation::kNone
                                              ? std::vector<int16_t>{4003, -10039, 32767, -16128}
                                              : std::vector<int16_t>{4003, 0, 24576, 0};
    EXPECT_EQ(tester.Output<int16_t>(), expected);
  }
}

TEST(Conv2dTest, MatchesLiteRtReference) {
  testing::RunConvGoldenCases("CONV_2D", Register_CONV_2D());
}

// ---- Errors ----

OpTester FloatConv(Shape input_shape, Shape filter_shape,
                   DataType filter_type = DataType::kFloat32) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, input_shape,
                         std::vector<float>(static_cast<size_t>(ElementCount(input_shape))));
  tester.AddConstInput<float>(filter_type, filter_shape,
                              std::vector<float>(static_cast<size_t>(ElementCount(filter_shape))),
                              PerTensor(1.0f, 0));
  return tester;
}

TEST(Conv2dTest, RejectsWrongInputCount) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "expected 2 or 3 inputs");
}

TEST(Conv2dTest, RejectsMismatchedChannels) {
  OpTester tester = FloatConv({1, 3, 3, 3}, {4, 1, 1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "filter has 2 input channels, input has 3");
}

TEST(Conv2dTest, RejectsUnsupportedInputType) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int32_t>(DataType::kInt32, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt32, {}, PerTensor(1.0f, 0));
  ExpectError(tester, "input type int32 is not supported", StatusCode::kUnsupported);
}

// int16 input: zero point must be 0, filter int8, bias int32/int64, and the
// int64 MBQM (§1.6) takes shifts up to 7 (M = 256 needs 9).
OpTester Int16ErrorConv(int32_t input_zero_point, DataType filter_type, DataType bias_type,
                        float input_scale = 1.0f) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int16_t>(DataType::kInt16, {1, 1, 1, 1}, {1},
                           PerTensor(input_scale, input_zero_point));
  tester.AddConstInput<int8_t>(filter_type, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  if (bias_type == DataType::kInt64) {
    tester.AddConstInput<int64_t>(bias_type, {1}, {0}, PerTensor(1.0f, 0));
  } else {
    tester.AddConstInput<int8_t>(bias_type, {1}, {0}, PerTensor(1.0f, 0));
  }
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
  return tester;
}

TEST(Conv2dTest, RejectsInvalidInt16Models) {
  {
    OpTester tester = Int16ErrorConv(3, DataType::kInt8, DataType::kInt64);
    ExpectError(tester, "input zero point is 3; int16 activations must have zero point 0");
  }
  {
    OpTester tester = Int16ErrorConv(0, DataType::kUInt8, DataType::kInt64);
    ExpectError(tester, "filter type uint8 is not supported with int16 input (int8 only)");
  }
  {
    OpTester tester = Int16ErrorConv(0, DataType::kInt8, DataType::kInt8);
    ExpectError(tester, "bias type int8 is not int32 or int64 (required with int16 input)");
  }
  {
    OpTester tester = Int16ErrorConv(0, DataType::kInt8, DataType::kInt64, 256.0f);
    ExpectError(tester, "requantization multiplier 256 is too large", StatusCode::kUnsupported);
  }
}

// Float input with an int8 filter runs the hybrid path (conformance cases
// *_hybrid cover the arithmetic), which needs a symmetric filter.
TEST(Conv2dTest, RejectsAsymmetricHybridFilter) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1.0f});
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 3));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "hybrid filter zero point 3 is not 0");
}

TEST(Conv2dTest, RejectsHybridWithUint8Filter) {
  OpTester tester = FloatConv({1, 1, 1, 1}, {1, 1, 1, 1}, DataType::kUInt8);
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "hybrid kernel not supported", StatusCode::kUnsupported);
}

TEST(Conv2dTest, RejectsWrongBiasType) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<float>(DataType::kFloat32, {1}, {1});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
  ExpectError(tester, "bias type float32 is not int32");
}

TEST(Conv2dTest, RejectsBiasOfWrongLength) {
  OpTester tester = FloatConv({1, 2, 2, 1}, {2, 1, 1, 1});
  tester.AddConstInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "bias has 3 elements, expected 2");
}

TEST(Conv2dTest, RejectsPerChannelScaleCountAndDimension) {
  {
    OpTester tester = Int8Conv({0.5f, 0.25f, 0.125f}, {0, 0, 0});
    ExpectError(tester, "filter has 3 scales for 2 output channels");
  }
  {
    OpTester tester(Register_CONV_2D());
    tester.SetParams(Params(Padding::kValid, 1));
    tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 1, 2}, {1, 2}, PerTensor(1.0f, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1, 1, 2}, {1, 2, 3, 4},
                                 PerChannel({1.0f, 1.0f}, 3));
    tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "filter is quantized along dimension 3, expected 0");
  }
}

TEST(Conv2dTest, RejectsMissingQuantization) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1});
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
  ExpectError(tester, "input has no quantization parameters");
}

TEST(Conv2dTest, RejectsMismatchedUInt8BiasScale) {
  OpTester tester(Register_CONV_2D());
  tester.SetParams(Params(Padding::kValid, 1));
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {1}, PerTensor(0.5f, 128));
  tester.AddConstInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {1}, PerTensor(0.25f, 128));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 128));
  ExpectError(tester, "bias scale");
}

TEST(Conv2dTest, RejectsUnsupportedActivation) {
  OpTester tester = FloatConv({1, 1, 1, 1}, {1, 1, 1, 1});
  tester.SetParams(Params(Padding::kValid, 1, 1, Activation::kTanh));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "fused activation 4 is not supported", StatusCode::kUnsupported);
}

TEST(Conv2dTest, RejectsBadStrideAndOversizedValidFilter) {
  {
    OpTester tester = FloatConv({1, 2, 2, 1}, {1, 1, 1, 1});
    tester.SetParams(Params(Padding::kValid, 0));
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "must be positive");
  }
  {
    OpTester tester = FloatConv({1, 2, 2, 1}, {1, 3, 3, 1});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "gives no output");
  }
}

TEST(Conv2dTest, RejectsWrongRankAndOutputType) {
  {
    OpTester tester = FloatConv({2, 2, 1}, {1, 1, 1, 1});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "input must be 4-D");
  }
  {
    OpTester tester = FloatConv({1, 2, 2, 1}, {1, 1, 1, 1});
    tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "output type int8 does not match input type float32");
  }
}

}  // namespace
}  // namespace brasa
