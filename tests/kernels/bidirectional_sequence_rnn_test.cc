// BIDIRECTIONAL_SEQUENCE_RNN: a hand-computed float step and the errors
// Prepare reports. Outputs against TensorFlow Lite:
// tests/conformance/families/bidirectional_rnn.py.
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

constexpr int kBirnnCode = 46;

// One time step, batch 1, one input, one unit per direction: y = relu(w x +
// r h + b) with w = 2 (forward), -1 (backward), r = 0, b = 0.5.
OpTester MakeBirnn(bool merge, bool with_aux = false) {
  OpTester tester(Register_BIDIRECTIONAL_SEQUENCE_RNN(), kBirnnCode);
  tester.SetParams(BidirectionalSequenceRnnParams{Activation::kRelu, true, merge, false});
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1}, {1.5f});
  for (float w : {2.0f, -1.0f}) {
    tester.AddConstInput<float>(DataType::kFloat32, {1, 1}, {w});
    tester.AddConstInput<float>(DataType::kFloat32, {1, 1}, {0.0f});
    tester.AddConstInput<float>(DataType::kFloat32, {1}, {0.5f});
    tester.AddVariableInput(DataType::kFloat32, {1, 1}, Quantization{});
  }
  if (with_aux) {
    tester.AddInput<float>(DataType::kFloat32, {1, 1, 1}, {1.0f});
  } else {
    tester.AddOmittedInput();
  }
  tester.AddOmittedInput();
  tester.AddOmittedInput();
  tester.AddOutput(DataType::kFloat32, {1, 1, merge ? 2 : 1});
  if (!merge) tester.AddOutput(DataType::kFloat32, {1, 1, 1});
  return tester;
}

TEST(BidirectionalSequenceRnnTest, MergedOutputsHoldForwardThenBackward) {
  OpTester tester = MakeBirnn(/*merge=*/true);
  ASSERT_TRUE(tester.Run().ok());
  // forward relu(2 * 1.5 + 0.5) = 3.5; backward relu(-1.5 + 0.5) = 0.
  EXPECT_EQ(tester.Output<float>(), std::vector<float>({3.5f, 0.0f}));
}

TEST(BidirectionalSequenceRnnTest, AuxiliaryInputsAreUnsupported) {
  OpTester tester = MakeBirnn(/*merge=*/false, /*with_aux=*/true);
  ExpectNodeRunError(tester, "BIDIRECTIONAL_SEQUENCE_RNN", "auxiliary inputs (input 9)",
                     StatusCode::kUnsupported);
}

TEST(BidirectionalSequenceRnnTest, RejectsAWrongInputCount) {
  OpTester tester(Register_BIDIRECTIONAL_SEQUENCE_RNN(), kBirnnCode);
  tester.SetParams(BidirectionalSequenceRnnParams{});
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 3}, std::vector<float>(6, 0.0f));
  tester.AddOutput(DataType::kFloat32, {1, 2, 3});
  tester.AddOutput(DataType::kFloat32, {1, 2, 3});
  ExpectNodeRunError(tester, "BIDIRECTIONAL_SEQUENCE_RNN", "expects 12 inputs, has 1");
}

}  // namespace
}  // namespace brasa
