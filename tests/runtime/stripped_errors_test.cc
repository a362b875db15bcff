// BRASA_STRIP_ERROR_STRINGS (brasa/status.h), which the bare-metal port
// builds with: errors keep their StatusCode, the message is the fixed
// kStrippedMessage, and the message's argument is not evaluated. The hosted
// library keeps its messages; this file alone sees the stripped spellings (the
// Cortex-M image platform_checks runs the whole stripped library).
#define BRASA_STRIP_ERROR_STRINGS 1

#include <gtest/gtest.h>

#include <string>

#include "brasa/kernel.h"
#include "brasa/status.h"

namespace brasa {
namespace {

TEST(StrippedErrorsTest, FactoriesKeepTheCodeAndDropTheMessage) {
  int evaluated = 0;
  auto message = [&evaluated] {
    ++evaluated;
    return std::string("a message that must not be built");
  };
  const struct {
    Status status;
    StatusCode code;
  } cases[] = {
      {InvalidArgumentError(message()), StatusCode::kInvalidArgument},
      {InvalidModelError("tensor " + message()), StatusCode::kInvalidModel},
      {UnsupportedError(message()), StatusCode::kUnsupported},
      {ResourceExhaustedError(message()), StatusCode::kResourceExhausted},
      {NotFoundError(message()), StatusCode::kNotFound},
      {FailedPreconditionError(message()), StatusCode::kFailedPrecondition},
      {brasa::IoError(message()), StatusCode::kIoError},
      {brasa::InternalError(message()), StatusCode::kInternal},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.message(), kStrippedMessage);
  }
  EXPECT_EQ(evaluated, 0);
  (void)message;  // only ever named inside the unevaluated macro arguments
  EXPECT_EQ(InvalidModelError(message()).ToString(), "INVALID_MODEL: (text stripped)");
}

TEST(StrippedErrorsTest, KernelErrorsKeepTheCode) {
  // The stripped Error and ErrorWithCode read nothing of the graph or node.
  const KernelContext context(nullptr, nullptr, /*preparing=*/true);
  const Status error = context.Error("input must be 4-D, has rank %d", 3);
  EXPECT_EQ(error.code(), StatusCode::kInvalidModel);
  EXPECT_EQ(error.message(), kStrippedMessage);
  const Status unsupported =
      context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported", "int4");
  EXPECT_EQ(unsupported.code(), StatusCode::kUnsupported);
  EXPECT_EQ(unsupported.message(), kStrippedMessage);
}

TEST(StrippedErrorsTest, ResultOfAnOkStatusIsStillAnInternalError) {
  const Result<int> result(Status::Ok());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace brasa
