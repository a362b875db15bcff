// STRIDED_SLICE paths the conformance cases cannot reach: a runtime begin with
// offset, and invalid inputs that must be errors.
#include <gtest/gtest.h>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_STRIDED_SLICE();

namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;

constexpr int32_t kStridedSliceCode = 45;

// A 3x4 input holding 0..11; begin, end and strides given per test.
OpTester MakeTester(const StridedSliceParams& params, std::vector<int32_t> begin,
                    std::vector<int32_t> end, std::vector<int32_t> strides,
                    bool constant_begin = true) {
  OpTester tester(Register_STRIDED_SLICE(), kStridedSliceCode);
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  const int32_t n = static_cast<int32_t>(begin.size());
  tester.AddInput<int32_t>(DataType::kInt32, {n}, begin, {}, constant_begin);
  tester.AddConstInput<int32_t>(DataType::kInt32, {n}, end);
  tester.AddConstInput<int32_t>(DataType::kInt32, {n}, strides);
  tester.AddOutput(DataType::kFloat32, {});
  return tester;
}

TEST(StridedSliceTest, OffsetTakesARuntimeBegin) {
  StridedSliceParams params;
  params.offset = true;
  OpTester tester = MakeTester(params, {1, 2}, {2, 2}, {1, 1}, /*constant_begin=*/false);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{6, 7, 10, 11}));
}

TEST(StridedSliceTest, OffsetBeginThatLeavesTheInputIsAnError) {
  StridedSliceParams params;
  params.offset = true;
  OpTester tester = MakeTester(params, {2, 3}, {2, 2}, {1, 1}, /*constant_begin=*/false);
  ExpectNodeRunError(tester, "STRIDED_SLICE", "selects 1 elements, the output holds 2");
}

TEST(StridedSliceTest, RuntimeBeginWithoutOffsetIsUnsupported) {
  OpTester tester = MakeTester({}, {0, 0}, {2, 2}, {1, 1}, /*constant_begin=*/false);
  ExpectNodeRunError(tester, "STRIDED_SLICE", "non-constant input", StatusCode::kUnsupported);
}

TEST(StridedSliceTest, ZeroStrideIsAnError) {
  OpTester tester = MakeTester({}, {0, 0}, {2, 2}, {1, 0});
  ExpectNodeRunError(tester, "STRIDED_SLICE", "stride 0");
}

TEST(StridedSliceTest, ShrinkingAnAxisOutsideTheInputIsAnError) {
  StridedSliceParams params;
  params.shrink_axis_mask = 1;
  OpTester tester = MakeTester(params, {5, 0}, {6, 4}, {1, 1});
  ExpectNodeRunError(tester, "STRIDED_SLICE", "axis 0");
}

TEST(StridedSliceTest, NewAxisAndEllipsisExpandAroundTheInput) {
  StridedSliceParams params;
  params.ellipsis_mask = 1;   // x[..., newaxis, ::-2]
  params.new_axis_mask = 2;
  OpTester tester = MakeTester(params, {0, 0, 0}, {0, 0, 0}, {1, 1, -2});
  params.end_mask = 4;
  params.begin_mask = 4;
  tester.SetParams(params);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3, 1, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{3, 1, 7, 5, 11, 9}));
}

TEST(StridedSliceTest, Int64IndicesAreRejected) {
  OpTester tester(Register_STRIDED_SLICE(), kStridedSliceCode);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddConstInput<int64_t>(DataType::kInt64, {1}, {0});
  tester.AddConstInput<int64_t>(DataType::kInt64, {1}, {1});
  tester.AddConstInput<int64_t>(DataType::kInt64, {1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "STRIDED_SLICE", "must be 1-D int32");
}

}  // namespace
}  // namespace brasa
