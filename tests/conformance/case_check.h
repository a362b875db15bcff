// Runs one case directory (model.tflite, input_<i>.npy, output_<j>.npy,
// ops.txt; see tests/conformance/README.md) with brasa and compares every
// output with TensorFlow Lite's. Shared by the conformance test, the
// model-level test and the conformance report, so that all three judge a
// case the same way.
#ifndef BRASA_TESTS_CONFORMANCE_CASE_CHECK_H_
#define BRASA_TESTS_CONFORMANCE_CASE_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/tensor.h"

namespace brasa {
namespace conformance {

// float32 tolerance. By default 1e-5 relative with an absolute floor of 1e-6
// scaled by max(1, |expected|); a case may widen it in tolerance.txt
// ("float32 <relative> <absolute>", after a '#' line saying why).
// range_fraction > 0 (whole models): |actual - expected| may also reach
// range_fraction * (max - min) of the expected output.
struct FloatTolerance {
  double relative = 1e-5;
  double absolute = 1e-6;
  double range_fraction = 0.0;
};

// One output (or one output of a repeated invoke) against its golden.
struct OutputCheck {
  std::string what;          // "output 0 int8[1,10]" (+ " invoke 2")
  DataType type = DataType::kFloat32;
  int64_t elements = 0;
  int64_t mismatches = 0;
  double max_abs_diff = 0.0;  // over all elements, not only the mismatches
  std::string first;          // the first few mismatches
};

struct CaseCheck {
  std::string ops;        // "QUANTIZE ADD DEQUANTIZE" as ops.txt lists them
  std::string error;      // set when the case could not run or be compared
  std::vector<OutputCheck> outputs;

  bool passed() const;
  double max_abs_diff() const;  // over every output
  std::string Failure() const;  // what went wrong, empty when passed
};

// The case directories under `dir`, sorted (empty when there are none).
std::vector<std::string> ListCaseDirs(const std::string& dir);

// The operator lines of <case_dir>/ops.txt, space-separated.
std::string OpsOf(const std::string& case_dir);

// tolerance.txt of the case, over `base`.
FloatTolerance ToleranceOf(const std::string& case_dir, FloatTolerance base = {});

// Loads, allocates, copies the inputs, invokes (again for each
// invoke_<k>_output_<j>.npy) and compares. Also checks that brasa reads the
// operator list of ops.txt.
CaseCheck CheckCase(const std::string& case_dir, const FloatTolerance& tolerance);

}  // namespace conformance
}  // namespace brasa

#endif  // BRASA_TESTS_CONFORMANCE_CASE_CHECK_H_
