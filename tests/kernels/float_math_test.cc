// CEIL and ROUND have no conformance case: LiteRT's BUILTIN_REF resolver has
// neither kernel. Hand-checked values, including ROUND's ties to even.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;

std::vector<float> RunFloatOp(const OpKernel* kernel, const std::vector<float>& input) {
  OpTester tester(kernel);
  tester.AddInput<float>(DataType::kFloat32, {static_cast<int32_t>(input.size())}, input);
  tester.AddOutput(DataType::kFloat32, {static_cast<int32_t>(input.size())});
  EXPECT_TRUE(tester.Run().ok());
  return tester.Output<float>();
}

TEST(FloatMathTest, Ceil) {
  EXPECT_EQ(RunFloatOp(Register_CEIL(), {-2.5f, -0.25f, 0.0f, 1.0f, 1.001f}),
            (std::vector<float>{-2.0f, -0.0f, 0.0f, 1.0f, 2.0f}));
}

TEST(FloatMathTest, RoundHalfToEven) {
  EXPECT_EQ(RunFloatOp(Register_ROUND(), {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 2.4f, -2.6f}),
            (std::vector<float>{-2.0f, -2.0f, -0.0f, 0.0f, 2.0f, 2.0f, 2.0f, -3.0f}));
}

TEST(FloatMathTest, RejectsInt8) {
  OpTester tester(Register_SIN());
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, testing::PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kInt8, {1}, testing::PerTensor(0.1f, 0));
  testing::ExpectNodeRunError(tester, "SIN", "int8 is not supported", StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
