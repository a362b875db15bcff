// Variable tensors (the state of SVDF and the sequence LSTM) persist from one
// Invoke to the next, and Interpreter::ResetVariables returns them to their
// initial value.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

struct LoadedModel {
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
};

LoadedModel Load(const char* file) {
  LoadedModel run;
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/" + file);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return run;
  run.model = std::move(model.value());
  auto interpreter = Interpreter::Create(*run.model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return run;
  run.interpreter = std::move(interpreter.value());
  EXPECT_TRUE(run.interpreter->AllocateTensors().ok());
  // Values in each model's own input range (pixels in [0, 1), audio features).
  const Tensor* input = run.interpreter->input(0);
  void* data = run.interpreter->input_data(0);
  for (int64_t i = 0; i < input->element_count(); ++i) {
    if (input->type == DataType::kFloat32) {
      static_cast<float*>(data)[i] = static_cast<float>(i * 37 % 101) / 101.0f;
    } else if (input->type == DataType::kInt16) {
      static_cast<int16_t*>(data)[i] = static_cast<int16_t>(i * 7919 % 24000);
    } else {
      static_cast<int8_t*>(data)[i] = static_cast<int8_t>(i * 37 % 256 - 128);
    }
  }
  return run;
}

// Every variable tensor's bytes, concatenated.
std::vector<uint8_t> VariableBytes(const Interpreter& interpreter) {
  std::vector<uint8_t> bytes;
  for (int t = 0; t < interpreter.num_tensors(); ++t) {
    const Tensor* tensor = interpreter.tensor(t);
    if (!tensor->is_variable) continue;
    const uint8_t* data = static_cast<const uint8_t*>(tensor->data);
    bytes.insert(bytes.end(), data, data + tensor->bytes);
  }
  return bytes;
}

std::vector<uint8_t> InvokeAndReadOutput(Interpreter& interpreter) {
  EXPECT_TRUE(interpreter.Invoke().ok());
  const Tensor* output = interpreter.output(0);
  const uint8_t* data = static_cast<const uint8_t*>(output->data);
  return std::vector<uint8_t>(data, data + output->bytes);
}

struct StatefulModel {
  const char* file;
  // The quantized classifiers saturate on any input: their outputs do not
  // show the state change, their variable tensors do.
  bool output_shows_state;
};

void PrintTo(const StatefulModel& m, std::ostream* os) { *os << m.file; }

class ResetVariablesTest : public ::testing::TestWithParam<StatefulModel> {};

TEST_P(ResetVariablesTest, StatePersistsUntilReset) {
  LoadedModel run = Load(GetParam().file);
  ASSERT_NE(run.interpreter, nullptr);
  Interpreter& interpreter = *run.interpreter;
  const std::vector<uint8_t> initial = VariableBytes(interpreter);
  ASSERT_FALSE(initial.empty()) << GetParam().file << " has no variable tensors";
  for (uint8_t b : initial) ASSERT_EQ(b, 0) << "variables start at zero";

  const std::vector<uint8_t> first = InvokeAndReadOutput(interpreter);
  const std::vector<uint8_t> state_after_first = VariableBytes(interpreter);
  EXPECT_NE(state_after_first, initial) << "Invoke should update the state";
  const std::vector<uint8_t> second = InvokeAndReadOutput(interpreter);
  EXPECT_NE(VariableBytes(interpreter), state_after_first) << "the state should keep evolving";
  if (GetParam().output_shows_state) {
    EXPECT_NE(first, second) << "the same input on a different state should differ";
  }

  ASSERT_TRUE(interpreter.ResetVariables().ok());
  EXPECT_EQ(VariableBytes(interpreter), initial);
  EXPECT_EQ(InvokeAndReadOutput(interpreter), first) << "after a reset, the first result again";
  EXPECT_EQ(VariableBytes(interpreter), state_after_first);
}

INSTANTIATE_TEST_SUITE_P(StatefulModels, ResetVariablesTest,
                         ::testing::Values(StatefulModel{"keyword_scrambled.tflite", false},
                                           StatefulModel{"trained_lstm.tflite", true},
                                           StatefulModel{"trained_lstm_int8.tflite", false}));

TEST(ResetVariablesTest, FailsBeforeAllocateTensors) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/trained_lstm.tflite");
  ASSERT_TRUE(model.ok());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  EXPECT_EQ((*interpreter)->ResetVariables().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace brasa
