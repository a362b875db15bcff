// Runs the LiteRT-generated cases of tests/kernels/golden/conv_cases.h
// (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED) through one kernel.
#ifndef BRASA_TESTS_KERNELS_CONV_GOLDEN_TEST_UTIL_H_
#define BRASA_TESTS_KERNELS_CONV_GOLDEN_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/params.h"
#include "tests/kernels/golden/conv_cases.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace testing {

inline Quantization GoldenQuantization(const golden::GoldenTensor& t) {
  Quantization q;
  q.scales = t.scales;
  q.zero_points = t.zero_points;
  q.quantized_dimension = t.quantized_dimension;
  return q;
}

template <typename T>
std::vector<T> GoldenValues(const golden::GoldenTensor& t) {
  return std::vector<T>(t.values.begin(), t.values.end());
}

inline void AddGoldenInput(OpTester& tester, const golden::GoldenTensor& t, bool constant) {
  if (t.shape.empty()) {
    tester.AddOmittedInput();
    return;
  }
  switch (t.type) {
    case DataType::kFloat32:
      tester.AddInput(t.type, t.shape, GoldenValues<float>(t), GoldenQuantization(t), constant);
      break;
    case DataType::kInt8:
      tester.AddInput(t.type, t.shape, GoldenValues<int8_t>(t), GoldenQuantization(t), constant);
      break;
    case DataType::kUInt8:
      tester.AddInput(t.type, t.shape, GoldenValues<uint8_t>(t), GoldenQuantization(t), constant);
      break;
    default:
      tester.AddInput(t.type, t.shape, GoldenValues<int32_t>(t), GoldenQuantization(t), constant);
      break;
  }
}

// Output values widened to double, whatever the type.
inline std::vector<double> OutputAsDouble(const OpTester& tester, DataType type) {
  switch (type) {
    case DataType::kFloat32: { auto v = tester.Output<float>(); return {v.begin(), v.end()}; }
    case DataType::kInt8: { auto v = tester.Output<int8_t>(); return {v.begin(), v.end()}; }
    default: { auto v = tester.Output<uint8_t>(); return {v.begin(), v.end()}; }
  }
}

// Runs every case of `op` through `kernel`: integer outputs must match LiteRT
// exactly, float outputs within 1e-5 relative.
inline void RunConvGoldenCases(const char* op, const OpKernel* kernel) {
  int runs = 0;
  for (const golden::ConvGoldenCase& c : golden::ConvGoldenCases()) {
    if (std::strcmp(c.op, op) != 0) continue;
    SCOPED_TRACE(c.name);
    ++runs;
    OpTester tester(kernel);
    const Activation activation = static_cast<Activation>(c.activation);
    const Padding padding = static_cast<Padding>(c.padding);
    if (std::strcmp(op, "CONV_2D") == 0) {
      tester.SetParams(ConvParams{padding, c.stride_w, c.stride_h, c.dilation_w, c.dilation_h,
                                  activation});
    } else if (std::strcmp(op, "DEPTHWISE_CONV_2D") == 0) {
      tester.SetParams(DepthwiseConvParams{padding, c.stride_w, c.stride_h, c.dilation_w,
                                           c.dilation_h, c.depth_multiplier, activation});
    } else {
      tester.SetParams(FullyConnectedParams{activation, c.keep_num_dims, false});
    }
    AddGoldenInput(tester, c.input, /*constant=*/false);
    AddGoldenInput(tester, c.filter, /*constant=*/true);
    AddGoldenInput(tester, c.bias, /*constant=*/true);
    // The declared shape is left empty: Prepare must compute it.
    tester.AddOutput(c.output.type, {}, GoldenQuantization(c.output));
    const Status status = tester.Run();
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(tester.OutputShape(), c.output.shape);
    const std::vector<double> actual = OutputAsDouble(tester, c.output.type);
    ASSERT_EQ(actual.size(), c.output.values.size());
    for (size_t i = 0; i < actual.size(); ++i) {
      const double expected = c.output.values[i];
      if (c.output.type == DataType::kFloat32) {
        EXPECT_NEAR(actual[i], expected, 1e-5 * std::fabs(expected) + 1e-6) << "element " << i;
      } else {
        EXPECT_EQ(actual[i], expected) << "element " << i;
      }
    }
  }
  EXPECT_GT(runs, 0) << "no golden cases for " << op;
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_CONV_GOLDEN_TEST_UTIL_H_
