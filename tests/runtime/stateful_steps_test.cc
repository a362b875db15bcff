// Stateful ops keep their state in variable tensors from one Invoke to the
// next. Conformance cases of such ops (SVDF, the sequence LSTM) carry
// step<k>_input_<i>.npy / step<k>_output_<j>.npy: the reference outputs of
// invoke k+1 of one LiteRT interpreter (tests/conformance/make_cases.py,
// write_later_steps). This replays them on one brasa interpreter.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "brasa/interpreter.h"
#include "tools/npy.h"

namespace brasa {
namespace {

namespace fs = std::filesystem;

const char kCasesDir[] = BRASA_SOURCE_DIR "/tests/conformance/cases";

std::string CaseFile(const std::string& name, const std::string& file) {
  return std::string(kCasesDir) + "/" + name + "/" + file;
}

// Cases with a second step, sorted.
std::vector<std::string> StatefulCases() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(kCasesDir, error)) {
    if (fs::exists(entry.path() / "step1_input_0.npy")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

int CountSteps(const std::string& name) {
  int steps = 1;
  while (fs::exists(CaseFile(name, "step" + std::to_string(steps) + "_input_0.npy"))) ++steps;
  return steps;
}

std::string StepPrefix(int step) { return step == 0 ? "" : "step" + std::to_string(step) + "_"; }

void ExpectEqualToGolden(const tools::NpyArray& golden, const Tensor& output,
                         const std::string& what) {
  ASSERT_EQ(golden.type, output.type) << what;
  ASSERT_EQ(golden.shape, output.shape) << what;
  ASSERT_EQ(golden.bytes.size(), output.bytes) << what;
  int mismatches = 0;
  if (output.type == DataType::kFloat32) {
    for (int64_t i = 0; i < output.element_count(); ++i) {
      float expected;
      std::memcpy(&expected, golden.bytes.data() + 4 * i, 4);
      const float actual = output.data_as<float>()[i];
      mismatches += !(std::fabs(actual - expected) <= 1e-5f * std::max(1.0f, std::fabs(expected)));
    }
  } else {
    for (size_t b = 0; b < output.bytes; ++b) {
      mismatches += golden.bytes[b] != output.data_as<uint8_t>()[b];
    }
  }
  EXPECT_EQ(mismatches, 0) << what << ": differs from TensorFlow Lite";
}

TEST(StatefulStepsTest, EveryStatefulCaseMatchesTensorFlowLiteInvokeAfterInvoke) {
  const std::vector<std::string> cases = StatefulCases();
  ASSERT_FALSE(cases.empty()) << "no conformance case has step files";
  for (const std::string& name : cases) {
    SCOPED_TRACE(name);
    auto model = Model::FromFile(CaseFile(name, "model.tflite"));
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
    ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
    Interpreter& runner = **interpreter;
    ASSERT_TRUE(runner.AllocateTensors().ok());
    const int steps = CountSteps(name);
    for (int step = 0; step < steps; ++step) {
      for (int i = 0; i < runner.num_inputs(); ++i) {
        auto input = tools::ReadNpy(
            CaseFile(name, StepPrefix(step) + "input_" + std::to_string(i) + ".npy"));
        ASSERT_TRUE(input.ok()) << input.status().ToString();
        ASSERT_EQ(input->bytes.size(), runner.input(i)->bytes);
        std::memcpy(runner.input(i)->data, input->bytes.data(), input->bytes.size());
      }
      ASSERT_TRUE(runner.Invoke().ok());
      for (int j = 0; j < runner.num_outputs(); ++j) {
        auto golden = tools::ReadNpy(
            CaseFile(name, StepPrefix(step) + "output_" + std::to_string(j) + ".npy"));
        ASSERT_TRUE(golden.ok()) << golden.status().ToString();
        ExpectEqualToGolden(*golden, *runner.output(j),
                            "step " + std::to_string(step) + " output " + std::to_string(j));
      }
    }
  }
}

}  // namespace
}  // namespace brasa
