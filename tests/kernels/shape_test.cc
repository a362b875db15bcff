// SHAPE and ZEROS_LIKE (the converter folds both away on static shapes, so no
// conformance case reaches them), and the shape-from-values ops (FILL, TILE,
// RANGE, WHERE), which brasa runs only on constants: a runtime input must be
// a clear kUnsupported error.
#include <gtest/gtest.h>

#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_SHAPE();
const OpKernel* Register_ZEROS_LIKE();
const OpKernel* Register_FILL();
const OpKernel* Register_TILE();
const OpKernel* Register_RANGE();
const OpKernel* Register_WHERE();

namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;

TEST(ShapeTest, WritesTheInputDimensions) {
  OpTester tester(Register_SHAPE(), 77);
  tester.AddInput<float>(DataType::kFloat32, {2, 1, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kInt64, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3}));
  EXPECT_EQ(tester.Output<int64_t>(), (std::vector<int64_t>{2, 1, 3}));
}

TEST(ShapeTest, FloatOutputIsRejected) {
  OpTester tester(Register_SHAPE(), 77);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SHAPE", "output must be int32 or int64");
}

TEST(ZerosLikeTest, ZeroesEveryElement) {
  OpTester tester(Register_ZEROS_LIKE(), 93);
  tester.AddInput<int32_t>(DataType::kInt32, {2, 2}, {5, -1, 7, 9});
  tester.AddOutput(DataType::kInt32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 2}));
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{0, 0, 0, 0}));
}

TEST(DynamicShapeTest, FillWithRuntimeDimsIsUnsupported) {
  OpTester tester(Register_FILL(), 94);
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {2, 3});
  tester.AddConstInput<float>(DataType::kFloat32, {}, {1.5f});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "FILL", "output shape depends on a non-constant input",
                     StatusCode::kUnsupported);
}

TEST(DynamicShapeTest, TileWithRuntimeMultiplesIsUnsupported) {
  OpTester tester(Register_TILE(), 69);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "TILE", "output shape depends on a non-constant input",
                     StatusCode::kUnsupported);
}

TEST(DynamicShapeTest, RangeWithRuntimeLimitIsUnsupported) {
  OpTester tester(Register_RANGE(), 96);
  tester.AddConstInput<int32_t>(DataType::kInt32, {}, {0});
  tester.AddInput<int32_t>(DataType::kInt32, {}, {5});
  tester.AddConstInput<int32_t>(DataType::kInt32, {}, {1});
  tester.AddOutput(DataType::kInt32, {});
  ExpectNodeRunError(tester, "RANGE", "output shape depends on a non-constant input",
                     StatusCode::kUnsupported);
}

TEST(DynamicShapeTest, RangeWithZeroDeltaIsAnError) {
  OpTester tester(Register_RANGE(), 96);
  tester.AddConstInput<float>(DataType::kFloat32, {}, {0.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {}, {5.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {}, {0.0f});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "RANGE", "empty or endless");
}

TEST(DynamicShapeTest, WhereWithRuntimeConditionIsUnsupported) {
  OpTester tester(Register_WHERE(), 109);
  tester.AddInput<uint8_t>(DataType::kBool, {3}, {1, 0, 1});
  tester.AddOutput(DataType::kInt64, {});
  ExpectNodeRunError(tester, "WHERE", "output shape depends on a non-constant input",
                     StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
