// SVDF: a hand-checked float step and the errors Prepare reports. Outputs
// against TensorFlow Lite: tests/conformance/families/rnn.py (svdf_*), and
// the keyword_scrambled model golden.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;
using testing::PerTensor;

constexpr int kSvdfCode = 27;

// batch 1, input 2, 2 filters of rank 1, memory 2; state zero at the start.
OpTester MakeFloatSvdf(Activation activation, bool variable_state = true) {
  OpTester tester(Register_SVDF(), kSvdfCode);
  SvdfParams params;
  params.rank = 1;
  params.activation = activation;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1.0f, -2.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {0.5f, 0.25f, -1.0f, 2.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {3.0f, 10.0f, 1.0f, -2.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {2}, {0.5f, 1.0f});
  if (variable_state) {
    tester.AddVariableInput(DataType::kFloat32, {1, 4});
  } else {
    tester.AddInput<float>(DataType::kFloat32, {1, 4}, {0, 0, 0, 0});
  }
  tester.AddOutput(DataType::kFloat32, {1, 2});
  return tester;
}

TEST(SvdfTest, FloatFirstStepUsesTheNewestMemorySlot) {
  OpTester tester = MakeFloatSvdf(Activation::kNone);
  ASSERT_TRUE(tester.Run().ok());
  // Features: 0.5 - 0.5 = 0 and -1 - 4 = -5, stored in each filter's last
  // slot; time weights 10 and -2 on them; plus the bias.
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0.5f, 11.0f}));
}

TEST(SvdfTest, FloatRelu) {
  OpTester tester = MakeFloatSvdf(Activation::kRelu);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0.5f, 11.0f}));
}

TEST(SvdfTest, StateMustBeAVariable) {
  OpTester tester = MakeFloatSvdf(Activation::kNone, /*variable_state=*/false);
  ExpectNodeRunError(tester, "SVDF", "must be a variable tensor");
}

TEST(SvdfTest, RankMustDivideTheFilters) {
  OpTester tester(Register_SVDF(), kSvdfCode);
  SvdfParams params;
  params.rank = 3;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1.0f, 2.0f});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {1, 1, 1, 1});
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {1, 1, 1, 1});
  tester.AddOmittedInput();
  tester.AddVariableInput(DataType::kFloat32, {1, 4});
  tester.AddOutput(DataType::kFloat32, {1, 1});
  ExpectNodeRunError(tester, "SVDF", "rank 3 must be positive and divide the 2 filters");
}

TEST(SvdfTest, HybridIsUnsupported) {
  OpTester tester(Register_SVDF(), kSvdfCode);
  SvdfParams params;
  params.rank = 1;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1.0f, 2.0f});
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 2}, {1, 1, 1, 1}, PerTensor(0.1f, 0));
  tester.AddConstInput<float>(DataType::kFloat32, {2, 2}, {1, 1, 1, 1});
  tester.AddOmittedInput();
  tester.AddVariableInput(DataType::kFloat32, {1, 4});
  tester.AddOutput(DataType::kFloat32, {1, 2});
  ExpectNodeRunError(tester, "SVDF", "hybrid SVDF", StatusCode::kUnsupported);
}

TEST(SvdfTest, IntegerNeedsRelu) {
  OpTester tester(Register_SVDF(), kSvdfCode);
  SvdfParams params;
  params.rank = 1;
  params.activation = Activation::kTanh;
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, {1, 2}, {1, 2}, PerTensor(0.1f, 0));
  tester.AddConstInput<int8_t>(DataType::kInt8, {2, 2}, {1, 1, 1, 1}, PerTensor(0.1f, 0));
  tester.AddConstInput<int16_t>(DataType::kInt16, {2, 2}, {1, 1, 1, 1}, PerTensor(0.1f, 0));
  tester.AddOmittedInput();
  tester.AddVariableInput(DataType::kInt16, {1, 4}, PerTensor(0.1f, 0));
  tester.AddOutput(DataType::kInt8, {1, 2}, PerTensor(0.1f, -128));
  ExpectNodeRunError(tester, "SVDF", "supports only the RELU activation",
                     StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
