// Helpers shared by the tests of ops that have single_op_golden cases
// (ADD, SUB, MUL, SOFTMAX, LOGISTIC, TANH).
#ifndef BRASA_TESTS_KERNELS_SINGLE_OP_TEST_UTIL_H_
#define BRASA_TESTS_KERNELS_SINGLE_OP_TEST_UTIL_H_

#include <string>
#include <vector>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "tests/kernels/golden/single_op_case.h"
#include "tests/kernels/single_op_golden_test_util.h"

namespace brasa {
namespace testing {

// ADD / SUB / MUL options.
inline ElementwiseParams ElementwiseOptions(Activation activation, bool pot_scale_int16 = true) {
  ElementwiseParams params;
  params.activation = activation;
  params.pot_scale_int16 = pot_scale_int16;
  return params;
}

// Runs every case of `op` in `cases` through `kernel` (ExpectSingleOpCase)
// and returns how many there were.
inline int RunSingleOpCases(const OpKernel* kernel, const std::string& op,
                            const std::vector<single_op_golden::SingleOpCase>& cases) {
  int count = 0;
  for (const auto& c : cases) {
    if (std::string(c.op) != op) continue;
    ExpectSingleOpCase(kernel, c);
    ++count;
  }
  return count;
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_SINGLE_OP_TEST_UTIL_H_
