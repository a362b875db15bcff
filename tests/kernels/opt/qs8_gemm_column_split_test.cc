// The column split of a qs8 GEMM whose rows are too few to feed the threads:
// its tasks cover every column once, in order, in whole nr-wide blocks, and
// when the row tasks are fewer than the threads, each thread's
// contiguous share of the tasks (the thread pool's first assignment) covers
// the same number of blocks to within one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "kernels/opt/qs8_gemm_plan.h"

namespace brasa {
namespace {

TEST(Qs8GemmColumnSplitTest, TasksCoverEveryColumnOnceInBalancedShares) {
  for (int32_t nr : {8, 16}) {
    Qs8GemmVariant variant{"test", Isa::kScalar, 8, nr, nullptr};
    Qs8GemmPlan plan;
    plan.variant = &variant;
    for (int32_t columns = 1; columns <= 1400; columns += columns < 100 ? 1 : 37) {
      plan.columns = columns;
      for (int threads = 1; threads <= 4; ++threads) {
        for (int32_t row_tasks = 1; row_tasks <= 40; ++row_tasks) {
          const Qs8GemmColumnSplit split = Qs8GemmColumnTasks(plan, row_tasks, threads);
          const int32_t tasks = split.tasks();
          ASSERT_GE(tasks, 1);
          if (threads == 1) {
            EXPECT_EQ(tasks, 1);
          }
          int32_t next = 0;
          for (int32_t t = 0; t < tasks; ++t) {
            int32_t first = -1, count = -1;
            Qs8GemmColumnRange(plan, split, t, &first, &count);
            ASSERT_EQ(first, next) << columns << " columns, task " << t << " of " << tasks;
            ASSERT_GT(count, 0) << columns << " columns, task " << t << " of " << tasks;
            ASSERT_EQ(first % nr, 0);
            next = first + count;
          }
          ASSERT_EQ(next, columns) << columns << " columns in " << tasks << " tasks";
          if (row_tasks >= threads || tasks % threads != 0) continue;
          // Thread p's first share: tasks [tasks * p / threads, tasks * (p + 1) / threads).
          int32_t fewest = INT32_MAX, most = 0;
          for (int p = 0; p < threads; ++p) {
            int32_t covered = 0;
            for (int32_t t = tasks * p / threads; t < tasks * (p + 1) / threads; ++t) {
              int32_t first = 0, count = 0;
              Qs8GemmColumnRange(plan, split, t, &first, &count);
              covered += count;
            }
            fewest = std::min(fewest, covered);
            most = std::max(most, covered);
          }
          EXPECT_LE(most - fewest, nr) << columns << " columns, " << threads << " threads";
        }
      }
    }
  }
}

}  // namespace
}  // namespace brasa
