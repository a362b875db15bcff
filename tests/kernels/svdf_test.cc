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

// A 2-filter SVDF of the given rank, activation and types (feature and time
// weights, state); values do not matter to the error tests.
OpTester MakeSvdf(int rank, Activation activation, DataType input, DataType feature, DataType time,
                  DataType state, float state_scale = 0.1f) {
  OpTester tester(Register_SVDF(), kSvdfCode);
  SvdfParams params;
  params.rank = rank;
  params.activation = activation;
  tester.SetParams(params);
  const Quantization q = PerTensor(0.1f, 0);
  auto quantization = [&](DataType type) {
    return type == DataType::kFloat32 ? Quantization{} : q;
  };
  auto bytes = [](DataType type) { return std::vector<uint8_t>(4 * DataTypeSize(type), 1); };
  tester.AddInput<uint8_t>(input, {1, 2}, std::vector<uint8_t>(2 * DataTypeSize(input), 0),
                           quantization(input));
  tester.AddConstInput<uint8_t>(feature, {2, 2}, bytes(feature), quantization(feature));
  tester.AddConstInput<uint8_t>(time, {2, 2}, bytes(time), quantization(time));
  tester.AddOmittedInput();
  tester.AddVariableInput(state, {1, 4},
                          state == DataType::kFloat32 ? Quantization{} : PerTensor(state_scale, 0));
  tester.AddOutput(input, {1, 2 / rank},
                   input == DataType::kFloat32 ? Quantization{} : PerTensor(0.1f, -128));
  return tester;
}

TEST(SvdfTest, RankMustDivideTheFilters) {
  OpTester tester = MakeSvdf(3, Activation::kNone, DataType::kFloat32, DataType::kFloat32,
                             DataType::kFloat32, DataType::kFloat32);
  ExpectNodeRunError(tester, "SVDF", "rank 3 must be positive and divide the 2 filters");
}

TEST(SvdfTest, HybridNeedsInt8TimeWeights) {
  OpTester tester = MakeSvdf(1, Activation::kNone, DataType::kFloat32, DataType::kInt8,
                             DataType::kFloat32, DataType::kFloat32);
  ExpectNodeRunError(tester, "SVDF", "weights_time must be int8, is float32");
}

TEST(SvdfTest, IntegerNeedsRelu) {
  OpTester tester = MakeSvdf(1, Activation::kTanh, DataType::kInt8, DataType::kInt8,
                             DataType::kInt16, DataType::kInt16);
  ExpectNodeRunError(tester, "SVDF", "supports only the RELU activation", StatusCode::kUnsupported);
}

TEST(SvdfTest, IntegerNeedsInt16State) {
  OpTester tester = MakeSvdf(1, Activation::kRelu, DataType::kInt8, DataType::kInt8,
                             DataType::kInt16, DataType::kInt8);
  ExpectNodeRunError(tester, "SVDF", "state must be int16, is int8");
}

// s_in * s_wf / s_state = 0.1 * 0.1 / 1e-30 needs a left shift past 31 bits
// (a hostile model's scales; found by fuzz_model_structured's kind of edit).
TEST(SvdfTest, IntegerRejectsAnOutOfRangeMultiplier) {
  OpTester tester = MakeSvdf(1, Activation::kRelu, DataType::kInt8, DataType::kInt8,
                             DataType::kInt16, DataType::kInt16, 1e-30f);
  ExpectNodeRunError(tester, "SVDF", "feature-to-state multiplier 1e+28 is too large",
                     StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
