#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/golden/mean_cases.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_QUANTIZE();

namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

constexpr int32_t kQuantizeCode = 114;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "QUANTIZE", text);
}

template <typename In, typename Out>
std::vector<Out> Quantize(DataType in_type, const std::vector<In>& input, Quantization in_q,
                          DataType out_type, Quantization out_q) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<In>(in_type, {static_cast<int32_t>(input.size())}, input, std::move(in_q));
  tester.AddOutput(out_type, {}, std::move(out_q));
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  return tester.Output<Out>();
}

TEST(QuantizeTest, FloatToInt8TiesAwayFromZeroAndSaturates) {
  // x / 0.5 = 0, 0.5, -0.5, 1.5, -1.5, 2, 200, -200 -> round away, + zp -1.
  const std::vector<int8_t> output = Quantize<float, int8_t>(
      DataType::kFloat32, {0.0f, 0.25f, -0.25f, 0.75f, -0.75f, 1.0f, 100.0f, -100.0f}, {},
      DataType::kInt8, PerTensor(0.5f, -1));
  EXPECT_EQ(output, (std::vector<int8_t>{-1, 0, -2, 1, -3, 1, 127, -128}));
}

TEST(QuantizeTest, FloatDivisionNotReciprocalMultiply) {
  // 4.5f / 0.6f = 7.4999995f -> 7, while 4.5f * (1 / 0.6f) = 7.5f would give 8.
  const std::vector<int8_t> output = Quantize<float, int8_t>(
      DataType::kFloat32, {4.5f, -4.5f, 2.25f}, {}, DataType::kInt8, PerTensor(0.6f, 0));
  // 2.25 / 0.6 = 3.75 -> 4.
  EXPECT_EQ(output, (std::vector<int8_t>{7, -7, 4}));
}

TEST(QuantizeTest, FloatToUint8AndInt16) {
  // 1/0.25 = 4 (+128), -32/0.25 = -128 (+128 = 0), -33/0.25 -> clamps to 0.
  EXPECT_EQ((Quantize<float, uint8_t>(DataType::kFloat32, {1.0f, -32.0f, -33.0f, 40.0f}, {},
                                      DataType::kUInt8, PerTensor(0.25f, 128))),
            (std::vector<uint8_t>{132, 0, 0, 255}));
  // x / 0.001 with zp 0: 1.0 -> 1000, -0.0005 -> -0.5 -> -1, 40 -> 32767.
  EXPECT_EQ((Quantize<float, int16_t>(DataType::kFloat32, {1.0f, -0.0005f, 40.0f, -40.0f}, {},
                                      DataType::kInt16, PerTensor(0.001f, 0))),
            (std::vector<int16_t>{1000, -1, 32767, -32768}));
}

TEST(QuantizeTest, FloatToInt8PerChannel) {
  // Channels along dimension 1: scales {1, 0.5, 0.25}, zero points {0, 1, -1}.
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1.5f, 1.5f, 1.5f, -2.5f, -0.25f, -0.125f});
  Quantization q = PerChannel({1.0f, 0.5f, 0.25f}, 1);
  q.zero_points = {0, 1, -1};
  tester.AddOutput(DataType::kInt8, {}, q);
  ASSERT_TRUE(tester.Run().ok());
  // 1.5/1 = 1.5 -> 2; 1.5/0.5 = 3 (+1) = 4; 1.5/0.25 = 6 (-1) = 5;
  // -2.5/1 -> -3; -0.25/0.5 = -0.5 -> -1 (+1) = 0; -0.125/0.25 = -0.5 -> -1 (-1) = -2.
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{2, 4, 5, -3, 0, -2}));
}

TEST(QuantizeTest, Int8ToUint8SameScaleShiftsBy128) {
  EXPECT_EQ((Quantize<int8_t, uint8_t>(DataType::kInt8, {-128, -1, 0, 127}, PerTensor(0.5f, -128),
                                       DataType::kUInt8, PerTensor(0.5f, 0))),
            (std::vector<uint8_t>{0, 127, 128, 255}));
}

TEST(QuantizeTest, Int8RequantizeHalfRoundsTiesUp) {
  // M = 0.5 -> (2^30, 0): SRDHM rounds ties toward +inf: -1.5 -> -1, -0.5 -> 0.
  EXPECT_EQ((Quantize<int8_t, int8_t>(DataType::kInt8, {-3, -1, 1, 3}, PerTensor(1.0f, 0),
                                      DataType::kInt8, PerTensor(2.0f, 0))),
            (std::vector<int8_t>{-1, 0, 1, 2}));
}

TEST(QuantizeTest, Int8RequantizeQuarterDoubleRounding) {
  // M = 0.25 -> (2^30, -1), QUANTIZATION.md §1.6 table: -6 -> -2, -2 -> -1, 1 -> 1, 5 -> 2.
  EXPECT_EQ((Quantize<int8_t, int8_t>(DataType::kInt8, {-6, -2, 1, 5}, PerTensor(1.0f, 0),
                                      DataType::kInt8, PerTensor(4.0f, 0))),
            (std::vector<int8_t>{-2, -1, 1, 2}));
}

TEST(QuantizeTest, Uint8ToInt8WithZeroPoints) {
  // (q - 130) * 2 + (-10): 130 -> -10; 131 -> -8; 0 -> -270 -> -128; 200 -> 130 -> 127.
  EXPECT_EQ((Quantize<uint8_t, int8_t>(DataType::kUInt8, {130, 131, 0, 200}, PerTensor(1.0f, 130),
                                       DataType::kInt8, PerTensor(0.5f, -10))),
            (std::vector<int8_t>{-10, -8, -128, 127}));
}

TEST(QuantizeTest, Uint8AndInt8ToInt16) {
  // (q - 128) * 256 with M = 256 -> (2^30, 9): exact.
  EXPECT_EQ((Quantize<uint8_t, int16_t>(DataType::kUInt8, {0, 128, 255}, PerTensor(1.0f, 128),
                                        DataType::kInt16, PerTensor(1.0f / 256, 0))),
            (std::vector<int16_t>{-32768, 0, 32512}));
  EXPECT_EQ((Quantize<int8_t, int16_t>(DataType::kInt8, {-128, 0, 127}, PerTensor(0.5f, 0),
                                       DataType::kInt16, PerTensor(0.25f, 0))),
            (std::vector<int16_t>{-256, 0, 254}));
}

TEST(QuantizeTest, Int16ToInt8AndInt32) {
  // M = 1/256 -> (2^30, -7): 384/256 = 1.5 -> 2; -384/256 = -1.5 -> -2 (RDPOT ties away);
  // -128/256 = -0.5 -> -1; then + zp 3.
  EXPECT_EQ((Quantize<int16_t, int8_t>(DataType::kInt16, {384, -384, -128, 32767},
                                       PerTensor(1.0f, 0), DataType::kInt8, PerTensor(256.0f, 3))),
            (std::vector<int8_t>{5, 1, 2, 127}));
  EXPECT_EQ((Quantize<int16_t, int32_t>(DataType::kInt16, {-32768, 7}, PerTensor(1.0f, 0),
                                        DataType::kInt32, PerTensor(0.125f, 0))),
            (std::vector<int32_t>{-262144, 56}));
}

TEST(QuantizeTest, Int32ToInt8AndInt16) {
  EXPECT_EQ((Quantize<int32_t, int8_t>(DataType::kInt32, {1000, -1000, 100000}, PerTensor(0.01f, 0),
                                       DataType::kInt8, PerTensor(0.1f, 0))),
            (std::vector<int8_t>{100, -100, 127}));
  EXPECT_EQ((Quantize<int32_t, int16_t>(DataType::kInt32, {std::numeric_limits<int32_t>::min(), 6},
                                        PerTensor(1.0f, 0), DataType::kInt16, PerTensor(4.0f, 0))),
            (std::vector<int16_t>{-32768, 2}));
}

TEST(QuantizeTest, FloatToInt32IsUnsupported) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<float>(DataType::kFloat32, {1}, {1.0f});
  tester.AddOutput(DataType::kInt32, {}, PerTensor(1.0f, 0));
  const Status status = tester.Run();
  ExpectError(status, "float32 input with int32 output is not supported");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(QuantizeTest, Uint8ToInt32IsUnsupported) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1}, PerTensor(1.0f, 0));
  tester.AddOutput(DataType::kInt32, {}, PerTensor(1.0f, 0));
  ExpectError(tester.Run(), "uint8 input with int32 output is not supported");
}

TEST(QuantizeTest, OutputMustBeQuantized) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<float>(DataType::kFloat32, {1}, {1.0f});
  tester.AddOutput(DataType::kInt8, {});
  ExpectError(tester.Run(), "output is not quantized");
}

TEST(QuantizeTest, PerChannelScaleCountMustMatch) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kInt8, {}, PerChannel({1.0f, 0.5f}, 1));
  ExpectError(tester.Run(), "output has 2 scales, dimension 1 has 3 channels");
}

TEST(QuantizeTest, Int16ToInt16NeedsZeroZeroPoints) {
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f, 1));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(0.5f, 0));
  ExpectError(tester.Run(), "int16 requantization needs zero points of 0, got 1 and 0");
}

TEST(QuantizeTest, LeftShiftOverflowIsRejected) {
  // M = 2^24 -> shift 25: -128 * 2^25 overflows int32.
  OpTester tester(Register_QUANTIZE(), kQuantizeCode);
  tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(16777216.0f, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
  const Status status = tester.Run();
  ExpectError(status, "overflows the int32 requantization");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

// QUANTIZE inputs of models converted by TensorFlow, run by LiteRT's
// reference kernels (tests/kernels/golden/make_mean_cases.py).
TEST(QuantizeTest, MatchesLiteRt) {
  for (const golden::MeanCase& c : golden::MeanCases()) {
    SCOPED_TRACE(c.name);
    const Quantization q = PerTensor(c.input_scale, c.input_zero_point);
    std::vector<int32_t> output;
    if (c.int16) {
      const std::vector<int16_t> result =
          Quantize<float, int16_t>(DataType::kFloat32, c.float_input, {}, DataType::kInt16, q);
      output.assign(result.begin(), result.end());
    } else {
      const std::vector<int8_t> result =
          Quantize<float, int8_t>(DataType::kFloat32, c.float_input, {}, DataType::kInt8, q);
      output.assign(result.begin(), result.end());
    }
    EXPECT_EQ(output, c.quantized_input);
  }
}

}  // namespace
}  // namespace brasa
