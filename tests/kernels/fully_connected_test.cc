#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/conv_golden_test_util.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

FullyConnectedParams Params(Activation activation = Activation::kNone,
                            bool keep_num_dims = false) {
  return FullyConnectedParams{activation, keep_num_dims, false};
}

void ExpectError(OpTester& tester, const std::string& text,
                 StatusCode code = StatusCode::kInvalidModel) {
  testing::ExpectNodeRunError(tester, "FULLY_CONNECTED", text, code);
}

OpTester FloatFullyConnected(Activation activation) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params(activation));
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 3}, {1, 0, -1, 0.5f, 0.5f, 0.5f});
  tester.AddConstInput<float>(DataType::kFloat32, {2}, {1, -1});
  tester.AddOutput(DataType::kFloat32, {});
  return tester;
}

TEST(FullyConnectedTest, FloatWithBias) {
  OpTester tester = FloatFullyConnected(Activation::kNone);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{-1, 2, -1, 6.5f}));
}

TEST(FullyConnectedTest, FloatRelu) {
  OpTester tester = FloatFullyConnected(Activation::kRelu);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0, 2, 0, 6.5f}));
}

OpTester FloatFlattened(bool keep_num_dims) {
  // [1, 2, 1, 3] flattens to 2 batches of depth 3; no bias.
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params(Activation::kNone, keep_num_dims));
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 1, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 3}, {1, 1, 1, 0, 0, 2});
  tester.AddOmittedInput();
  tester.AddOutput(DataType::kFloat32, {});
  return tester;
}

TEST(FullyConnectedTest, FloatFlattensLeadingDimensions) {
  OpTester tester = FloatFlattened(false);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{6, 6, 15, 12}));
}

TEST(FullyConnectedTest, FloatKeepNumDims) {
  OpTester tester = FloatFlattened(true);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 1, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{6, 6, 15, 12}));
}

// Depth-1 products acc = w * x with x = {-6, -2, 1, 2, 5, 6} (zero point -3).
// LiteRT BUILTIN_REF requantizes in double with round-half-away (§2.3): at
// E = 0.25 that is -1.5 -> -2, -0.5 -> -1, 0.25 -> 0, 0.5 -> 1, 1.25 -> 1,
// 1.5 -> 2. (The fixed-point MBQM would give 1 for 0.25 and 2 for 1.25.)
const std::vector<int8_t> kInt8Input = {-9, -5, -2, -1, 2, 3};

TEST(FullyConnectedTest, Int8PerTensorRequantizesInDoubleAndUsesFilterZeroPoint) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<int8_t>(DataType::kInt8, {6, 1}, kInt8Input, PerTensor(0.5f, -3));
  // Per-tensor weights keep LiteRT's filter offset: w = 2 - 1 = 1.
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1}, {2}, PerTensor(0.5f, 1));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 10));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{6, 1}));
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{8, 9, 10, 11, 11, 12}));
}

TEST(FullyConnectedTest, Int8PerChannelIgnoresFilterZeroPoints) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<int8_t>(DataType::kInt8, {6, 1}, kInt8Input, PerTensor(0.5f, -3));
  Quantization filter_quant = PerChannel({0.5f, 0.25f}, 0);
  filter_quant.zero_points = {4, 4};
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1}, {1, 3}, filter_quant);
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 10));
  ASSERT_TRUE(tester.Run().ok());
  // Unit 1: E = 0.125, acc = 3x: -2.25, -0.75, 0.375, 0.75, 1.875, 2.25.
  EXPECT_EQ(tester.Output<int8_t>(),
            (std::vector<int8_t>{8, 8, 9, 9, 10, 10, 11, 11, 11, 12, 12, 12}));
}

TEST(FullyConnectedTest, Int8BiasAndRelu6Clamp) {
  // E = 1: y = x + bias + zp_out, clamped to RELU6's [Q(0), Q(6)] = [-20, -8].
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params(Activation::kRelu6));
  tester.AddInput<int8_t>(DataType::kInt8, {3, 1}, {-10, 4, 30}, PerTensor(0.5f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {1}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -20));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-20, -15, -8}));
}

TEST(FullyConnectedTest, UInt8AppliesFilterZeroPoint) {
  // w = 131 - 130 = 1, x = q - 128 = {-4, -2, -1, 3}, bias 2: acc = -2, 0, 1,
  // 5; E = 0.25 -> -0.5 -> -1, 0, 0.25 -> 0, 1.25 -> 1; + zp_out 100.
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<uint8_t>(DataType::kUInt8, {4, 1}, {124, 126, 127, 131}, PerTensor(0.5f, 128));
  tester.AddConstInput<uint8_t>(DataType::kUInt8, {1, 1}, {131}, PerTensor(0.5f, 130));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {2}, PerTensor(0.25f, 0));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 100));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{99, 100, 100, 101}));
}

// int16 activations, int8 weights: LiteRT BUILTIN_REF requantizes in double,
// y = round(double(acc) * E), ties away from zero (§2.3), with an int64
// accumulator for an int64 bias. E = 2^-10 * 2^-10 / 1 = 2^-20.
// Unit 0: acc = 2*1000 - 3 + bias 2^32 + 2^19 -> 4096.5019 -> 4097 (an int32
// accumulator would keep only 2^19 + 1997 -> 1). Unit 1: -128*1000 - 396288
// = -2^19 -> -0.5 -> -1 (the int64 MBQM of §1.6 would round the tie to 0).
TEST(FullyConnectedTest, Int16Int64BiasBeyondInt32) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<int16_t>(DataType::kInt16, {1, 2}, {1000, 3}, PerTensor(1.0f / 1024, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 2}, {2, -1, -128, 0},
                               PerTensor(1.0f / 1024, 0));
  tester.AddConstInput<int64_t>(DataType::kInt64, {2}, {(int64_t{1} << 32) + (1 << 19), -396288},
                                PerTensor(1.0f / 1048576, 0));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{4097, -1}));
}

TEST(FullyConnectedTest, Int16Int32BiasAndPerChannelClamp) {
  // Per-channel E = 2^-1, 2^-8 (s_in 2^-10, s_out 2^-12), int32 bias {0, 3}.
  // Row 0: 15000 and (127*30000 + 3) / 256 = 14882.8, both clamped by
  // RELU_N1_TO_1 to Q(1) = 4096. Row 1: -2.5 -> -3; (-635 + 3) / 256 = -2.47 -> -2.
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params(Activation::kReluN1To1));
  tester.AddInput<int16_t>(DataType::kInt16, {2, 1}, {30000, -5}, PerTensor(1.0f / 1024, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1}, {1, 127},
                               PerChannel({1.0f / 8, 1.0f / 1024}, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {0, 3},
                                PerChannel({1.0f / 8192, 1.0f / 1048576}, 0));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f / 4096, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{4096, 4096, -3, -2}));
}

TEST(FullyConnectedTest, MatchesLiteRtReference) {
  testing::RunConvGoldenCases("FULLY_CONNECTED", Register_FULLY_CONNECTED());
}

// ---- Errors ----

TEST(FullyConnectedTest, RejectsShuffledWeights) {
  OpTester tester = FloatFullyConnected(Activation::kNone);
  tester.SetParams(FullyConnectedParams{Activation::kNone, false, true});
  ExpectError(tester, "shuffled", StatusCode::kUnsupported);
}

TEST(FullyConnectedTest, RejectsInputNotMultipleOfDepth) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<float>(DataType::kFloat32, {1, 5}, {1, 2, 3, 4, 5});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "input has 5 elements, not a multiple of the filter depth 3");
}

TEST(FullyConnectedTest, RejectsKeepNumDimsWithMismatchedLastDimension) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params(Activation::kNone, true));
  tester.AddInput<float>(DataType::kFloat32, {3, 2}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<float>(DataType::kFloat32, {1, 3}, {1, 2, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester, "keep_num_dims");
}

TEST(FullyConnectedTest, RejectsFilterRankAndBiasLength) {
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
    tester.AddConstInput<float>(DataType::kFloat32, {1, 1, 2}, {1, 2});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "filter must be 2-D, has rank 3");
  }
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
    tester.AddConstInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
    tester.AddConstInput<float>(DataType::kFloat32, {2}, {1, 2});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "bias has 2 elements, expected 1");
  }
}

TEST(FullyConnectedTest, RejectsPerChannelScaleCount) {
  OpTester tester(Register_FULLY_CONNECTED());
  tester.SetParams(Params());
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1}, {1}, PerTensor(1.0f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 1}, {1, 2}, PerChannel({1, 1, 1}, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
  ExpectError(tester, "filter has 3 scales for 2 output channels");
}

TEST(FullyConnectedTest, RejectsTypeMismatchesAndInputCount) {
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<int8_t>(DataType::kInt8, {1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "output type uint8 does not match input type int8");
  }
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<int32_t>(DataType::kInt32, {1, 1}, {1});
    tester.AddConstInput<int32_t>(DataType::kInt32, {1, 1}, {1});
    tester.AddOutput(DataType::kInt32, {});
    ExpectError(tester, "input type int32 is not supported", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<float>(DataType::kFloat32, {1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {});
    ExpectError(tester, "expected 2 or 3 inputs");
  }
}

TEST(FullyConnectedTest, RejectsInvalidInt16Models) {
  {
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1}, {1}, PerTensor(1.0f, 5));
    tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "input zero point is 5; int16 activations must have zero point 0");
  }
  {
    // 16x16 (int16 weights) is a LiteRT kernel brasa does not implement.
    OpTester tester(Register_FULLY_CONNECTED());
    tester.SetParams(Params());
    tester.AddInput<int16_t>(DataType::kInt16, {1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddConstInput<int16_t>(DataType::kInt16, {1, 1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt16, {}, PerTensor(1.0f, 0));
    ExpectError(tester, "filter type int16 is not supported with int16 input (int8 only)",
                StatusCode::kUnsupported);
  }
}

}  // namespace
}  // namespace brasa
