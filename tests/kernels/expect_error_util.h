// Error assertions shared by the kernel tests: a failed run's status code and
// message, which names the node ("node 0 (CONV_2D): ...").
#ifndef BRASA_TESTS_KERNELS_EXPECT_ERROR_UTIL_H_
#define BRASA_TESTS_KERNELS_EXPECT_ERROR_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "brasa/status.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace testing {

// Runs `tester`, which must fail with `code` and a message containing `text`.
inline void ExpectRunError(OpTester& tester, const std::string& text,
                           StatusCode code = StatusCode::kInvalidModel) {
  const Status status = tester.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.message();
  EXPECT_NE(status.message().find(text), std::string::npos) << status.message();
}

// `status` is an error whose message names node 0 as `op` and contains `text`.
inline void ExpectNodeError(const Status& status, const std::string& op, const std::string& text) {
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("node 0 (" + op + ")"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(text), std::string::npos) << status.message();
}

// ExpectRunError, and the message names node 0 as `op`.
inline void ExpectNodeRunError(OpTester& tester, const std::string& op, const std::string& text,
                               StatusCode code = StatusCode::kInvalidModel) {
  const Status status = tester.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.message();
  ExpectNodeError(status, op, text);
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_EXPECT_ERROR_UTIL_H_
