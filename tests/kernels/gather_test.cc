// GATHER, GATHER_ND and SCATTER_ND: an index outside the input is bad input
// and must be an error from Invoke, never a read or write out of bounds.
#include <gtest/gtest.h>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_GATHER();
const OpKernel* Register_GATHER_ND();
const OpKernel* Register_SCATTER_ND();

namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;

TEST(GatherTest, GathersAlongAnAxis) {
  OpTester tester(Register_GATHER(), 36);
  GatherParams params;
  params.axis = 1;
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddInput<int32_t>(DataType::kInt32, {4}, {2, 0, 2, 1});
  tester.AddOutput(DataType::kInt8, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 4}));
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{3, 1, 3, 2, 6, 4, 6, 5}));
}

TEST(GatherTest, IndexPastTheEndIsAnError) {
  OpTester tester(Register_GATHER(), 36);
  tester.AddInput<float>(DataType::kFloat32, {3, 2}, {1, 2, 3, 4, 5, 6});
  tester.AddInput<int64_t>(DataType::kInt64, {2}, {0, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "GATHER", "index 3 is out of range [0, 3)");
}

TEST(GatherTest, NegativeIndexIsAnError) {
  OpTester tester(Register_GATHER(), 36);
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {-1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "GATHER", "index -1 is out of range");
}

TEST(GatherTest, FloatIndicesAreRejected) {
  OpTester tester(Register_GATHER(), 36);
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddInput<float>(DataType::kFloat32, {1}, {0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "GATHER", "indices must be int16, int32 or int64");
}

TEST(GatherNdTest, CoordinateOutsideItsAxisIsAnError) {
  OpTester tester(Register_GATHER_ND(), 107);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  // [0, 4] would land inside the flat buffer (element 4) but is outside axis 1.
  tester.AddInput<int32_t>(DataType::kInt32, {1, 2}, {0, 4});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "GATHER_ND", "coordinate 4 is outside axis 1 of size 3");
}

TEST(ScatterNdTest, DuplicateRowsAccumulate) {
  OpTester tester(Register_SCATTER_ND(), 122);
  tester.AddInput<int32_t>(DataType::kInt32, {3, 1}, {1, 3, 1});
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {5, 7, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {4});
  tester.AddOutput(DataType::kInt32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{0, 7, 0, 7}));
}

TEST(ScatterNdTest, RowOutsideTheOutputIsAnError) {
  OpTester tester(Register_SCATTER_ND(), 122);
  tester.AddInput<int32_t>(DataType::kInt32, {1, 1}, {4});
  tester.AddInput<float>(DataType::kFloat32, {1}, {1});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {4});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SCATTER_ND", "coordinate 4 is outside axis 0 of size 4");
}

}  // namespace
}  // namespace brasa
