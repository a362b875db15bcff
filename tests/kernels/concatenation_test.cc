#include <gtest/gtest.h>

#include <string>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_CONCATENATION();

namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kConcatenationCode = 2;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "CONCATENATION", text);
}

OpTester MakeTester(int32_t axis, Activation activation = Activation::kNone) {
  OpTester tester(Register_CONCATENATION(), kConcatenationCode);
  ConcatenationParams params;
  params.axis = axis;
  params.activation = activation;
  tester.SetParams(params);
  return tester;
}

TEST(ConcatenationTest, FloatInnerAxis) {
  OpTester tester = MakeTester(1);
  tester.AddInput<float>(DataType::kFloat32, {2, 1}, {1, 2});
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 3}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1, 3, 4, 2, 5, 6}));
}

TEST(ConcatenationTest, FloatOuterAxisWithConstantInput) {
  OpTester tester = MakeTester(0);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1, 2});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3, 2}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(ConcatenationTest, NegativeAxisThreeInputs) {
  OpTester tester = MakeTester(-1);
  tester.AddInput<int32_t>(DataType::kInt32, {2, 1}, {1, 2});
  tester.AddInput<int32_t>(DataType::kInt32, {2, 1}, {3, 4});
  tester.AddInput<int32_t>(DataType::kInt32, {2, 2}, {5, 6, 7, 8});
  tester.AddOutput(DataType::kInt32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 4}));
  EXPECT_EQ(tester.Output<int32_t>(), (std::vector<int32_t>{1, 3, 5, 6, 2, 4, 7, 8}));
}

TEST(ConcatenationTest, FloatFusedRelu6) {
  OpTester tester = MakeTester(0, Activation::kRelu6);
  tester.AddInput<float>(DataType::kFloat32, {2}, {-1.5f, 2.5f});
  tester.AddInput<float>(DataType::kFloat32, {1}, {6.5f});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0.0f, 2.5f, 6.0f}));
}

TEST(ConcatenationTest, Int8SharedQuantizationIsARawCopy) {
  OpTester tester = MakeTester(1);
  tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {-128, 5}, PerTensor(0.5f, -3));
  tester.AddInput<int8_t>(DataType::kInt8, {1, 1}, {127}, PerTensor(0.5f, -3));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -3));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-128, 5, 127}));
}

TEST(ConcatenationTest, Int8DifferentQuantizationIsRejected) {
  OpTester tester = MakeTester(0);
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(0.5f, -3));
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(0.25f, -3));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -3));
  ExpectError(tester.Run(), "input 1 quantization (0.25, -3) differs from output (0.5, -3)");
}

TEST(ConcatenationTest, Uint8RequantizesInFloat) {
  // Input 0: a = 0.375 * (1 / 0.25) = 1.5, b = -1 * 1.5 = -1.5;
  // y = round(1.5 q - 1.5) + 5: q=0 -> round(-1.5) = -2 (ties away) -> 3;
  // q=1 -> 5; q=2 -> round(1.5) = 2 -> 7; q=3 -> 8; q=200 -> 299+5 -> 255.
  // Input 1 shares the output's quantization: copied.
  OpTester tester = MakeTester(0);
  tester.AddInput<uint8_t>(DataType::kUInt8, {5}, {0, 1, 2, 3, 200}, PerTensor(0.375f, 1));
  tester.AddInput<uint8_t>(DataType::kUInt8, {2}, {0, 255}, PerTensor(0.25f, 5));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(0.25f, 5));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{3, 5, 7, 8, 255, 0, 255}));
}

TEST(ConcatenationTest, Uint8RequantizeClampsBelowZero) {
  // a = 2 * (1 / 1) = 2, b = -100 * 2 = -200: q=10 -> -180 + 0 -> 0; q=101 -> 2.
  OpTester tester = MakeTester(0);
  tester.AddInput<uint8_t>(DataType::kUInt8, {2}, {10, 101}, PerTensor(2.0f, 100));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{0, 2}));
}

TEST(ConcatenationTest, Uint8ScaleRatioBeyondFloatIsRejected) {
  // 1 / 1e-39 overflows float: a = inf and b = -0 * inf = NaN, which the
  // requantization would convert to int (fuzz_model_structured found it).
  OpTester tester = MakeTester(0);
  tester.AddInput<uint8_t>(DataType::kUInt8, {2}, {0, 1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(1e-39f, 0));
  ExpectError(tester.Run(), "input 0 scale 1 over output scale 1e-39 is not a finite float");
}

TEST(ConcatenationTest, Int16NeedsZeroZeroPoints) {
  OpTester tester = MakeTester(0);
  tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.5f, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.5f, 2));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(0.5f, 0));
  ExpectError(tester.Run(), "input 1 has int16 zero point 2, expected 0");
}

TEST(ConcatenationTest, Int16DifferentScalesAreCopied) {
  OpTester tester = MakeTester(0);
  tester.AddInput<int16_t>(DataType::kInt16, {1}, {-1000}, PerTensor(0.5f, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {1}, {1000}, PerTensor(0.25f, 0));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(0.5f, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{-1000, 1000}));
}

TEST(ConcatenationTest, MismatchedDimension) {
  OpTester tester = MakeTester(1);
  tester.AddInput<float>(DataType::kFloat32, {2, 1}, {1, 2});
  tester.AddInput<float>(DataType::kFloat32, {3, 1}, {3, 4, 5});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "input 1 has size 3 in dimension 0, input 0 has 2");
}

TEST(ConcatenationTest, MismatchedType) {
  OpTester tester = MakeTester(0);
  tester.AddInput<float>(DataType::kFloat32, {1}, {1});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "input 1 has type int32, input 0 has float32");
}

TEST(ConcatenationTest, AxisOutOfRange) {
  OpTester tester = MakeTester(-3);
  tester.AddInput<float>(DataType::kFloat32, {1, 1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "axis -3 is out of range for rank 2");
}

TEST(ConcatenationTest, QuantizedFusedActivationIsUnsupported) {
  OpTester tester = MakeTester(0, Activation::kRelu);
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(0.5f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, 0));
  const Status status = tester.Run();
  ExpectError(status, "fused activation 1 is not supported for int8");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
