// Runs the LiteRT-computed cases of tests/kernels/golden/*_cases.h that use
// single_op_case.h (pooling, ADD/SUB/MUL, activations) through one kernel and
// compares: integer outputs bit for bit, float outputs within 1e-5 relative.
#ifndef BRASA_TESTS_KERNELS_SINGLE_OP_GOLDEN_TEST_UTIL_H_
#define BRASA_TESTS_KERNELS_SINGLE_OP_GOLDEN_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/params.h"
#include "tests/kernels/golden/single_op_case.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace testing {

inline Quantization SingleOpQuantization(const single_op_golden::SingleOpTensor& t) {
  return t.scale == 0.0f ? Quantization{} : PerTensor(t.scale, t.zero_point);
}

template <typename T>
void AddSingleOpInput(OpTester& tester, const single_op_golden::SingleOpTensor& t) {
  tester.AddInput(t.type, t.shape, std::vector<T>(t.values.begin(), t.values.end()),
                  SingleOpQuantization(t));
}

template <typename T>
std::vector<double> OutputAsDouble(const OpTester& tester) {
  const std::vector<T> values = tester.Output<T>();
  return std::vector<double>(values.begin(), values.end());
}

// Runs `c` through `kernel`; each mismatch is a test failure naming the case.
inline void ExpectSingleOpCase(const OpKernel* kernel, const single_op_golden::SingleOpCase& c) {
  SCOPED_TRACE(c.name);
  OpTester tester(kernel);
  const std::string op = c.op;
  if (op == "ADD" || op == "SUB" || op == "MUL") {
    ElementwiseParams params;
    params.activation = static_cast<Activation>(c.activation);
    params.pot_scale_int16 = c.pot_scale_int16;
    tester.SetParams(params);
  } else if (op == "AVERAGE_POOL_2D" || op == "MAX_POOL_2D") {
    PoolParams params;
    params.padding = c.pool[0] == 0 ? Padding::kSame : Padding::kValid;
    params.filter_h = c.pool[1];
    params.filter_w = c.pool[2];
    params.stride_h = c.pool[3];
    params.stride_w = c.pool[4];
    params.activation = static_cast<Activation>(c.activation);
    tester.SetParams(params);
  } else if (op == "SOFTMAX") {
    SoftmaxParams params;
    params.beta = c.beta;
    tester.SetParams(params);
  }
  for (const auto& input : c.inputs) {
    switch (input.type) {
      case DataType::kFloat32: AddSingleOpInput<float>(tester, input); break;
      case DataType::kInt8: AddSingleOpInput<int8_t>(tester, input); break;
      case DataType::kUInt8: AddSingleOpInput<uint8_t>(tester, input); break;
      case DataType::kInt16: AddSingleOpInput<int16_t>(tester, input); break;
      default: AddSingleOpInput<int32_t>(tester, input); break;
    }
  }
  tester.AddOutput(c.output.type, c.output.shape, SingleOpQuantization(c.output));
  const Status status = tester.Run();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(tester.OutputShape(), c.output.shape);
  std::vector<double> got;
  switch (c.output.type) {
    case DataType::kFloat32: got = OutputAsDouble<float>(tester); break;
    case DataType::kInt8: got = OutputAsDouble<int8_t>(tester); break;
    case DataType::kUInt8: got = OutputAsDouble<uint8_t>(tester); break;
    case DataType::kInt16: got = OutputAsDouble<int16_t>(tester); break;
    default: got = OutputAsDouble<int32_t>(tester); break;
  }
  ASSERT_EQ(got.size(), c.output.values.size());
  int mismatches = 0;
  for (size_t i = 0; i < got.size() && mismatches < 10; ++i) {
    const double want = c.output.values[i];
    const bool close = c.output.type == DataType::kFloat32
                           ? std::fabs(got[i] - want) <= 1e-5 * std::max(1e-3, std::fabs(want))
                           : got[i] == want;
    if (!close) {
      ++mismatches;
      ADD_FAILURE() << "element " << i << ": got " << got[i] << ", LiteRT " << want;
    }
  }
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_SINGLE_OP_GOLDEN_TEST_UTIL_H_
