// UNIDIRECTIONAL_SEQUENCE_LSTM: the errors Prepare reports. Outputs against
// TensorFlow Lite: tests/conformance/families/rnn.py (lstm_*),
// lstm_hybrid.py (hybrid) and the trained_lstm model goldens.
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

constexpr int kLstmCode = 44;
constexpr int kCell = 2, kInputSize = 3;

// The bytes of `count` zeros of `type` (the weights' values do not matter to
// these tests).
std::vector<uint8_t> Zeros(DataType type, size_t count) {
  return std::vector<uint8_t>(count * DataTypeSize(type), 0);
}

// A float (or int8) LSTM with all four gates; `weight_type` may differ from
// the input's to make a hybrid model (int8 weights with `weight_scale`).
OpTester MakeLstm(DataType input_type, DataType weight_type, bool variable_states = true,
                  float weight_scale = 0.01f) {
  OpTester tester(Register_UNIDIRECTIONAL_SEQUENCE_LSTM(), kLstmCode);
  tester.SetParams(SequenceLstmParams{Activation::kTanh, 0.0f, 0.0f, false, false, false});
  const bool integer = input_type == DataType::kInt8;
  const Quantization q = integer ? PerTensor(0.01f, 0) : Quantization{};
  if (integer) {
    tester.AddInput<int8_t>(DataType::kInt8, {1, 2, kInputSize}, std::vector<int8_t>(6, 1), q);
  } else {
    tester.AddInput<float>(DataType::kFloat32, {1, 2, kInputSize}, std::vector<float>(6, 0.5f));
  }
  const Quantization wq = weight_type == DataType::kFloat32 || weight_scale == 0.0f
                              ? Quantization{}
                              : PerTensor(weight_scale, 0);
  for (int i = 0; i < 4; ++i) {
    tester.AddConstInput<uint8_t>(weight_type, {kCell, kInputSize},
                                  Zeros(weight_type, kCell * kInputSize), wq);
  }
  for (int i = 0; i < 4; ++i) {
    tester.AddConstInput<uint8_t>(weight_type, {kCell, kCell}, Zeros(weight_type, kCell * kCell),
                                  wq);
  }
  for (int i = 0; i < 3; ++i) tester.AddOmittedInput();  // no peephole
  for (int i = 0; i < 4; ++i) {
    const DataType bias_type = integer ? DataType::kInt32 : DataType::kFloat32;
    tester.AddConstInput<uint8_t>(bias_type, {kCell}, Zeros(bias_type, kCell));
  }
  tester.AddOmittedInput();  // no projection
  tester.AddOmittedInput();
  if (variable_states) {
    tester.AddVariableInput(input_type, {1, kCell}, q);
    tester.AddVariableInput(integer ? DataType::kInt16 : DataType::kFloat32, {1, kCell},
                            integer ? PerTensor(1.0f / 2048, 0) : Quantization{});
  } else {
    tester.AddInput<float>(DataType::kFloat32, {1, kCell}, {0, 0});
    tester.AddInput<float>(DataType::kFloat32, {1, kCell}, {0, 0});
  }
  for (int i = 0; i < 4; ++i) tester.AddOmittedInput();  // no layer norm
  tester.AddOutput(input_type, {1, 2, kCell}, q);
  return tester;
}

TEST(UnidirectionalSequenceLstmTest, FloatWithZeroWeightsGivesZeroOutput) {
  OpTester tester = MakeLstm(DataType::kFloat32, DataType::kFloat32);
  ASSERT_TRUE(tester.Run().ok());
  // Gates sigmoid(0) = 0.5, cell gate tanh(0) = 0: the cell stays 0, so does h.
  EXPECT_EQ(tester.Output<float>(), std::vector<float>(4, 0.0f));
}

TEST(UnidirectionalSequenceLstmTest, StatesMustBeVariables) {
  OpTester tester = MakeLstm(DataType::kFloat32, DataType::kFloat32, /*variable_states=*/false);
  ExpectNodeRunError(tester, "UNIDIRECTIONAL_SEQUENCE_LSTM", "must be a variable tensor");
}

TEST(UnidirectionalSequenceLstmTest, HybridWithZeroWeightsGivesZeroOutput) {
  OpTester tester = MakeLstm(DataType::kFloat32, DataType::kInt8);
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), std::vector<float>(4, 0.0f));
}

TEST(UnidirectionalSequenceLstmTest, HybridWeightsNeedAScale) {
  OpTester tester = MakeLstm(DataType::kFloat32, DataType::kInt8, true, /*weight_scale=*/0.0f);
  ExpectNodeRunError(tester, "UNIDIRECTIONAL_SEQUENCE_LSTM", "need one positive scale");
}

// LiteRT reads uint8 weights of a float LSTM as int8 bytes; brasa refuses them.
TEST(UnidirectionalSequenceLstmTest, HybridUint8WeightsAreUnsupported) {
  OpTester tester = MakeLstm(DataType::kFloat32, DataType::kUInt8);
  ExpectNodeRunError(tester, "UNIDIRECTIONAL_SEQUENCE_LSTM", "with uint8 weights is not supported",
                     StatusCode::kUnsupported);
}

TEST(UnidirectionalSequenceLstmTest, IntegerNeedsTheIntermediateTensors) {
  OpTester tester = MakeLstm(DataType::kInt8, DataType::kInt8);
  ExpectNodeRunError(tester, "UNIDIRECTIONAL_SEQUENCE_LSTM", "needs 5 intermediate tensors");
}

TEST(UnidirectionalSequenceLstmTest, RejectsAWrongInputCount) {
  OpTester tester(Register_UNIDIRECTIONAL_SEQUENCE_LSTM(), kLstmCode);
  tester.SetParams(SequenceLstmParams{});
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 3}, std::vector<float>(6, 0.0f));
  tester.AddOutput(DataType::kFloat32, {1, 2, 3});
  ExpectNodeRunError(tester, "UNIDIRECTIONAL_SEQUENCE_LSTM", "expects 20 or 24 inputs, has 1");
}

}  // namespace
}  // namespace brasa
