#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/golden/mean_cases.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_DEQUANTIZE();

namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

constexpr int32_t kDequantizeCode = 6;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "DEQUANTIZE", text);
}

template <typename T>
std::vector<float> Dequantize(DataType type, Shape shape, const std::vector<T>& input,
                              Quantization q) {
  OpTester tester(Register_DEQUANTIZE(), kDequantizeCode);
  tester.AddInput<T>(type, shape, input, std::move(q));
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  EXPECT_EQ(tester.OutputShape(), shape);
  return tester.Output<float>();
}

TEST(DequantizeTest, Int8PerTensor) {
  EXPECT_EQ(Dequantize<int8_t>(DataType::kInt8, {4}, {-128, -1, 0, 127}, PerTensor(0.5f, -1)),
            (std::vector<float>{-63.5f, 0.0f, 0.5f, 64.0f}));
}

TEST(DequantizeTest, Uint8PerTensor) {
  EXPECT_EQ(
      Dequantize<uint8_t>(DataType::kUInt8, {2, 2}, {0, 127, 128, 255}, PerTensor(0.25f, 128)),
      (std::vector<float>{-32.0f, -0.25f, 0.0f, 31.75f}));
}

TEST(DequantizeTest, ProductIsRoundedOnceToFloat) {
  // double(0.1f) * 3 = 0.30000000447034836, rounded once: 0.3f = 0.30000001192092896.
  const std::vector<float> output =
      Dequantize<int8_t>(DataType::kInt8, {2}, {3, -7}, PerTensor(0.1f, 0));
  EXPECT_EQ(output, (std::vector<float>{static_cast<float>(static_cast<double>(0.1f) * 3),
                                        static_cast<float>(static_cast<double>(0.1f) * -7)}));
  EXPECT_EQ(output[0], 0.30000001192092896f);
}

TEST(DequantizeTest, Int16AndInt32) {
  EXPECT_EQ(Dequantize<int16_t>(DataType::kInt16, {3}, {-32768, 1, 32767}, PerTensor(0.125f, 0)),
            (std::vector<float>{-4096.0f, 0.125f, 4095.875f}));
  EXPECT_EQ(Dequantize<int32_t>(DataType::kInt32, {2}, {1 << 20, -(1 << 20)}, PerTensor(0.5f, 2)),
            (std::vector<float>{524287.0f, -524289.0f}));
}

TEST(DequantizeTest, Int8PerChannel) {
  // Channels along dimension 0: scales {0.5, 2}, zero points {0, 1}.
  Quantization q = PerChannel({0.5f, 2.0f}, 0);
  q.zero_points = {0, 1};
  EXPECT_EQ(Dequantize<int8_t>(DataType::kInt8, {2, 2}, {3, -3, 3, -3}, q),
            (std::vector<float>{1.5f, -1.5f, 4.0f, -8.0f}));
}

TEST(DequantizeTest, Uint8PerChannelSharedZeroPoint) {
  // Channels along the last dimension, one zero point for all.
  Quantization q = PerChannel({1.0f, 0.25f}, 1);
  q.zero_points = {10};
  EXPECT_EQ(Dequantize<uint8_t>(DataType::kUInt8, {2, 2}, {12, 12, 8, 8}, q),
            (std::vector<float>{2.0f, 0.5f, -2.0f, -0.5f}));
}

TEST(DequantizeTest, Float16Widening) {
  const std::vector<float> output = Dequantize<uint16_t>(
      DataType::kFloat16, {7}, {0x3C00, 0xC000, 0x0001, 0x7BFF, 0x7C00, 0x3555, 0x8000}, {});
  ASSERT_EQ(output.size(), 7u);
  EXPECT_EQ(output[0], 1.0f);
  EXPECT_EQ(output[1], -2.0f);
  EXPECT_EQ(output[2], std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(output[3], 65504.0f);
  EXPECT_EQ(output[4], std::numeric_limits<float>::infinity());
  EXPECT_EQ(output[5], 0.333251953125f);
  EXPECT_EQ(output[6], 0.0f);
  EXPECT_TRUE(std::signbit(output[6]));
}

TEST(DequantizeTest, Float32InputIsUnsupported) {
  OpTester tester(Register_DEQUANTIZE(), kDequantizeCode);
  tester.AddInput<float>(DataType::kFloat32, {1}, {1.0f});
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectError(status, "input type float32 is not supported");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(DequantizeTest, OutputMustBeFloat32) {
  OpTester tester(Register_DEQUANTIZE(), kDequantizeCode);
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt8, {});
  ExpectError(tester.Run(), "output type is int8, expected float32");
}

TEST(DequantizeTest, InputMustBeQuantized) {
  OpTester tester(Register_DEQUANTIZE(), kDequantizeCode);
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "input is not quantized");
}

TEST(DequantizeTest, PerChannelDimensionOutOfRange) {
  OpTester tester(Register_DEQUANTIZE(), kDequantizeCode);
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {1, 2}, PerChannel({1.0f, 2.0f}, 1));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "quantized dimension 1 is out of range for rank 1");
}

// DEQUANTIZE outputs of models converted by TensorFlow, run by LiteRT's
// reference kernels (tests/kernels/golden/make_mean_cases.py).
TEST(DequantizeTest, MatchesLiteRt) {
  for (const golden::MeanCase& c : golden::MeanCases()) {
    SCOPED_TRACE(c.name);
    const Quantization q = PerTensor(c.output_scale, c.output_zero_point);
    const Shape shape = {static_cast<int32_t>(c.quantized_output.size())};
    std::vector<float> output;
    if (c.int16) {
      const std::vector<int16_t> input(c.quantized_output.begin(), c.quantized_output.end());
      output = Dequantize<int16_t>(DataType::kInt16, shape, input, q);
    } else {
      const std::vector<int8_t> input(c.quantized_output.begin(), c.quantized_output.end());
      output = Dequantize<int8_t>(DataType::kInt8, shape, input, q);
    }
    EXPECT_EQ(output, c.dequantized_output);
  }
}

}  // namespace
}  // namespace brasa
