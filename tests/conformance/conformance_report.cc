// brasa_conformance_report [cases_dir]: runs every conformance case and
// prints one row per operator and dtype (cases, passes, failures, largest
// |difference| from TensorFlow Lite), then totals per dtype. Exits 1 when a
// case fails or there are none. A case counts for each operator it holds,
// under the dtype of that operator's first non-constant input in ops.txt (a
// QUANTIZE at a float edge counts as float32, the int8 CONV_2D after it as int8).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/conformance/case_check.h"

namespace brasa {
namespace {

using OpDtype = std::pair<std::string, std::string>;

// (operator, dtype) for every node of <case_dir>/ops.txt: "CONV_2D ..." lines
// followed by "  in  int8[1,5,5,3] q(...)" and "  out ..." lines. The dtype is
// that of the first non-constant input (TRANSPOSE_CONV's constant output shape
// comes first), else of the first input, else of the first output.
std::set<OpDtype> OpDtypesOf(const std::string& case_dir) {
  std::ifstream file(case_dir + "/ops.txt");
  std::set<OpDtype> result;
  std::string line, op, variable_input, any_input, output;
  auto flush = [&] {
    if (op.empty()) return;
    const std::string& dtype =
        !variable_input.empty() ? variable_input : !any_input.empty() ? any_input : output;
    result.insert({op, dtype.empty() ? "none" : dtype});
  };
  while (std::getline(file, line)) {
    if (!line.empty() && line[0] != ' ') {
      flush();
      op = line.substr(0, line.find(' '));
      variable_input.clear(), any_input.clear(), output.clear();
      continue;
    }
    std::istringstream fields(line);
    std::string direction, tensor;
    fields >> direction >> tensor;
    if (tensor == "none") continue;
    const std::string dtype = tensor.substr(0, tensor.find('['));
    const bool constant = line.size() >= 6 && line.compare(line.size() - 6, 6, " const") == 0;
    if (direction == "in" && any_input.empty()) any_input = dtype;
    if (direction == "in" && !constant && variable_input.empty()) variable_input = dtype;
    if (direction == "out" && output.empty()) output = dtype;
  }
  flush();
  return result;
}

struct Row {
  int cases = 0;
  int passed = 0;
  double max_abs_diff = 0.0;
};

struct DtypeTotal {
  int ops = 0;
  std::set<std::string> cases, passed;
};

int Report(const std::string& dir) {
  const std::vector<std::string> names = conformance::ListCaseDirs(dir);
  std::map<OpDtype, Row> rows;
  std::map<std::string, DtypeTotal> dtypes;
  std::set<std::string> ops;
  std::vector<std::string> failures;
  for (const std::string& name : names) {
    const std::string case_dir = dir + "/" + name;
    const conformance::CaseCheck check =
        conformance::CheckCase(case_dir, conformance::ToleranceOf(case_dir));
    if (!check.passed()) failures.push_back(name + ": " + check.Failure());
    for (const OpDtype& key : OpDtypesOf(case_dir)) {
      Row& row = rows[key];
      ++row.cases;
      row.passed += check.passed();
      const double diff = check.max_abs_diff();
      row.max_abs_diff = std::isnan(diff) ? diff : std::max(row.max_abs_diff, diff);
      ops.insert(key.first);
      dtypes[key.second].cases.insert(name);
      if (check.passed()) dtypes[key.second].passed.insert(name);
    }
  }
  std::printf("%-34s %-8s %6s %6s %6s  %s\n", "op", "dtype", "cases", "pass", "fail",
              "max |diff|");
  for (const auto& [key, row] : rows) {
    std::printf("%-34s %-8s %6d %6d %6d  %g\n", key.first.c_str(), key.second.c_str(),
                row.cases, row.passed, row.cases - row.passed, row.max_abs_diff);
    ++dtypes[key.second].ops;
  }
  std::printf("\n%-8s %6s %6s %6s %6s\n", "dtype", "ops", "cases", "pass", "fail");
  for (const auto& [dtype, total] : dtypes) {
    std::printf("%-8s %6d %6zu %6zu %6zu\n", dtype.c_str(), total.ops, total.cases.size(),
                total.passed.size(), total.cases.size() - total.passed.size());
  }
  std::printf("\ntotal: %zu ops, %zu op/dtype rows, %zu cases, %zu passed, %zu failed\n",
              ops.size(), rows.size(), names.size(), names.size() - failures.size(),
              failures.size());
  for (const std::string& failure : failures) std::printf("FAILED %s", failure.c_str());
  if (names.empty()) std::printf("no case directories in %s\n", dir.c_str());
  return names.empty() || !failures.empty() ? 1 : 0;
}

}  // namespace
}  // namespace brasa

int main(int argc, char** argv) {
  if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
    std::fprintf(stderr, "usage: %s [cases_dir]\n", argv[0]);
    return 2;
  }
  return brasa::Report(argc == 2 ? argv[1] : BRASA_SOURCE_DIR "/tests/conformance/cases");
}
