#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/kernels/golden/activation_cases.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/single_op_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;
using testing::RunSingleOpCases;

TEST(TanhTest, Float) {
  OpTester tester(Register_TANH());
  tester.AddInput<float>(DataType::kFloat32, {3}, {0.0f, 0.5f, -3.0f});
  tester.AddOutput(DataType::kFloat32, {3});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(),
            (std::vector<float>{0.0f, std::tanh(0.5f), std::tanh(-3.0f)}));
}

// x = 0.05 q, output 1/128: tanh(0) = 0, tanh(+-1) * 128 = +-97.48 -> +-97,
// tanh(6.35) * 128 rounds to 128 and saturates at 127.
TEST(TanhTest, Int8Table) {
  OpTester tester(Register_TANH());
  tester.AddInput<int8_t>(DataType::kInt8, {4}, {0, 20, -20, 127}, PerTensor(0.05f, 0));
  tester.AddOutput(DataType::kInt8, {4}, PerTensor(1.0f / 128, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{0, 97, -97, 127}));
}

TEST(TanhTest, UInt8Table) {
  OpTester tester(Register_TANH());
  tester.AddInput<uint8_t>(DataType::kUInt8, {3}, {128, 148, 108}, PerTensor(0.05f, 128));
  tester.AddOutput(DataType::kUInt8, {3}, PerTensor(1.0f / 128, 128));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<uint8_t>(), (std::vector<uint8_t>{128, 225, 31}));
}

// int16 with input scale 2^-11 (tanh's second power-of-two case, v = 6q):
// 0 -> 0; the ends saturate at +32767 and, by the table's symmetry, -32767.
TEST(TanhTest, Int16Table) {
  OpTester tester(Register_TANH());
  tester.AddInput<int16_t>(DataType::kInt16, {3}, {0, 32767, -32768}, PerTensor(1.0f / 2048, 0));
  tester.AddOutput(DataType::kInt16, {3}, PerTensor(1.0f / 32768, 0));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int16_t>(), (std::vector<int16_t>{0, 32767, -32767}));
}

TEST(TanhErrorTest, RejectsBadModels) {
  {
    OpTester tester(Register_TANH());
    tester.AddInput<int16_t>(DataType::kInt16, {1}, {1}, PerTensor(0.001f, 0));
    tester.AddOutput(DataType::kInt16, {1}, PerTensor(0.001f, 0));
    const Status status = tester.Run();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("(TANH): int16 output scale must be 2^-15"), std::string::npos)
        << status.message();
  }
  {
    OpTester tester(Register_TANH());
    tester.AddInput<uint8_t>(DataType::kUInt8, {1}, {1});
    tester.AddOutput(DataType::kUInt8, {1});
    const Status status = tester.Run();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("uint8 input and output must be quantized"), std::string::npos)
        << status.message();
  }
}

TEST(TanhGoldenTest, MatchesLiteRTReference) {
  const int count =
      RunSingleOpCases(Register_TANH(), "TANH", single_op_golden::ActivationCases());
  EXPECT_GE(count, 6);
}

}  // namespace
}  // namespace brasa
