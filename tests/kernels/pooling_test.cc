#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/golden/pooling_cases.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/single_op_golden_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

PoolParams Pool(Padding padding, int filter_h, int filter_w, int stride_h, int stride_w,
                Activation activation = Activation::kNone) {
  PoolParams params;
  params.padding = padding;
  params.filter_h = filter_h;
  params.filter_w = filter_w;
  params.stride_h = stride_h;
  params.stride_w = stride_w;
  params.activation = activation;
  return params;
}

TEST(AveragePool2DTest, FloatSameClipsWindowToImage) {
  OpTester tester(Register_AVERAGE_POOL_2D());
  tester.SetParams(Pool(Padding::kSame, 3, 3, 1, 1));
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  tester.AddOutput(DataType::kFloat32, {1, 3, 3, 1});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 3, 3, 1}));
  // Corners average 4 in-image taps, edges 6, the centre 9 (padding is never counted).
  EXPECT_EQ(tester.Output<float>(),
            (std::vector<float>{3.0f, 3.5f, 4.0f, 4.5f, 5.0f, 5.5f, 6.0f, 6.5f, 7.0f}));
}

TEST(AveragePool2DTest, FloatValidStrideAndRelu6) {
  OpTester tester(Register_AVERAGE_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 2, 2, 2, 2, Activation::kRelu6));
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 4, 1}, {10, 20, -1, -3, 0, 2, -5, 1});
  tester.AddOutput(DataType::kFloat32, {1, 1, 2, 1});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{6.0f, 0.0f}));  // 8 -> 6, -2 -> 0
}

// int8 rounds the raw sum half away from zero (§2.6); uint8 rounds half up.
TEST(AveragePool2DTest, Int8RoundsTiesAwayFromZero) {
  OpTester tester(Register_AVERAGE_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 1, 2, 1, 2));
  // Windows: {-1,-2} -> -1.5, {1,2} -> 1.5, {-1,0} -> -0.5, {-3,-4} -> -3.5
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 8, 1}, {-1, -2, 1, 2, -1, 0, -3, -4},
                          PerTensor(0.5f, 10));
  tester.AddOutput(DataType::kInt8, {1, 1, 4, 1}, PerTensor(0.5f, 10));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-2, 2, -1, -4}));
}

TEST(AveragePool2DTest, UInt8RoundsHalfUp) {
  OpTester tester(Register_AVERAGE_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 2, 2, 2, 2));
  // Sums 2 (0.5 -> 1), 6 (1.5 -> 2), 5 (1.25 -> 1).
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2, 6, 1}, {0, 1, 1, 2, 1, 1, 0, 1, 1, 2, 2, 1},
                           PerTensor(0.1f, 128));
  tester.AddOutput(DataType::kUInt8, {1, 1, 3, 1}, PerTensor(0.1f, 128));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{1, 2, 1}));
}

TEST(AveragePool2DTest, Int8ReluClampsAtZeroPoint) {
  OpTester tester(Register_AVERAGE_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 1, 1, 1, 1, Activation::kRelu));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1, 3, 1}, {-20, -5, 7}, PerTensor(0.25f, -5));
  tester.AddOutput(DataType::kInt8, {1, 1, 3, 1}, PerTensor(0.25f, -5));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-5, -5, 7}));
}

TEST(MaxPool2DTest, Int8SamePaddingIsNotZero) {
  OpTester tester(Register_MAX_POOL_2D());
  tester.SetParams(Pool(Padding::kSame, 3, 3, 1, 1));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 2, 2, 1}, {-5, -3, -7, -9}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {1, 2, 2, 1}, PerTensor(1.0f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-3, -3, -3, -3}));
}

TEST(MaxPool2DTest, FloatStridesChannelsAndBatches) {
  OpTester tester(Register_MAX_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 2, 2, 2, 2));
  tester.AddInput<float>(DataType::kFloat32, {2, 2, 2, 2},
                         {1, -1, 2, -2, 3, -3, 4, -4, -1, 5, -2, 6, -3, 7, -4, 8});
  tester.AddOutput(DataType::kFloat32, {2, 1, 1, 2});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{4, -1, -1, 8}));
}

TEST(MaxPool2DTest, UInt8Relu6Bounds) {
  OpTester tester(Register_MAX_POOL_2D());
  tester.SetParams(Pool(Padding::kValid, 1, 2, 1, 2, Activation::kRelu6));
  // scale 0.5, zp 100: RELU6 range is [100, 112].
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 1, 6, 1}, {10, 90, 200, 120, 105, 101},
                           PerTensor(0.5f, 100));
  tester.AddOutput(DataType::kUInt8, {1, 1, 3, 1}, PerTensor(0.5f, 100));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{100, 112, 105}));
}

void ExpectError(OpTester& tester, const std::string& text) {
  const Status status = tester.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(text), std::string::npos) << status.message();
}

TEST(Pool2DErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_AVERAGE_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 2, 2, 1, 1));
    tester.AddInput<float>(DataType::kFloat32, {2, 2, 1}, {1, 2, 3, 4});
    tester.AddOutput(DataType::kFloat32, {1});
    ExpectError(tester, "(AVERAGE_POOL_2D): input must be 4-D");
  }
  {
    OpTester tester(Register_MAX_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 2, 2, 1, 1));
    tester.AddInput<int8_t>(DataType::kInt8, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.5f, 1));
    tester.AddOutput(DataType::kInt8, {1, 1, 1, 1}, PerTensor(0.5f, 2));
    ExpectError(tester, "(MAX_POOL_2D): input quantization (scale 0.5, zero point 1) differs");
  }
  {
    OpTester tester(Register_AVERAGE_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 2, 2, 1, 1));
    tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.5f, 1));
    tester.AddOutput(DataType::kUInt8, {1, 1, 1, 1}, PerTensor(0.25f, 1));
    ExpectError(tester, "differs from the output's");
  }
  {
    OpTester tester(Register_AVERAGE_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 3, 2, 1, 1));
    tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
    tester.AddOutput(DataType::kFloat32, {1, 1, 1, 1});
    ExpectError(tester, "3x2 window does not fit the 2x2 input");
  }
  {
    OpTester tester(Register_AVERAGE_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 1, 1, 1, 1));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kInt8, {1, 1, 1, 1}, PerTensor(1.0f, 0));
    ExpectError(tester, "output type int8 differs from input type float32");
  }
  {
    OpTester tester(Register_MAX_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 1, 1, 1, 1));
    tester.AddInput<int32_t>(DataType::kInt32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kInt32, {1, 1, 1, 1});
    const Status status = tester.Run();
    EXPECT_EQ(status.code(), StatusCode::kUnsupported);
    EXPECT_NE(status.message().find("type int32 is not supported"), std::string::npos);
  }
  {
    OpTester tester(Register_MAX_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 1, 1, 0, 1));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {1, 1, 1, 1});
    ExpectError(tester, "stride 0x1 must be positive");
  }
  {
    OpTester tester(Register_MAX_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 1, 1, 1, 1));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {1, 1, 1, 1});
    ExpectError(tester, "expects 1 input and 1 output, got 2 and 1");
  }
  {
    OpTester tester(Register_AVERAGE_POOL_2D());
    tester.SetParams(Pool(Padding::kValid, 1, 1, 1, 1, Activation::kTanh));
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1}, {1});
    tester.AddOutput(DataType::kFloat32, {1, 1, 1, 1});
    ExpectError(tester, "fused activation 4 is not supported");
  }
}

TEST(Pool2DGoldenTest, MatchesLiteRTReference) {
  const auto& cases = single_op_golden::PoolingCases();
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    const std::string op = c.op;
    testing::ExpectSingleOpCase(
        op == "MAX_POOL_2D" ? Register_MAX_POOL_2D() : Register_AVERAGE_POOL_2D(), c);
  }
}

}  // namespace
}  // namespace brasa
