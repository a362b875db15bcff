// The thread pool runs every index of a job exactly once, whatever the count,
// the number of threads and the order in which threads finish their own
// shares and take the others' (tasks of uneven length force the taking).
#include "src/platform/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace brasa {
namespace {

struct CountingJob {
  std::vector<std::atomic<int>> runs;
  bool uneven = false;

  explicit CountingJob(int count) : runs(static_cast<size_t>(count)) {}

  static void Run(void* context, int index) {
    auto& job = *static_cast<CountingJob*>(context);
    // Slow indices at one end: the threads owning the other shares finish
    // first and take the rest from the slow share's far end.
    if (job.uneven && index < static_cast<int>(job.runs.size()) / 3) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    job.runs[static_cast<size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  }
};

void ExpectEveryIndexOnce(internal::ThreadPool& pool, int count, bool uneven) {
  CountingJob job(count);
  job.uneven = uneven;
  pool.ParallelFor(count, &CountingJob::Run, &job);
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(job.runs[static_cast<size_t>(i)].load(), 1)
        << "index " << i << " of " << count << " with " << pool.num_threads() << " threads";
  }
}

TEST(ThreadPoolTest, EveryIndexRunsOnceForAnyCountAndThreads) {
  for (int threads : {1, 2, 3, 4}) {
    std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(threads);
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(pool->num_threads(), threads);
    for (int count : {0, 1, 2, 3, 5, 7, 8, 63, 64, 1000}) {
      ExpectEveryIndexOnce(*pool, count, /*uneven=*/false);
    }
  }
}

TEST(ThreadPoolTest, UnevenTasksAreTakenFromOtherSharesOnce) {
  for (int threads : {2, 3}) {
    std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(threads);
    ASSERT_NE(pool, nullptr);
    for (int count : {2, 9, 60}) ExpectEveryIndexOnce(*pool, count, /*uneven=*/true);
  }
}

TEST(ThreadPoolTest, BackToBackJobsNeverMixTheirIndices) {
  // Thousands of short jobs in a row: a worker still leaving one job must not
  // claim an index of the next with the old task.
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  for (int round = 0; round < 3000; ++round) {
    ExpectEveryIndexOnce(*pool, 1 + round % 5, /*uneven=*/false);
    if (testing::Test::HasFatalFailure()) return;
  }
}

TEST(ThreadPoolTest, JobsAfterWorkersFellAsleepRunEveryIndexOnce) {
  // Workers spin about 2 ms for the next job, then sleep until woken: jobs
  // after longer pauses go through the wake-up path, and destroying a pool
  // whose workers spin or sleep returns.
  for (int pause_ms : {0, 5}) {
    std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(3);
    ASSERT_NE(pool, nullptr);
    for (int round = 0; round < 6; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
      ExpectEveryIndexOnce(*pool, 7 + round, /*uneven=*/round % 2 == 1);
      if (testing::Test::HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace brasa
