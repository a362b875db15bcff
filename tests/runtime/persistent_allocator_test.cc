// PersistentAllocator (src/runtime/graph.h): chunks for small requests,
// blocks of their own for large ones, kept in a list that Release unlinks
// from anywhere and Reset, moves and the destructor free (ASan checks the
// frees).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "src/runtime/graph.h"

namespace brasa {
namespace internal {
namespace {

constexpr size_t kLarge = 4096;  // over half a 1 KB chunk: a block of its own

TEST(PersistentAllocatorTest, ReleasesLargeBlocksFromAnyPlaceInTheList) {
  PersistentBudget budget;
  PersistentAllocator allocator;
  allocator.set_budget(&budget);
  void* small = allocator.Allocate(20);
  std::vector<void*> large;
  for (int i = 0; i < 4; ++i) large.push_back(allocator.Allocate(kLarge + 16 * i));
  ASSERT_NE(small, nullptr);
  for (void* block : large) {
    ASSERT_NE(block, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % kArenaAlignment, 0u);
  }
  std::memset(large[3], 0xAB, kLarge + 48);  // the whole request is usable
  const size_t all = 32 + 4 * kLarge + 16 * (0 + 1 + 2 + 3);
  EXPECT_EQ(allocator.bytes(), all);
  EXPECT_EQ(budget.used, all);

  EXPECT_TRUE(allocator.Release(large[1]));  // the middle of the list
  EXPECT_FALSE(allocator.Release(large[1]));  // already gone
  EXPECT_FALSE(allocator.Release(small));     // in a chunk: never released
  EXPECT_TRUE(allocator.Release(large[3]));   // the newest
  EXPECT_TRUE(allocator.Release(large[0]));   // the oldest large one
  EXPECT_EQ(allocator.bytes(), 32 + kLarge + 32);
  EXPECT_EQ(budget.used, 32 + kLarge + 32);
  EXPECT_TRUE(allocator.Release(large[2]));
  EXPECT_EQ(allocator.bytes(), 32u);

  allocator.Reset();
  EXPECT_EQ(allocator.bytes(), 0u);
  EXPECT_EQ(budget.used, 0u);
  EXPECT_NE(allocator.Allocate(8), nullptr);  // usable after a reset
}

TEST(PersistentAllocatorTest, MovesTakeTheBlocks) {
  PersistentAllocator first;
  void* large = first.Allocate(kLarge);
  ASSERT_NE(first.Allocate(100), nullptr);
  ASSERT_NE(large, nullptr);
  PersistentAllocator second(std::move(first));
  EXPECT_EQ(second.bytes(), kLarge + 112);
  EXPECT_EQ(first.bytes(), 0u);            // NOLINT(bugprone-use-after-move): moved from, empty
  EXPECT_FALSE(first.Release(large));      // NOLINT(bugprone-use-after-move)
  ASSERT_NE(first.Allocate(kLarge), nullptr);  // NOLINT(bugprone-use-after-move): usable again
  PersistentAllocator third;
  ASSERT_NE(third.Allocate(kLarge), nullptr);
  third = std::move(second);  // third's own block freed
  EXPECT_EQ(third.bytes(), kLarge + 112);
  EXPECT_TRUE(third.Release(large));
  EXPECT_EQ(third.bytes(), 112u);
}

}  // namespace
}  // namespace internal
}  // namespace brasa
