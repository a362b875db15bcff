#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/golden/mean_cases.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_MEAN();

namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kMeanCode = 40;

void ExpectError(const Status& status, const std::string& text) {
  testing::ExpectNodeError(status, "MEAN", text);
}

// Runs MEAN and returns the output (empty on failure); *shape gets its shape.
template <typename T>
std::vector<T> RunMean(DataType type, Shape shape, const std::vector<T>& input,
                       const std::vector<int32_t>& axes, bool keep_dims = false,
                       Quantization in_q = {}, Quantization out_q = {},
                       Shape* output_shape = nullptr) {
  OpTester tester(Register_MEAN(), kMeanCode);
  ReducerParams params;
  params.keep_dims = keep_dims;
  tester.SetParams(params);
  tester.AddInput<T>(type, std::move(shape), input, std::move(in_q));
  tester.AddConstInput<int32_t>(DataType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  tester.AddOutput(type, {}, std::move(out_q));
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  if (output_shape != nullptr) *output_shape = tester.OutputShape();
  return tester.Output<T>();
}

std::vector<int8_t> RunInt8(Shape shape, const std::vector<int8_t>& input,
                            const std::vector<int32_t>& axes, Quantization in_q = PerTensor(1, 0),
                            Quantization out_q = PerTensor(1, 0)) {
  return RunMean<int8_t>(DataType::kInt8, std::move(shape), input, axes, false, std::move(in_q),
                         std::move(out_q));
}

TEST(MeanTest, FloatLastAxisWithAndWithoutKeepDims) {
  Shape shape;
  EXPECT_EQ(
      RunMean<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6}, {1}, false, {}, {}, &shape),
      (std::vector<float>{2, 5}));
  EXPECT_EQ(shape, (Shape{2}));
  EXPECT_EQ(
      RunMean<float>(DataType::kFloat32, {2, 3}, {1, 2, 3, 4, 5, 6}, {-1}, true, {}, {}, &shape),
      (std::vector<float>{2, 5}));
  EXPECT_EQ(shape, (Shape{2, 1}));
}

TEST(MeanTest, FloatOuterAndInnerAxesWithRepeats) {
  // Reduce dimensions 0 and 2 of [2,2,2] = 1..8 (axis 2 listed twice, once as -1):
  // j=0: (1+2+5+6)/4 = 3.5; j=1: (3+4+7+8)/4 = 5.5.
  Shape shape;
  EXPECT_EQ(RunMean<float>(DataType::kFloat32, {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}, {0, -1, 2},
                           false, {}, {}, &shape),
            (std::vector<float>{3.5f, 5.5f}));
  EXPECT_EQ(shape, (Shape{2}));
}

TEST(MeanTest, FloatSumsInRowMajorOrder) {
  // ((1e8 + 1) - 1e8) + 1 = 1 in float (1e8 + 1 rounds to 1e8); / 4 = 0.25.
  EXPECT_EQ(RunMean<float>(DataType::kFloat32, {4}, {1e8f, 1.0f, -1e8f, 1.0f}, {0}),
            (std::vector<float>{0.25f}));
}

TEST(MeanTest, FloatNoAxesIsIdentity) {
  Shape shape;
  EXPECT_EQ(RunMean<float>(DataType::kFloat32, {2}, {1.5f, -2.5f}, {}, false, {}, {}, &shape),
            (std::vector<float>{1.5f, -2.5f}));
  EXPECT_EQ(shape, (Shape{2}));
}

TEST(MeanTest, Int8NegativeTieOfTwoRoundsUp) {
  // N=2: t=1, m'=2^30, e'=0; SRDHM(-1, 2^30) = -0.5 -> 0 (ties toward +inf).
  EXPECT_EQ(RunInt8({1, 2}, {-1, 0}, {1}), (std::vector<int8_t>{0}));
  EXPECT_EQ(RunInt8({1, 2}, {1, 0}, {1}), (std::vector<int8_t>{1}));
}

TEST(MeanTest, Int8NegativeTieOfFourRoundsAway) {
  // N=4: t=2, m'=2^30, e'=-1; SRDHM(-2, 2^30) = -1, RDPOT(-1, 1) = -0.5 -> -1 (away).
  EXPECT_EQ(RunInt8({1, 4}, {-1, -1, 0, 0}, {1}), (std::vector<int8_t>{-1}));
  EXPECT_EQ(RunInt8({1, 4}, {1, 1, 0, 0}, {1}), (std::vector<int8_t>{1}));
}

TEST(MeanTest, Int8CountOfThree) {
  // N=3: t=1, m' = floor(2^31 / 3) = 715827882, e'=0; SRDHM(+-2, m') = +-0.667 -> +-1.
  EXPECT_EQ(RunInt8({1, 3}, {-1, -1, 0}, {1}), (std::vector<int8_t>{-1}));
  EXPECT_EQ(RunInt8({1, 3}, {1, 1, 0}, {1}), (std::vector<int8_t>{1}));
  EXPECT_EQ(RunInt8({1, 3}, {-1, 0, 0}, {1}), (std::vector<int8_t>{0}));
}

TEST(MeanTest, Int8ZeroPointsAndScales) {
  // M = 0.5 / 0.25 = 2 -> (2^30, 2); N=4: t=2, m'=2^30, e'=0.
  // Sum 12 - (-3 * 4) = 24 -> SRDHM(24, 2^30) = 12, + zp_out 2 = 14.
  EXPECT_EQ(RunInt8({1, 4}, {-3, 0, 5, 10}, {1}, PerTensor(0.5f, -3), PerTensor(0.25f, 2)),
            (std::vector<int8_t>{14}));
}

TEST(MeanTest, Int8OuterAxis) {
  // Column sums 5, 7, 9 over N=2: 2.5 -> 3, 3.5 -> 4, 4.5 -> 5.
  EXPECT_EQ(RunInt8({2, 3}, {1, 2, 3, 4, 5, 6}, {0}), (std::vector<int8_t>{3, 4, 5}));
}

TEST(MeanTest, Int8SpatialKeepDims) {
  Shape shape;
  EXPECT_EQ(RunMean<int8_t>(DataType::kInt8, {1, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 5, 40}, {1, 2},
                            true, PerTensor(1, 0), PerTensor(1, 0), &shape),
            // Channel 0: 11/4 = 2.75 -> 3; channel 1: 100/4 = 25.
            (std::vector<int8_t>{3, 25}));
  EXPECT_EQ(shape, (Shape{1, 1, 1, 2}));
}

TEST(MeanTest, Uint8) {
  // Sum 518 - 128 * 4 = 6; SRDHM(6, 2^30) = 3, RDPOT(3, 1) = 1.5 -> 2; + 128.
  EXPECT_EQ(RunMean<uint8_t>(DataType::kUInt8, {2, 2}, {128, 129, 130, 131}, {0, 1}, false,
                             PerTensor(1, 128), PerTensor(1, 128)),
            (std::vector<uint8_t>{130}));
}

TEST(MeanTest, Int16) {
  // M = 2 -> (2^30, 2); N=2: t=1, m'=2^30, e'=1: SRDHM(-1 * 2, 2^30) = -1.
  EXPECT_EQ(RunMean<int16_t>(DataType::kInt16, {1, 2}, {-1, 0}, {1}, false, PerTensor(1, 0),
                             PerTensor(0.5f, 0)),
            (std::vector<int16_t>{-1}));
}

TEST(MeanTest, EmptyInput) {
  Shape shape;
  const std::vector<float> floats =
      RunMean<float>(DataType::kFloat32, {0, 2}, {}, {0}, false, {}, {}, &shape);
  EXPECT_EQ(shape, (Shape{2}));
  ASSERT_EQ(floats.size(), 2u);
  EXPECT_TRUE(std::isnan(floats[0]) && std::isnan(floats[1]));
  EXPECT_EQ(
      RunMean<int8_t>(DataType::kInt8, {0, 2}, {}, {0}, false, PerTensor(1, 5), PerTensor(1, 5)),
      (std::vector<int8_t>{0, 0}));
}

TEST(MeanTest, AxisOutOfRange) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {-3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectError(tester.Run(), "axis -3 is out of range for rank 2");
}

TEST(MeanTest, RuntimeAxesAreUnsupported) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {0});
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectError(status, "axes is not a constant tensor");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(MeanTest, Int16NeedsZeroZeroPoints) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<int16_t>(DataType::kInt16, {2}, {1, 2}, PerTensor(1, 3));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0});
  tester.AddOutput(DataType::kInt16, {}, PerTensor(1, 0));
  ExpectError(tester.Run(), "int16 zero points must be 0, got 3 and 0");
}

TEST(MeanTest, QuantizedNeedsQuantization) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1, 0));
  ExpectError(tester.Run(), "int8 MEAN needs per-tensor quantized input and output");
}

TEST(MeanTest, OutputTypeMustMatch) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1, 0));
  ExpectError(tester.Run(), "output type int8 differs from input type float32");
}

TEST(MeanTest, Int32IsUnsupported) {
  OpTester tester(Register_MEAN(), kMeanCode);
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0});
  tester.AddOutput(DataType::kInt32, {});
  const Status status = tester.Run();
  ExpectError(status, "input type int32 is not supported");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

// Cases produced by LiteRT's reference kernels
// (tests/kernels/golden/make_mean_cases.py).
TEST(MeanTest, MatchesLiteRtQuantized) {
  for (const golden::MeanCase& c : golden::MeanCases()) {
    SCOPED_TRACE(c.name);
    const Quantization in_q = PerTensor(c.input_scale, c.input_zero_point);
    const Quantization out_q = PerTensor(c.output_scale, c.output_zero_point);
    Shape shape;
    std::vector<int32_t> output;
    if (c.int16) {
      const std::vector<int16_t> input(c.quantized_input.begin(), c.quantized_input.end());
      const std::vector<int16_t> result = RunMean<int16_t>(
          DataType::kInt16, c.input_shape, input, c.axes, c.keep_dims, in_q, out_q, &shape);
      output.assign(result.begin(), result.end());
    } else {
      const std::vector<int8_t> input(c.quantized_input.begin(), c.quantized_input.end());
      const std::vector<int8_t> result = RunMean<int8_t>(DataType::kInt8, c.input_shape, input,
                                                         c.axes, c.keep_dims, in_q, out_q, &shape);
      output.assign(result.begin(), result.end());
    }
    EXPECT_EQ(shape, c.output_shape);
    EXPECT_EQ(output, c.quantized_output);
  }
}

TEST(MeanTest, MatchesLiteRtFloat) {
  for (const golden::MeanCase& c : golden::MeanCases()) {
    SCOPED_TRACE(c.name);
    const std::vector<float> output =
        RunMean<float>(DataType::kFloat32, c.input_shape, c.float_input, c.axes, c.keep_dims);
    ASSERT_EQ(output.size(), c.float_output.size());
    for (size_t i = 0; i < output.size(); ++i) {
      EXPECT_NEAR(output[i], c.float_output[i], 1e-5f * std::fabs(c.float_output[i])) << i;
    }
  }
}

}  // namespace
}  // namespace brasa
