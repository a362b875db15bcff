#include "tests/conformance/case_check.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <system_error>

#include "brasa/interpreter.h"
#include "tools/npy.h"

namespace brasa {
namespace conformance {
namespace {

namespace fs = std::filesystem;

constexpr int kMismatchesShown = 5;

std::string FileOf(const std::string& case_dir, const std::string& file) {
  return case_dir + "/" + file;
}

std::string Numbered(const std::string& prefix, int i) {
  return prefix + std::to_string(i) + ".npy";
}

// Number of files <prefix><i>.npy, i = 0, 1, ... without gaps.
int CountNumbered(const std::string& case_dir, const std::string& prefix) {
  int count = 0;
  while (fs::exists(FileOf(case_dir, Numbered(prefix, count)))) ++count;
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

class Comparison {
 public:
  explicit Comparison(OutputCheck* check) : check_(check) {}

  template <typename T>
  void Add(int64_t index, T expected, T actual, bool close) {
    const double diff = std::fabs(static_cast<double>(actual) - static_cast<double>(expected));
    if (std::isnan(diff) && !close) {
      check_->max_abs_diff = std::numeric_limits<double>::quiet_NaN();
    } else if (!std::isnan(diff) && !std::isinf(diff)) {
      check_->max_abs_diff = std::max(check_->max_abs_diff, diff);
    }
    if (close) return;
    if (check_->mismatches++ < kMismatchesShown) {
      first_ << std::setprecision(9) << " [" << index << "] expected " << +expected << " got "
             << +actual << ";";
      check_->first = first_.str();
    }
  }

 private:
  OutputCheck* check_;
  std::ostringstream first_;
};

bool FloatClose(float expected, float actual, const FloatTolerance& tolerance, double range) {
  if (std::isnan(expected) || std::isnan(actual)) {
    return std::isnan(expected) && std::isnan(actual);
  }
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  const double e = expected;
  const double allowed = std::max({tolerance.relative * std::fabs(e),
                                   tolerance.absolute * std::max(1.0, std::fabs(e)),
                                   tolerance.range_fraction * range});
  return std::fabs(static_cast<double>(actual) - e) <= allowed;
}

// max - min of the finite elements of a float32 golden.
double FloatRange(const uint8_t* data, int64_t n) {
  float low = std::numeric_limits<float>::infinity(), high = -low;
  for (int64_t i = 0; i < n; ++i) {
    const float value = Load<float>(data, i);
    if (!std::isfinite(value)) continue;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  return high >= low ? static_cast<double>(high) - low : 0.0;
}

// Compares one output; returns an error when it cannot be compared at all.
std::string CompareOutput(const std::string& golden_path, const Tensor& output,
                          const FloatTolerance& tolerance, OutputCheck* check) {
  auto golden = tools::ReadNpy(golden_path);
  if (!golden.ok()) return golden.status().ToString();
  check->what += " " + Describe(golden->type, golden->shape);
  check->type = golden->type;
  if (output.type != golden->type || output.shape != golden->shape ||
      output.bytes != golden->bytes.size() || output.data == nullptr) {
    return check->what + ": brasa's output is " + Describe(output.type, output.shape);
  }
  const int64_t n = output.element_count();
  check->elements = n;
  const uint8_t* expected = golden->bytes.data();
  const uint8_t* actual = static_cast<const uint8_t*>(output.data);
  Comparison comparison(check);
  if (output.type == DataType::kFloat32) {
    const double range = tolerance.range_fraction > 0 ? FloatRange(expected, n) : 0.0;
    for (int64_t i = 0; i < n; ++i) {
      const float e = Load<float>(expected, i), a = Load<float>(actual, i);
      comparison.Add(i, e, a, FloatClose(e, a, tolerance, range));
    }
    return "";
  }
  for (int64_t i = 0; i < n; ++i) {
    int64_t e = 0, a = 0;
    if (!IntegerAt(output.type, expected, i, &e)) return check->what + ": no comparison";
    IntegerAt(output.type, actual, i, &a);
    comparison.Add(i, e, a, e == a);
  }
  return "";
}

// Compares every output; `prefix` names the golden files (output_ or
// invoke_<k>_output_).
std::string CompareOutputs(const std::string& case_dir, const std::string& prefix,
                           const std::string& suffix, const Interpreter& runner,
                           const FloatTolerance& tolerance, CaseCheck* result) {
  for (int j = 0; j < runner.num_outputs(); ++j) {
    OutputCheck check;
    check.what = "output " + std::to_string(j) + suffix;
    std::string error =
        CompareOutput(FileOf(case_dir, Numbered(prefix, j)), *runner.output(j), tolerance, &check);
    result->outputs.push_back(check);
    if (!error.empty()) return error;
  }
  return "";
}

std::string LoadInputs(const std::string& case_dir, Interpreter& runner) {
  if (CountNumbered(case_dir, "input_") != runner.num_inputs()) {
    return "the case has " + std::to_string(CountNumbered(case_dir, "input_")) +
           " input_<i>.npy files, the model " + std::to_string(runner.num_inputs()) + " inputs";
  }
  for (int i = 0; i < runner.num_inputs(); ++i) {
    auto input = tools::ReadNpy(FileOf(case_dir, Numbered("input_", i)));
    if (!input.ok()) return input.status().ToString();
    const Tensor* tensor = runner.input(i);
    if (tensor == nullptr || tensor->data == nullptr || input->type != tensor->type ||
        input->shape != tensor->shape || input->bytes.size() != tensor->bytes) {
      return "input " + std::to_string(i) + " " + Describe(input->type, input->shape) +
             " does not fit the model's input";
    }
    std::memcpy(runner.input_data(i), input->bytes.data(), tensor->bytes);
  }
  return "";
}

std::string Run(const std::string& case_dir, const FloatTolerance& tolerance,
                CaseCheck* result) {
  auto model = Model::FromFile(FileOf(case_dir, "model.tflite"));
  if (!model.ok()) return model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  if (!interpreter.ok()) return interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  std::string node_ops;  // brasa's reading of the operators, vs. the generator's
  for (int k = 0; k < runner.num_nodes(); ++k) {
    node_ops += (k ? " " : "") + runner.node(k).op_name;
  }
  if (node_ops != result->ops) return "brasa reads the operators as: " + node_ops;
  Status status = runner.AllocateTensors();
  if (!status.ok()) return status.ToString();
  std::string error = LoadInputs(case_dir, runner);
  if (!error.empty()) return error;
  if (runner.num_outputs() == 0 || CountNumbered(case_dir, "output_") != runner.num_outputs()) {
    return "the output_<j>.npy files do not match the model's outputs";
  }
  status = runner.Invoke();
  if (!status.ok()) return status.ToString();
  error = CompareOutputs(case_dir, "output_", "", runner, tolerance, result);
  // Stateful models (resource variables) have goldens for later invokes with
  // the same inputs: invoke_<k>_output_<j>.npy, k = 2, 3, ...
  for (int k = 2; error.empty() && fs::exists(FileOf(case_dir, Numbered(
                                       "invoke_" + std::to_string(k) + "_output_", 0)));
       ++k) {
    status = runner.Invoke();
    if (!status.ok()) return "invoke " + std::to_string(k) + ": " + status.ToString();
    error = CompareOutputs(case_dir, "invoke_" + std::to_string(k) + "_output_",
                           " invoke " + std::to_string(k), runner, tolerance, result);
  }
  return error;
}

}  // namespace

bool CaseCheck::passed() const {
  if (!error.empty() || outputs.empty()) return false;
  return std::all_of(outputs.begin(), outputs.end(),
                     [](const OutputCheck& o) { return o.mismatches == 0; });
}

double CaseCheck::max_abs_diff() const {
  double diff = 0.0;
  for (const OutputCheck& o : outputs) {
    diff = std::isnan(o.max_abs_diff) ? o.max_abs_diff : std::max(diff, o.max_abs_diff);
  }
  return diff;
}

std::string CaseCheck::Failure() const {
  std::ostringstream text;
  if (!error.empty()) text << error << "\n";
  for (const OutputCheck& o : outputs) {
    if (o.mismatches == 0) continue;
    text << o.what << ": " << o.mismatches << " of " << o.elements
         << " elements differ from TensorFlow Lite, max |diff| " << o.max_abs_diff
         << "; first:" << o.first << "\n";
  }
  if (error.empty() && outputs.empty()) text << "no outputs compared\n";
  return text.str();
}

std::vector<std::string> ListCaseDirs(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string OpsOf(const std::string& case_dir) {
  std::ifstream file(FileOf(case_dir, "ops.txt"));
  std::string line, ops;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == ' ') continue;
    if (!ops.empty()) ops += ' ';
    ops += line.substr(0, line.find(' '));
  }
  return ops.empty() ? "(no ops.txt)" : ops;
}

FloatTolerance ToleranceOf(const std::string& case_dir, FloatTolerance base) {
  std::ifstream file(FileOf(case_dir, "tolerance.txt"));
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string type;
    if (fields >> type && type == "float32") fields >> base.relative >> base.absolute;
  }
  return base;
}

CaseCheck CheckCase(const std::string& case_dir, const FloatTolerance& tolerance) {
  CaseCheck result;
  result.ops = OpsOf(case_dir);
  result.error = Run(case_dir, tolerance, &result);
  return result;
}

}  // namespace conformance
}  // namespace brasa
