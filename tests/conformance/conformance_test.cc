// Conformance: tiny single-op (or 2-3 op) TensorFlow Lite models run by brasa
// and compared with the outputs of TensorFlow Lite's reference kernels
// (tests/conformance/cases, made by tests/conformance/make_cases.py).
// One test per case directory; integer outputs must match byte for byte,
// float32 within 1e-5 relative.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "brasa/interpreter.h"
#include "tools/npy.h"

namespace brasa {
namespace {

namespace fs = std::filesystem;

const char kCasesDir[] = BRASA_SOURCE_DIR "/tests/conformance/cases";
// Stands in for the case list when the directory is missing or empty, so the
// suite fails instead of passing with no tests.
const char kNoCases[] = "no_cases_found";
constexpr int kMismatchesShown = 5;

// Case directories, sorted; read when the tests are registered (discovery).
std::vector<std::string> ListCases() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(kCasesDir, error)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back(kNoCases);
  return names;
}

std::string CasePath(const std::string& name, const std::string& file) {
  return std::string(kCasesDir) + "/" + name + "/" + file;
}

// "CONV_2D" or "QUANTIZE ADD DEQUANTIZE": the operator lines of ops.txt.
std::string OpsOf(const std::string& name) {
  std::ifstream file(CasePath(name, "ops.txt"));
  std::string line, ops;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == ' ') continue;
    if (!ops.empty()) ops += ' ';
    ops += line.substr(0, line.find(' '));
  }
  return ops.empty() ? "(no ops.txt)" : ops;
}

// Number of files <prefix><i>.npy, i = 0, 1, ... without gaps.
int CountNumbered(const std::string& name, const std::string& prefix) {
  int count = 0;
  while (fs::exists(CasePath(name, prefix + std::to_string(count) + ".npy"))) ++count;
  return count;
}

std::string Describe(DataType type, const Shape& shape) {
  return std::string(DataTypeName(type)) + ShapeToString(shape);
}

// Element i of raw little-endian data (npy bytes need not be aligned).
template <typename T>
T Load(const uint8_t* data, int64_t i) {
  T value;
  std::memcpy(&value, data + sizeof(T) * static_cast<size_t>(i), sizeof(T));
  return value;
}

// Element i of an integer tensor, widened; false for a non-integer type.
bool IntegerAt(DataType type, const uint8_t* data, int64_t i, int64_t* value) {
  switch (type) {
    case DataType::kInt8: *value = Load<int8_t>(data, i); return true;
    case DataType::kUInt8: *value = Load<uint8_t>(data, i); return true;
    case DataType::kBool: *value = Load<uint8_t>(data, i); return true;
    case DataType::kInt16: *value = Load<int16_t>(data, i); return true;
    case DataType::kInt32: *value = Load<int32_t>(data, i); return true;
    case DataType::kInt64: *value = Load<int64_t>(data, i); return true;
    default: return false;
  }
}

// Collects mismatches: how many, the largest |difference|, the first few.
struct MismatchReport {
  int64_t count = 0;
  double max_abs_diff = 0.0;
  std::ostringstream first;

  template <typename T>
  void Add(int64_t index, T expected, T actual) {
    const double diff = std::fabs(static_cast<double>(actual) - static_cast<double>(expected));
    max_abs_diff = std::isnan(diff) ? diff : std::max(max_abs_diff, diff);
    if (count++ < kMismatchesShown) {
      first << std::setprecision(9) << " [" << index << "] expected " << +expected << " got "
            << +actual << ";";
    }
  }
};

// float32 tolerance: by default 1e-5 relative, with an absolute floor of 1e-6
// scaled by max(1, |expected|). A case may widen it in tolerance.txt
// ("float32 <relative> <absolute>", after a '#' line saying why), for ops
// whose float results legitimately differ (transcendental functions).
struct FloatTolerance {
  double relative = 1e-5;
  double absolute = 1e-6;
};

FloatTolerance ToleranceOf(const std::string& name) {
  FloatTolerance tolerance;
  std::ifstream file(CasePath(name, "tolerance.txt"));
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string type;
    if (fields >> type && type == "float32") fields >> tolerance.relative >> tolerance.absolute;
  }
  return tolerance;
}

bool FloatClose(float expected, float actual, const FloatTolerance& tolerance) {
  if (std::isnan(expected) || std::isnan(actual)) {
    return std::isnan(expected) && std::isnan(actual);
  }
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  const double e = expected;
  const double allowed = std::max(tolerance.relative * std::fabs(e),
                                  tolerance.absolute * std::max(1.0, std::fabs(e)));
  return std::fabs(static_cast<double>(actual) - e) <= allowed;
}

// `file`: the golden's file name; output_<index>.npy when empty.
void ExpectOutputMatches(const std::string& name, int index, const Tensor& output,
                         const std::string& file = "") {
  auto golden = tools::ReadNpy(
      CasePath(name, file.empty() ? "output_" + std::to_string(index) + ".npy" : file));
  ASSERT_TRUE(golden.ok()) << golden.status().ToString();
  const std::string what = "output " + std::to_string(index) + " " +
                           Describe(golden->type, golden->shape);
  ASSERT_EQ(output.type, golden->type) << what << ": brasa's output is "
                                       << Describe(output.type, output.shape);
  ASSERT_EQ(output.shape, golden->shape) << what << ": brasa's output is "
                                         << Describe(output.type, output.shape);
  ASSERT_EQ(output.bytes, golden->bytes.size()) << what;
  ASSERT_NE(output.data, nullptr) << what;
  const int64_t n = output.element_count();
  MismatchReport report;
  if (output.type == DataType::kFloat32) {
    const FloatTolerance tolerance = ToleranceOf(name);
    for (int64_t i = 0; i < n; ++i) {
      const float expected = Load<float>(golden->bytes.data(), i);
      const float actual = Load<float>(static_cast<const uint8_t*>(output.data), i);
      if (!FloatClose(expected, actual, tolerance)) report.Add(i, expected, actual);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      int64_t expected = 0, actual = 0;
      ASSERT_TRUE(IntegerAt(output.type, golden->bytes.data(), i, &expected))
          << what << ": no comparison for this dtype";
      IntegerAt(output.type, static_cast<const uint8_t*>(output.data), i, &actual);
      if (expected != actual) report.Add(i, expected, actual);
    }
  }
  EXPECT_EQ(report.count, 0) << what << ": " << report.count << " of " << n
                             << " elements differ from TensorFlow Lite, max |diff| "
                             << report.max_abs_diff << "; first:" << report.first.str();
}

// Stateful models (resource variables) have goldens for later invokes with
// the same inputs: invoke_<k>_output_<j>.npy, k = 2, 3, ...
std::string RepeatedInvokeFile(int invoke, int output) {
  return "invoke_" + std::to_string(invoke) + "_output_" + std::to_string(output) + ".npy";
}

void ExpectRepeatedInvokesMatch(const std::string& name, Interpreter& runner) {
  for (int k = 2; fs::exists(CasePath(name, RepeatedInvokeFile(k, 0))); ++k) {
    SCOPED_TRACE("invoke " + std::to_string(k));
    Status status = runner.Invoke();
    ASSERT_TRUE(status.ok()) << status.ToString();
    for (int j = 0; j < runner.num_outputs(); ++j) {
      ExpectOutputMatches(name, j, *runner.output(j), RepeatedInvokeFile(k, j));
    }
  }
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceTest, MatchesTensorFlowLiteReference) {
  const std::string& name = GetParam();
  ASSERT_NE(name, kNoCases) << "no case directories in " << kCasesDir
                            << " (run tests/conformance/make_cases.py)";
  SCOPED_TRACE("case " + name + ", ops: " + OpsOf(name));

  auto model = Model::FromFile(CasePath(name, "model.tflite"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  std::string node_ops;  // brasa's reading of the operators, vs. the generator's
  for (int k = 0; k < runner.num_nodes(); ++k) {
    node_ops += (k ? " " : "") + runner.node(k).op_name;
  }
  EXPECT_EQ(node_ops, OpsOf(name)) << "operators as brasa reads them";
  Status status = runner.AllocateTensors();
  ASSERT_TRUE(status.ok()) << status.ToString();

  ASSERT_EQ(CountNumbered(name, "input_"), runner.num_inputs()) << "input_<i>.npy files";
  ASSERT_EQ(CountNumbered(name, "output_"), runner.num_outputs()) << "output_<j>.npy files";
  ASSERT_GT(runner.num_outputs(), 0);
  for (int i = 0; i < runner.num_inputs(); ++i) {
    auto input = tools::ReadNpy(CasePath(name, "input_" + std::to_string(i) + ".npy"));
    ASSERT_TRUE(input.ok()) << input.status().ToString();
    Tensor* tensor = runner.input(i);
    ASSERT_NE(tensor, nullptr);
    ASSERT_EQ(input->type, tensor->type) << "input " << i;
    ASSERT_EQ(input->shape, tensor->shape) << "input " << i;
    ASSERT_EQ(input->bytes.size(), tensor->bytes) << "input " << i;
    ASSERT_NE(tensor->data, nullptr) << "input " << i;
    std::memcpy(tensor->data, input->bytes.data(), tensor->bytes);
  }
  status = runner.Invoke();
  ASSERT_TRUE(status.ok()) << status.ToString();
  for (int j = 0; j < runner.num_outputs(); ++j) {
    ExpectOutputMatches(name, j, *runner.output(j));
  }
  ExpectRepeatedInvokesMatch(name, runner);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConformanceTest, ::testing::ValuesIn(ListCases()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      std::string name = info.param;
      std::replace_if(name.begin(), name.end(),
                      [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); },
                      '_');
      return name;
    });

// Every case directory holds a model and at least one input and output.
TEST(ConformanceCasesTest, EveryCaseIsComplete) {
  for (const std::string& name : ListCases()) {
    ASSERT_NE(name, kNoCases) << "no case directories in " << kCasesDir;
    EXPECT_TRUE(fs::exists(CasePath(name, "model.tflite"))) << name;
    EXPECT_TRUE(fs::exists(CasePath(name, "ops.txt"))) << name;
    EXPECT_GE(CountNumbered(name, "input_"), 1) << name;
    EXPECT_GE(CountNumbered(name, "output_"), 1) << name;
  }
}

}  // namespace
}  // namespace brasa
