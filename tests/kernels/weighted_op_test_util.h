// Test inputs shared by CONV_2D and DEPTHWISE_CONV_2D: with one channel and a
// 1x1 filter both ops compute the same numbers (QUANTIZATION.md §2.1, §2.2).
// The caller sets the op's options, runs it and checks the output.
#ifndef BRASA_TESTS_KERNELS_WEIGHTED_OP_TEST_UTIL_H_
#define BRASA_TESTS_KERNELS_WEIGHTED_OP_TEST_UTIL_H_

#include <cstdint>

#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace testing {

// uint8 applies the filter zero point: x - 128 = {10, -10}, w - 130 = 4,
// bias 4: acc = 44, -36; M = 0.125 (double rounding: 5.5 -> 6, -4.5 -> -5),
// + zp_out 100 gives {106, 95}.
inline void AddUInt8FilterZeroPointCase(OpTester& tester) {
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 1, 2, 1}, {138, 118}, PerTensor(0.5f, 128));
  tester.AddConstInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {134}, PerTensor(0.25f, 130));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {4}, PerTensor(0.125f, 0));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 100));
}

// §2.1: uint8 uses M = double(float(s_in * s_w)) / double(s_out). Here that
// quantizes to (1077952639, -8) while the all-double product gives
// (1077952640, -8); with acc = bias = 66554 (x = zp_in) the outputs are 130
// and 131.
inline void AddUInt8ScaleProductCase(OpTester& tester) {
  const float input_scale = 0.0235294122f, filter_scale = 0.00392156886f;
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {128}, PerTensor(input_scale, 128));
  tester.AddConstInput<uint8_t>(DataType::kUInt8, {1, 1, 1, 1}, {200},
                                PerTensor(filter_scale, 128));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {66554},
                                PerTensor(input_scale * filter_scale, 0));
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(0.0470588244f, 0));
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_WEIGHTED_OP_TEST_UTIL_H_
