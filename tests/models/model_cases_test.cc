// Model-level cases: whole Keras networks (MobileNet V1/V2/V3, an
// EfficientNet-B0-style network, an LSTM classifier, a U-Net), float32 and
// int8, with the outputs of TensorFlow Lite's reference kernels
// (tests/models/cases, made by tools/gen_conformance.py --models).
//
// Integer outputs must match byte for byte. Float32 outputs may differ by
// 1e-4 of the output's range (max - min of the golden): a whole network sums
// in a different order than TensorFlow Lite (SIMD kernels, FMA) through
// dozens of layers, and near-zero elements make a per-element relative bound
// meaningless; a wrong kernel still shows up as errors of the order of the
// range. The test prints each case's largest difference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/conformance/case_check.h"

namespace brasa {
namespace {

const char kCasesDir[] = BRASA_SOURCE_DIR "/tests/models/cases";
const char kNoCases[] = "no_cases_found";
constexpr double kRangeFraction = 1e-4;

std::vector<std::string> ListCases() {
  std::vector<std::string> names = conformance::ListCaseDirs(kCasesDir);
  if (names.empty()) names.push_back(kNoCases);
  return names;
}

class ModelCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelCaseTest, MatchesTensorFlowLiteReference) {
  const std::string& name = GetParam();
  ASSERT_NE(name, kNoCases) << "no case directories in " << kCasesDir
                            << " (run tools/gen_conformance.py --models)";
  const std::string dir = std::string(kCasesDir) + "/" + name;
  conformance::FloatTolerance tolerance;
  tolerance.range_fraction = kRangeFraction;
  const conformance::CaseCheck check = conformance::CheckCase(dir, tolerance);
  EXPECT_TRUE(check.passed()) << name << ":\n" << check.Failure();
  std::printf("%s: max |diff| %g\n", name.c_str(), check.max_abs_diff());
}

INSTANTIATE_TEST_SUITE_P(
    Models, ModelCaseTest, ::testing::ValuesIn(ListCases()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      std::string name = info.param;
      std::replace_if(name.begin(), name.end(),
                      [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); },
                      '_');
      return name;
    });

}  // namespace
}  // namespace brasa
