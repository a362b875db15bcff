// ELU has no conformance case: LiteRT's BUILTIN_REF resolver has no ELU
// kernel, so no reference output exists. These check the float function and
// the int8 table against values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

TEST(EluTest, Float) {
  OpTester tester(Register_ELU());
  tester.AddInput<float>(DataType::kFloat32, {5}, {-3.0f, -0.5f, 0.0f, 0.25f, 4.0f});
  tester.AddOutput(DataType::kFloat32, {5});
  ASSERT_TRUE(tester.Run().ok());
  const std::vector<float> out = tester.Output<float>();
  EXPECT_FLOAT_EQ(out[0], std::expm1(-3.0f));
  EXPECT_FLOAT_EQ(out[1], std::expm1(-0.5f));
  EXPECT_EQ(out[2], 0.0f);
  EXPECT_EQ(out[3], 0.25f);
  EXPECT_EQ(out[4], 4.0f);
}

// s_in = 1/16, zp_in = 0; s_out = 1/64, zp_out = 64:
// q = -32 (x = -2): 64 + round(64 (e^-2 - 1)) = 64 - 55 = 9;
// q = -8 (x = -0.5): 64 + round(-25.18) = 39; q = 16 (x = 1): 64 + 64 = 128 -> 127.
TEST(EluTest, Int8Table) {
  OpTester tester(Register_ELU());
  tester.AddInput<int8_t>(DataType::kInt8, {5}, {-32, -8, 0, 4, 16}, PerTensor(1.0f / 16, 0));
  tester.AddOutput(DataType::kInt8, {5}, PerTensor(1.0f / 64, 64));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{9, 39, 64, 80, 127}));
}

TEST(EluTest, RejectsUInt8) {
  OpTester tester(Register_ELU());
  tester.AddInput<uint8_t>(DataType::kUInt8, {2}, {1, 2}, PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kUInt8, {2}, PerTensor(0.1f, 0));
  testing::ExpectNodeRunError(tester, "ELU", "uint8 is not supported", StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
