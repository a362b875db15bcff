// Conformance: tiny single-op (or 2-3 op) TensorFlow Lite models run by brasa
// and compared with the outputs of TensorFlow Lite's reference kernels
// (tests/conformance/cases, made by tests/conformance/make_cases.py).
// One test per case directory; integer outputs must match byte for byte,
// float32 within 1e-5 relative.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "kernels/opt/sparse_f32_plan.h"
#include "tests/conformance/case_check.h"

namespace brasa {
namespace {

namespace fs = std::filesystem;

const char kCasesDir[] = BRASA_SOURCE_DIR "/tests/conformance/cases";
// Stands in for the case list when the directory is missing or empty, so the
// suite fails instead of passing with no tests.
const char kNoCases[] = "no_cases_found";

// Case directories, sorted; read when the tests are registered (discovery).
std::vector<std::string> ListCases() {
  std::vector<std::string> names = conformance::ListCaseDirs(kCasesDir);
  if (names.empty()) names.push_back(kNoCases);
  return names;
}

std::string CasePath(const std::string& name, const std::string& file) {
  return std::string(kCasesDir) + "/" + name + "/" + file;
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceTest, MatchesTensorFlowLiteReference) {
  const std::string& name = GetParam();
  ASSERT_NE(name, kNoCases) << "no case directories in " << kCasesDir
                            << " (run tests/conformance/make_cases.py)";
  const std::string dir = std::string(kCasesDir) + "/" + name;
  SCOPED_TRACE("case " + name + ", ops: " + conformance::OpsOf(dir));
  const conformance::CaseCheck check =
      conformance::CheckCase(dir, conformance::ToleranceOf(dir));
  EXPECT_TRUE(check.passed()) << check.Failure();
}

// The pruned-model cases again with every sparse kernel forced (threshold
// 0: any float32 1x1 CONV_2D or FULLY_CONNECTED, any int8 FULLY_CONNECTED
// with a batch of any size), so that LiteRT's reference outputs check the
// sparse kernels too, not only the nodes sparse enough to choose them.
TEST(ConformanceSparseKernels, PrunedCasesMatchWithTheSparseKernelsForced) {
  int checked = 0;
  for (const std::string& name : conformance::ListCaseDirs(kCasesDir)) {
    if (name.rfind("sparse_", 0) != 0) continue;
    const std::string dir = std::string(kCasesDir) + "/" + name;
    SetSparseWeightThresholdForTesting(0.0);
    const conformance::CaseCheck check =
        conformance::CheckCase(dir, conformance::ToleranceOf(dir));
    SetSparseWeightThresholdForTesting(-1.0);
    EXPECT_TRUE(check.passed()) << "case " << name << ": " << check.Failure();
    ++checked;
  }
  EXPECT_GE(checked, 20);
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
    EXPECT_TRUE(fs::exists(CasePath(name, "input_0.npy"))) << name;
    EXPECT_TRUE(fs::exists(CasePath(name, "output_0.npy"))) << name;
  }
}

}  // namespace
}  // namespace brasa
