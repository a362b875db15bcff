// Result<T> (brasa/status.h): a value or the error that explains why there is none.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "brasa/status.h"

namespace brasa {
namespace {

TEST(ResultTest, KeepsTheErrorOrTheValue) {
  const Result<int> error = InvalidModelError("tensor 3 is broken");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kInvalidModel);
  EXPECT_EQ(error.status().message(), "tensor 3 is broken");
  Result<std::unique_ptr<int>> value = std::make_unique<int>(7);
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  EXPECT_EQ(*value.value(), 7);
}

TEST(ResultTest, AnOkStatusWithoutAValueIsAnInternalError) {
  const Result<std::unique_ptr<int>> result = Status::Ok();
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
  EXPECT_EQ(result.status().message(), "Result built from an OK status");
  EXPECT_EQ(result.value(), nullptr);
}

}  // namespace
}  // namespace brasa
