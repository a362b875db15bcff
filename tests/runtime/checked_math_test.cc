// The overflow-checked size arithmetic (src/core/checked_math.h) that every
// shape from a model goes through, at the edges of its limit and of uint64.
#include "src/core/checked_math.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace brasa {
namespace {

TEST(CheckedMathTest, MultiplyStopsAtTheLimitAndAtUint64Overflow) {
  uint64_t product = 0;
  EXPECT_TRUE(CheckedMultiply(0, UINT64_MAX, kMaxTensorBytes, &product));
  EXPECT_EQ(product, 0u);
  EXPECT_TRUE(CheckedMultiply(UINT64_MAX, 0, 0, &product));
  EXPECT_EQ(product, 0u);
  EXPECT_TRUE(CheckedMultiply(uint64_t{1} << 20, uint64_t{1} << 20, kMaxTensorBytes, &product));
  EXPECT_EQ(product, kMaxTensorBytes);
  EXPECT_FALSE(CheckedMultiply((uint64_t{1} << 20) + 1, uint64_t{1} << 20, kMaxTensorBytes,
                               &product));
  // Products that wrap past 2^64 are refused even under the largest limit.
  EXPECT_FALSE(CheckedMultiply(uint64_t{1} << 32, uint64_t{1} << 32, UINT64_MAX, &product));
  EXPECT_FALSE(CheckedMultiply(UINT64_MAX, 2, UINT64_MAX, &product));
  EXPECT_FALSE(CheckedMultiply(0x100000001u, 0xffffffffu * uint64_t{2}, UINT64_MAX, &product));
  EXPECT_TRUE(CheckedMultiply(0xffffffffu, 0x100000001u, UINT64_MAX, &product));
  EXPECT_EQ(product, UINT64_MAX);
  EXPECT_TRUE(CheckedMultiply(UINT64_MAX, 1, UINT64_MAX, &product));
  EXPECT_EQ(product, UINT64_MAX);
}

TEST(CheckedMathTest, ElementCountAndByteSize) {
  uint64_t count = 0;
  EXPECT_TRUE(CheckedElementCount({2, 3, 4}, &count));
  EXPECT_EQ(count, 24u);
  EXPECT_TRUE(CheckedElementCount({}, &count));
  EXPECT_EQ(count, 1u);
  EXPECT_FALSE(CheckedElementCount({2, -1}, &count));
  EXPECT_FALSE(CheckedElementCount({1 << 20, 1 << 20, 2}, &count));  // 2^41 > the limit
  EXPECT_TRUE(CheckedElementCount({1 << 20, 1 << 20}, &count));
  EXPECT_EQ(count, kMaxTensorBytes);
  // Counts that wrap uint64 (2^31 * 2^31 * 2^31 ...) are refused, not wrapped.
  EXPECT_FALSE(CheckedElementCount({INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, 0}, &count));
  size_t bytes = 0;
  EXPECT_TRUE(TensorByteSize({3, 5}, DataType::kInt32, &bytes));
  EXPECT_EQ(bytes, 60u);
  EXPECT_FALSE(TensorByteSize({1 << 20, 1 << 20}, DataType::kInt16, &bytes));  // 2^41 bytes
  uint64_t span = 0;
  EXPECT_TRUE(TensorSpanBytes({4, 0, 2}, DataType::kFloat32, &span));
  EXPECT_EQ(span, 32u);  // the empty dimension counted as 1
}

}  // namespace
}  // namespace brasa
