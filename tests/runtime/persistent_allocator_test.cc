// PersistentAllocator (src/runtime/graph.h): chunks for small requests,
// blocks of their own for large ones, kept in a list that Release unlinks
// from anywhere and Reset, moves and the destructor free (ASan checks the
// frees).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "src/platform/large_pages.h"
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

#if defined(__linux__)
// With a large-page region: own blocks one after another inside it, small
// requests still in chunks, the heap once it is full; Release and Reset.
TEST(PersistentAllocatorTest, LargeRequestsFillTheLargePageRegionInOrder) {
  LargePageRegion pages;
  ASSERT_TRUE(pages.Reserve(4 * kLarge));
  PersistentBudget budget;
  PersistentAllocator allocator;
  allocator.set_budget(&budget);
  allocator.set_large_pages(&pages);
  uint8_t* first = static_cast<uint8_t*>(allocator.Allocate(kLarge));
  void* small = allocator.Allocate(20);
  uint8_t* second = static_cast<uint8_t*>(allocator.Allocate(kLarge + 16));
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(pages.Contains(first));
  EXPECT_FALSE(pages.Contains(small));
  EXPECT_TRUE(pages.Contains(second));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % kArenaAlignment, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(second) % kArenaAlignment, 0u);
  EXPECT_GT(second, first + kLarge);  // after the first, its header between
  EXPECT_LT(second, first + kLarge + 2 * kArenaAlignment);
  std::memset(second, 0xCD, kLarge + 16);
  EXPECT_EQ(allocator.bytes(), 2 * kLarge + 16 + 32);

  uint8_t* spill = static_cast<uint8_t*>(allocator.Allocate(2 * kLarge));  // no room left
  ASSERT_NE(spill, nullptr);
  EXPECT_FALSE(pages.Contains(spill));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(spill) % kArenaAlignment, 0u);

  EXPECT_TRUE(allocator.Release(first));
  EXPECT_FALSE(allocator.Release(first));
  EXPECT_TRUE(allocator.Release(spill));
  EXPECT_EQ(allocator.bytes(), kLarge + 16 + 32);
  EXPECT_EQ(budget.used, kLarge + 16 + 32);
  EXPECT_EQ(second[kLarge + 15], 0xCD);  // a neighbour's release kept its bytes

  allocator.Reset();  // the region starts over
  EXPECT_EQ(budget.used, 0u);
  EXPECT_EQ(allocator.Allocate(kLarge), first);

  PersistentAllocator moved(std::move(allocator));  // its block stays in the region
  EXPECT_EQ(moved.bytes(), kLarge);
  EXPECT_TRUE(moved.Release(first));
}
#endif

}  // namespace
}  // namespace internal
}  // namespace brasa
