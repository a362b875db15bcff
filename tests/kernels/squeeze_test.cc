#include <gtest/gtest.h>

#include <string>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_SQUEEZE();

namespace {

using testing::OpTester;

constexpr int32_t kSqueezeCode = 43;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "SQUEEZE", text);
}

TEST(SqueezeTest, AllSizeOneDimensions) {
  OpTester tester(Register_SQUEEZE(), kSqueezeCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 1, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 3}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(SqueezeTest, ListedDimensionsWithNegativeAndRepeat) {
  OpTester tester(Register_SQUEEZE(), kSqueezeCode);
  SqueezeParams params;
  params.num_dims = 3;
  params.dims[0] = 0;
  params.dims[1] = -2;
  params.dims[2] = 2;  // the same dimension as -2
  tester.SetParams(params);
  tester.AddInput<int16_t>(DataType::kInt16, {1, 2, 1, 1}, {-7, 9});
  tester.AddOutput(DataType::kInt16, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 1}));
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{-7, 9}));
}

TEST(SqueezeTest, ListedDimensionMustBeOne) {
  OpTester tester(Register_SQUEEZE(), kSqueezeCode);
  SqueezeParams params;
  params.num_dims = 1;
  params.dims[0] = 1;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "cannot squeeze dimension 1 of size 2");
}

TEST(SqueezeTest, ListedDimensionOutOfRange) {
  OpTester tester(Register_SQUEEZE(), kSqueezeCode);
  SqueezeParams params;
  params.num_dims = 1;
  params.dims[0] = -3;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "squeeze dimension -3 is out of range for rank 2");
}

TEST(SqueezeTest, OutputTypeMustMatch) {
  OpTester tester(Register_SQUEEZE(), kSqueezeCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
  tester.AddOutput(DataType::kInt32, {});
  ExpectError(tester.Run(), "output type int32 differs");
}

}  // namespace
}  // namespace brasa
