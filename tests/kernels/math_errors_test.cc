// Error paths of the element-wise math and activation kernels that a
// conformance case cannot reach (LiteRT rejects these models too).
#include <gtest/gtest.h>

#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;
using testing::PerTensor;

TEST(MathErrorsTest, FloorDivByZero) {
  OpTester tester(Register_FLOOR_DIV());
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {1, 2, 3});
  tester.AddInput<int32_t>(DataType::kInt32, {3}, {1, 0, 2});
  tester.AddOutput(DataType::kInt32, {3});
  ExpectNodeRunError(tester, "FLOOR_DIV", "division by zero (input 1, element 1)");
}

TEST(MathErrorsTest, FloorModIntByZero) {
  OpTester tester(Register_FLOOR_MOD());
  tester.AddInput<int64_t>(DataType::kInt64, {2}, {5, 7});
  tester.AddInput<int64_t>(DataType::kInt64, {1}, {0});
  tester.AddOutput(DataType::kInt64, {2});
  ExpectNodeRunError(tester, "FLOOR_MOD", "division by zero");
}

TEST(MathErrorsTest, DivQuantizedDivisorAtZeroPoint) {
  OpTester tester(Register_DIV());
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {10, 20}, PerTensor(0.1f, 0));
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {5, -3}, PerTensor(0.1f, -3));
  tester.AddOutput(DataType::kInt8, {2}, PerTensor(0.1f, 0));
  ExpectNodeRunError(tester, "DIV", "division by zero (input 1, element 1)");
}

TEST(MathErrorsTest, PowNegativeIntegerExponent) {
  OpTester tester(Register_POW());
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {2, 3});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {2, -1});
  tester.AddOutput(DataType::kInt32, {2});
  ExpectNodeRunError(tester, "POW", "negative int32 exponent -1");
}

TEST(MathErrorsTest, PreluAlphaMustBroadcastToInput) {
  OpTester tester(Register_PRELU());
  tester.AddInput<float>(DataType::kFloat32, {1, 3}, {1, 2, 3});
  tester.AddInput<float>(DataType::kFloat32, {2, 1}, {0.1f, 0.2f});
  tester.AddOutput(DataType::kFloat32, {2, 3});
  ExpectNodeRunError(tester, "PRELU", "does not broadcast to the input shape [1,3]");
}

TEST(MathErrorsTest, LogSoftmaxInt8OutputQuantization) {
  OpTester tester(Register_LOG_SOFTMAX());
  tester.AddInput<int8_t>(DataType::kInt8, {1, 4}, {1, 2, 3, 4}, PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kInt8, {1, 4}, PerTensor(1.0f / 16, 0));
  ExpectNodeRunError(tester, "LOG_SOFTMAX", "scale 16/256 and zero point 127");
}

TEST(MathErrorsTest, LeakyReluInt16ZeroPoint) {
  OpTester tester(Register_LEAKY_RELU());
  tester.SetParams(LeakyReluParams{0.2f});
  tester.AddInput<int16_t>(DataType::kInt16, {2}, {1, 2}, PerTensor(0.1f, 3));
  tester.AddOutput(DataType::kInt16, {2}, PerTensor(0.1f, 0));
  ExpectNodeRunError(tester, "LEAKY_RELU", "must be 0");
}

TEST(MathErrorsTest, AddNShapesMustMatch) {
  OpTester tester(Register_ADD_N());
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddOutput(DataType::kFloat32, {2});
  ExpectNodeRunError(tester, "ADD_N", "input 1 is float32[3]");
}

TEST(MathErrorsTest, SquaredDifferenceRejectsUInt8) {
  OpTester tester(Register_SQUARED_DIFFERENCE());
  tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1}, PerTensor(0.1f, 0));
  tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1}, PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kUInt8, {1}, PerTensor(0.1f, 0));
  ExpectNodeRunError(tester, "SQUARED_DIFFERENCE", "uint8 is not supported",
                     StatusCode::kUnsupported);
}

TEST(MathErrorsTest, RsqrtInt8NegativeInput) {
  OpTester tester(Register_RSQRT());
  tester.AddInput<int8_t>(DataType::kInt8, {3}, {10, -6, 20}, PerTensor(0.1f, -5));
  tester.AddOutput(DataType::kInt8, {3}, PerTensor(0.05f, -128));
  ExpectNodeRunError(tester, "RSQRT", "input element 1 is negative");
}

// 1 / (sqrt(1) * 2^20) needs a right shift of 39 once Eval's headroom is
// taken off: rejected in Prepare rather than shifted out of range.
TEST(MathErrorsTest, RsqrtInt8RejectsTinyOutputMultiplier) {
  OpTester tester(Register_RSQRT());
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {10, 20}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {2}, PerTensor(1048576.0f, 0));
  ExpectNodeRunError(tester, "RSQRT", "output multiplier", StatusCode::kUnsupported);
}

TEST(MathErrorsTest, ExpInt16NeedsZeroPointZero) {
  OpTester tester(Register_EXP());
  tester.AddInput<int16_t>(DataType::kInt16, {2}, {1, 2}, PerTensor(0.001f, 5));
  tester.AddOutput(DataType::kInt16, {2}, PerTensor(0.001f, 0));
  ExpectNodeRunError(tester, "EXP", "must be 0");
}

}  // namespace
}  // namespace brasa
