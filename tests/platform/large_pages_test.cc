// LargePageRegion (src/platform/large_pages.h): a 2 MB-aligned reservation
// that memory is committed into as it is written, and pages handed back.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "src/platform/large_pages.h"

#if defined(__linux__)
#include <unistd.h>
#endif

namespace brasa {
namespace {

constexpr size_t kPage = LargePageRegion::kLargePageBytes;

#if defined(__linux__)
TEST(LargePageRegionTest, ReservesAlignedWritableAddressSpace) {
  LargePageRegion region;
  EXPECT_EQ(region.capacity(), 0u);
  EXPECT_FALSE(region.Contains(&region));
  ASSERT_TRUE(region.Reserve(3 * kPage + 100));
  ASSERT_NE(region.data(), nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(region.data()) % kPage, 0u);
  EXPECT_EQ(region.capacity(), 3 * kPage + 100);
  // Every byte is usable, the last partial 2 MB page included.
  std::memset(region.data(), 0x5A, region.capacity());
  EXPECT_EQ(region.data()[region.capacity() - 1], 0x5A);
  EXPECT_TRUE(region.Contains(region.data()));
  EXPECT_TRUE(region.Contains(region.data() + region.capacity() - 1));
  EXPECT_FALSE(region.Contains(region.data() + region.capacity()));
  EXPECT_FALSE(region.Contains(region.data() - 1));

  // A new reservation replaces the old one.
  ASSERT_TRUE(region.Reserve(kPage));
  EXPECT_EQ(region.capacity(), kPage);
  region.data()[0] = 1;
  EXPECT_FALSE(region.Reserve(0));
  EXPECT_EQ(region.capacity(), 0u);
  EXPECT_EQ(region.data(), nullptr);
}

TEST(LargePageRegionTest, ReturnedPagesReadAsZeroAndTheirNeighboursKeepTheirBytes) {
  LargePageRegion region;
  ASSERT_TRUE(region.Reserve(kPage));
  uint8_t* bytes = region.data();
  std::memset(bytes, 0x77, 64 * 1024);
  // From the middle of one 4 KB page to the middle of another: only the whole
  // pages between go back (a system with larger pages returns fewer).
  region.ReturnPages(bytes + 2048, 5 * 4096);
  EXPECT_EQ(bytes[2047], 0x77);
  EXPECT_EQ(bytes[4095], 0x77);  // the first page is only partly inside
  EXPECT_EQ(bytes[5 * 4096 + 2048], 0x77);  // nor is the last
  EXPECT_EQ(bytes[64 * 1024 - 1], 0x77);
  if (::sysconf(_SC_PAGESIZE) == 4096) {  // pages 1 to 4 were wholly inside
    bool zeroed = true;
    for (size_t i = 4096; i < 5 * 4096; ++i) zeroed = zeroed && bytes[i] == 0;
    EXPECT_TRUE(zeroed);
  }
}
#else
TEST(LargePageRegionTest, IsUnavailableOffLinux) {
  LargePageRegion region;
  EXPECT_FALSE(region.Reserve(kPage));
  EXPECT_EQ(region.data(), nullptr);
}
#endif

}  // namespace
}  // namespace brasa
