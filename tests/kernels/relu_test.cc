#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/kernels/golden/activation_cases.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/single_op_golden_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

std::vector<float> RunFloat(const OpKernel* kernel, const std::vector<float>& input) {
  OpTester tester(kernel);
  tester.AddInput<float>(DataType::kFloat32, {static_cast<int32_t>(input.size())}, input);
  tester.AddOutput(DataType::kFloat32, {static_cast<int32_t>(input.size())});
  EXPECT_TRUE(tester.Run().ok());
  return tester.Output<float>();
}

TEST(ReluTest, FloatFamily) {
  const std::vector<float> input = {-3.0f, -0.5f, 0.5f, 7.0f};
  EXPECT_EQ(RunFloat(Register_RELU(), input), (std::vector<float>{0.0f, 0.0f, 0.5f, 7.0f}));
  EXPECT_EQ(RunFloat(Register_RELU6(), input), (std::vector<float>{0.0f, 0.0f, 0.5f, 6.0f}));
  EXPECT_EQ(RunFloat(Register_RELU_N1_TO_1(), input),
            (std::vector<float>{-1.0f, -0.5f, 0.5f, 1.0f}));
}

// Requantization s_in 0.5 -> s_out 0.25 (M = 2), zp 0 -> -10; the lower
// bound is zp_out (RELU) and RELU6's upper bound -10 + round(6 / 0.25) = 14.
TEST(ReluTest, Int8RequantizesAndClamps) {
  const std::vector<int8_t> input = {-2, 0, 3, 7, 100};
  {
    OpTester tester(Register_RELU());
    tester.AddInput<int8_t>(DataType::kInt8, {5}, input, PerTensor(0.5f, 0));
    tester.AddOutput(DataType::kInt8, {5}, PerTensor(0.25f, -10));
    ASSERT_TRUE(tester.Run().ok());
    EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-10, -10, -4, 4, 127}));
  }
  {
    OpTester tester(Register_RELU6());
    tester.AddInput<int8_t>(DataType::kInt8, {5}, input, PerTensor(0.5f, 0));
    tester.AddOutput(DataType::kInt8, {5}, PerTensor(0.25f, -10));
    ASSERT_TRUE(tester.Run().ok());
    EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-10, -10, -4, 4, 14}));
  }
}

// s_in 0.01 -> s_out 0.02 (M = 1/2; ties round toward +inf in the high
// multiply): [-1, 1] is [78, 128] around zp 128.
TEST(ReluTest, UInt8ReluN1To1) {
  OpTester tester(Register_RELU_N1_TO_1());
  tester.AddInput<uint8_t>(DataType::kUInt8, {5}, {0, 99, 101, 103, 255}, PerTensor(0.01f, 100));
  tester.AddOutput(DataType::kUInt8, {5}, PerTensor(0.02f, 128));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{78, 128, 129, 130, 178}));
}

TEST(ReluErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_RELU_N1_TO_1());
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(1.0f, 0));
    const Status status = tester.Run();
    EXPECT_EQ(status.code(), StatusCode::kUnsupported);
    EXPECT_NE(status.message().find("(RELU_N1_TO_1): type int16 is not supported"),
              std::string::npos) << status.message();
  }
  {
    OpTester tester(Register_RELU6());
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(1.0f, 5));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(1.0f, 0));
    const Status status = tester.Run();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("(RELU6): zero point 5 is out of range for int16 (must be 0)"),
              std::string::npos) << status.message();
  }
  {
    OpTester tester(Register_RELU());
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kUInt8, {1}, PerTensor(1.0f, 0));
    const Status status = tester.Run();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("output type uint8 differs from input type int8"),
              std::string::npos) << status.message();
  }
  {
    OpTester tester(Register_RELU_N1_TO_1());
    tester.AddInput<int8_t>(DataType::kInt8, {1}, {1}, PerTensor(1.0f, 0));
    tester.AddOutput(DataType::kInt8, {1});
    const Status status = tester.Run();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("int8 input and output must be quantized"), std::string::npos)
        << status.message();
  }
}

TEST(ReluGoldenTest, MatchesLiteRTReference) {
  int count = 0;
  for (const auto& c : single_op_golden::ActivationCases()) {
    const std::string op = c.op;
    const OpKernel* kernel = op == "RELU"    ? Register_RELU()
                             : op == "RELU6" ? Register_RELU6()
                             : op == "RELU_N1_TO_1" ? Register_RELU_N1_TO_1()
                                                    : nullptr;
    if (kernel == nullptr) continue;
    testing::ExpectSingleOpCase(kernel, c);
    ++count;
  }
  EXPECT_EQ(count, 11);
}

}  // namespace
}  // namespace brasa
