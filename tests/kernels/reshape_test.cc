#include <gtest/gtest.h>

#include <string>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_RESHAPE();

namespace {

using testing::ExpectNodeError;
using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kReshapeCode = 22;

TEST(ReshapeTest, ShapeInputWithInferredDimension) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {3, -1});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(ReshapeTest, OptionsWhenNoShapeInput) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  ReshapeParams params;
  params.num_dims = 3;
  params.shape[0] = 1;
  params.shape[1] = 6;
  params.shape[2] = 1;
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, {2, 3}, {-128, -1, 0, 1, 2, 127}, PerTensor(0.5f, 3));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, 3));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 6, 1}));
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-128, -1, 0, 1, 2, 127}));
}

TEST(ReshapeTest, ShapeInputWinsOverOptions) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  ReshapeParams params;
  params.num_dims = 2;
  params.shape[0] = 2;
  params.shape[1] = 2;
  tester.SetParams(params);
  tester.AddInput<int16_t>(DataType::kInt16, {4}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {3}, {1, -1, 1});
  tester.AddOutput(DataType::kInt16, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 4, 1}));
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{1, 2, 3, 4}));
}

TEST(ReshapeTest, NonVectorShapeInputFallsBackToOptions) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  ReshapeParams params;
  params.num_dims = 1;
  params.shape[0] = -1;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 1}, {4});  // 2-D: ignored, as in LiteRT
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{4}));
}

TEST(ReshapeTest, LegacyZeroOptionMeansScalar) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  ReshapeParams params;
  params.num_dims = 1;
  params.shape[0] = 0;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 1}, {7.5f});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{7.5f}));
}

TEST(ReshapeTest, ElementCountMismatch) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {4, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "RESHAPE", "input has 6 elements, the new shape [4,2] has 8");
}

TEST(ReshapeTest, InferredDimensionMustDivide) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {4, -1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "RESHAPE", "input has 6 elements");
}

TEST(ReshapeTest, TwoInferredDimensions) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {-1, -1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "RESHAPE", "more than one -1");
}

TEST(ReshapeTest, RuntimeShapeInputIsUnsupported) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {3, 2});
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectNodeError(status, "RESHAPE", "shape input is not a constant");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(ReshapeTest, OutputTypeMustMatch) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {2});
  tester.AddOutput(DataType::kInt8, {});
  ExpectNodeError(tester.Run(), "RESHAPE", "output type int8 differs from input type float32");
}

TEST(ReshapeTest, WrongInputCount) {
  OpTester tester(Register_RESHAPE(), kReshapeCode);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "RESHAPE", "expects 1 or 2 inputs");
}

}  // namespace
}  // namespace brasa
