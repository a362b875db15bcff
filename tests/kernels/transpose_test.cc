#include <gtest/gtest.h>

#include <string>

#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_TRANSPOSE();

namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kTransposeCode = 39;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "TRANSPOSE", text);
}

TEST(TransposeTest, Float2D) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {1, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(TransposeTest, Int8NchwToNhwc) {
  // Input value = 4c + 2h + w; output (h, w, c) holds the same value.
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<int8_t>(DataType::kInt8, {1, 3, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
                          PerTensor(0.5f, -1));
  tester.AddConstInput<int32_t>(DataType::kInt32, {4}, {0, 2, 3, 1});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -1));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 2, 3}));
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
}

TEST(TransposeTest, Int16ThreeDimensions) {
  // [2,3,2] with perm {2,0,1}: out[k][i][j] = in[i][j][k] = 6i + 2j + k.
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  std::vector<int16_t> input(12);
  for (int16_t v = 0; v < 12; ++v) input[static_cast<size_t>(v)] = v;
  tester.AddInput<int16_t>(DataType::kInt16, {2, 3, 2}, input);
  tester.AddConstInput<int32_t>(DataType::kInt32, {3}, {2, 0, 1});
  tester.AddOutput(DataType::kInt16, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 2, 3}));
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}));
}

TEST(TransposeTest, Int64SixDimensions) {
  // Reversing [1,1,2,1,1,2]: out[b][a] = in[a][b] over the two size-2 dims.
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<int64_t>(DataType::kInt64, {1, 1, 2, 1, 1, 2},
                           {int64_t{1} << 40, 2, 3, -(int64_t{1} << 50)});
  tester.AddConstInput<int32_t>(DataType::kInt32, {6}, {5, 4, 3, 2, 1, 0});
  tester.AddOutput(DataType::kInt64, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 1, 1, 2, 1, 1}));
  EXPECT_EQ(tester.Output<int64_t>(),
            (std::vector<int64_t>{int64_t{1} << 40, 3, 2, -(int64_t{1} << 50)}));
}

TEST(TransposeTest, RepeatedPermutationEntry) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {0, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "permutation entry 1 (0) is out of range or repeated");
}

TEST(TransposeTest, PermutationEntryOutOfRange) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {-1, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "permutation entry 0 (-1) is out of range");
}

TEST(TransposeTest, PermutationSizeMustMatchRank) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {3}, {0, 1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "permutation has shape [3], expected [2]");
}

TEST(TransposeTest, SevenDimensionsAreUnsupported) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1, 1, 1, 1}, {1});
  tester.AddConstInput<int32_t>(DataType::kInt32, {7}, {0, 1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectError(status, "input has rank 7, at most 6 supported");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(TransposeTest, RuntimePermutationIsUnsupported) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {1, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "permutation is not a constant tensor");
}

TEST(TransposeTest, WrongInputCount) {
  OpTester tester(Register_TRANSPOSE(), kTransposeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "expects 2 inputs and 1 output, got 1 and 1");
}

}  // namespace
}  // namespace brasa
