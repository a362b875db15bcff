// The row split of a pointwise GEMM across threads (ShareTaskRows): the
// tasks cover every row once, in order; each thread's contiguous share of the
// tasks (the thread pool's first assignment) covers the same number of rows
// to within one; and inside a share, tasks start at whole tiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

TEST(ShareTaskRowsTest, SharesOfEqualRowsInWholeTiles) {
  for (int32_t mr : {1, 4, 8}) {
    for (int32_t rows = 1; rows <= 3200; rows += rows < 300 ? 1 : 97) {
      for (int32_t shares = 1; shares <= 4; ++shares) {
        for (int32_t per_share = 1; per_share <= 6; ++per_share) {
          const int32_t tasks = shares * per_share;
          int32_t next = 0, fewest = INT32_MAX, most = 0;
          for (int32_t share = 0; share < shares; ++share) {
            const int32_t share_begin = next;
            const int32_t share_end = static_cast<int32_t>(int64_t{rows} * (share + 1) / shares);
            for (int32_t part = 0; part < per_share; ++part) {
              int32_t begin = -1, end = -1;
              ShareTaskRows(rows, mr, tasks, shares, share * per_share + part, &begin, &end);
              ASSERT_EQ(begin, next) << rows << " rows, task " << share * per_share + part;
              ASSERT_GE(end, begin);
              // Tasks end at whole tiles from the share's start, or at its end.
              if (end != share_end) {
                EXPECT_EQ((end - share_begin) % mr, 0);
              }
              next = end;
            }
            ASSERT_EQ(next, share_end);
            fewest = std::min(fewest, next - share_begin);
            most = std::max(most, next - share_begin);
          }
          ASSERT_EQ(next, rows) << rows << " rows in " << tasks << " tasks";
          EXPECT_LE(most - fewest, 1) << rows << " rows, " << shares << " shares";
        }
      }
    }
  }
}

// The 196 rows of a 14x14 layer on two threads: 98 each, where shares cut at
// tiles of 8 gave 96 and 100.
TEST(ShareTaskRowsTest, FourteenByFourteenOnTwoThreads) {
  int32_t begin = 0, end = 0;
  ShareTaskRows(196, 8, 4, 2, 1, &begin, &end);
  EXPECT_EQ(end, 98);
  ShareTaskRows(196, 8, 4, 2, 2, &begin, &end);
  EXPECT_EQ(begin, 98);
  EXPECT_EQ(end, 98 + 48);  // 13 tiles from the share's start: 6 in its first task
}

// A 7x7 layer's float32 GEMMs on two threads: 160 channels are 5 blocks of
// 32 (3 and 2), so the rows split; 960 are 30 (15 and 15), so the columns do.
TEST(EvenRowSplitTest, OnlyWhereColumnBlocksSplitUnevenly) {
  EXPECT_TRUE(EvenRowSplitBalancesBetter(49, 160, 12, 32, 2));
  EXPECT_FALSE(EvenRowSplitBalancesBetter(49, 960, 12, 32, 2));
  EXPECT_FALSE(EvenRowSplitBalancesBetter(49, 160, 12, 32, 1));  // one thread: no split
  EXPECT_FALSE(EvenRowSplitBalancesBetter(11, 160, 12, 32, 2));  // under half a tile each
  EXPECT_TRUE(EvenRowSplitBalancesBetter(12, 160, 12, 32, 2));
  // 21 blocks on 2 threads: 11 against 10.5 is under 10% above an even share.
  EXPECT_FALSE(EvenRowSplitBalancesBetter(49, 21 * 32, 12, 32, 2));
  EXPECT_TRUE(EvenRowSplitBalancesBetter(49, 7 * 32, 12, 32, 4));  // 2 against 1.75
}

}  // namespace
}  // namespace brasa
