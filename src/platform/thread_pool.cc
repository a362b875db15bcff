#include "src/platform/thread_pool.h"

#include <new>

#ifndef BRASA_THREADS
#define BRASA_THREADS 1
#endif

#if BRASA_THREADS
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace brasa {
namespace internal {

#if BRASA_THREADS

namespace {

// How long a worker spins for the next job before it sleeps: long enough to
// bridge the gap between two parallel ops of one Invoke (single-threaded ops
// between them take up to a few hundred microseconds; waking a sleeping
// thread costs tens of microseconds on a virtual machine), short enough not
// to burn a core for long after the last Invoke.
constexpr std::chrono::microseconds kWorkerSpin{2000};
// Pause iterations between two clock reads while spinning (~15 ns each).
constexpr int kPausesPerClockRead = 64;
// Spin iterations of the caller waiting for the workers' last indices before
// it yields its core.
constexpr int kCallerSpinIterations = 2000;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// The indices a thread owns in the current job, [low, high) packed in one
// word so that claims from both ends never hand out one index twice. On a
// cache line of its own: its owner claims from it for the whole job.
struct alignas(64) IndexRange {
  std::atomic<uint64_t> bounds{0};

  static uint64_t Pack(uint32_t low, uint32_t high) { return uint64_t{low} << 32 | high; }

  void Reset(uint32_t low, uint32_t high) {
    bounds.store(Pack(low, high), std::memory_order_relaxed);
  }

  // The lowest (from_low) or highest index left, or -1 when none is.
  int Claim(bool from_low) {
    uint64_t old = bounds.load(std::memory_order_relaxed);
    for (;;) {
      const uint32_t low = static_cast<uint32_t>(old >> 32), high = static_cast<uint32_t>(old);
      if (low >= high) return -1;
      const uint64_t claimed = from_low ? Pack(low + 1, high) : Pack(low, high - 1);
      if (bounds.compare_exchange_weak(old, claimed, std::memory_order_relaxed)) {
        return static_cast<int>(from_low ? low : high - 1);
      }
    }
  }
};

}  // namespace

struct ThreadPool::State {
  int num_threads = 1;
  std::vector<std::thread> workers;
  // The mutex guards the job description and `active`: a worker joins a job
  // (copies it, counts itself active) under the lock, and the caller only
  // replaces the job (and resets the ranges) when no worker is active, so no
  // worker can claim an index of a new job with the old job's task.
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  ParallelTask task = nullptr;
  void* context = nullptr;
  int active = 0;
  std::atomic<uint64_t> generation{0};  // changes when a job is published
  std::atomic<int> finished{0};         // indices done
  // Thread t (the caller is 0, worker i is i + 1) first runs the t-th
  // contiguous share of the indices, then takes what is left of the others'
  // shares (RunIndices). Kernels number their tasks in memory order (output
  // rows), so each thread keeps roughly the same part of every tensor from
  // one op to the next: the input an op reads is mostly the part the same
  // core wrote in the op before, still in its own L2 cache, where handing out
  // indices first come, first served would scatter them over both cores'
  // caches.
  std::unique_ptr<IndexRange[]> ranges;

  // Even threads walk their share upwards, odd ones downwards, and take
  // from the others' shares at the opposite end, nearest shares first: with
  // two threads, thread 0 goes up from index 0 and thread 1 down from the
  // last, and whoever finishes first continues into the other's share where
  // it meets its own, so each ends with one contiguous run of indices.
  void RunIndices(int thread, ParallelTask job_task, void* job_context) {
    int done = 0;
    const bool upwards = thread % 2 == 0;
    for (int i = ranges[thread].Claim(upwards); i >= 0; i = ranges[thread].Claim(upwards)) {
      job_task(job_context, i);
      ++done;
    }
    for (int distance = 1; distance < num_threads; ++distance) {
      for (int other : {upwards ? thread + distance : thread - distance,
                        upwards ? thread - distance : thread + distance}) {
        if (other < 0 || other >= num_threads) continue;
        const bool other_upwards = other % 2 == 0;
        for (int i = ranges[other].Claim(!other_upwards); i >= 0;
             i = ranges[other].Claim(!other_upwards)) {
          job_task(job_context, i);
          ++done;
        }
      }
    }
    if (done > 0) finished.fetch_add(done, std::memory_order_acq_rel);
  }

  // Returns when a job newer than `seen` is published or the spin time is up.
  void SpinWhileNoNewJob(uint64_t seen) const {
    const auto deadline = std::chrono::steady_clock::now() + kWorkerSpin;
    for (;;) {
      for (int i = 0; i < kPausesPerClockRead; ++i) {
        if (generation.load(std::memory_order_acquire) != seen) return;
        CpuRelax();
      }
      if (std::chrono::steady_clock::now() >= deadline) return;
    }
  }

  void WorkerLoop(int thread) {
    uint64_t seen = 0;
    for (;;) {
      SpinWhileNoNewJob(seen);
      ParallelTask job_task;
      void* job_context;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] {
          return stopping || generation.load(std::memory_order_relaxed) != seen;
        });
        if (stopping) return;
        seen = generation.load(std::memory_order_relaxed);
        job_task = task;
        job_context = context;
        ++active;
      }
      RunIndices(thread, job_task, job_context);
      std::lock_guard<std::mutex> lock(mutex);
      --active;
    }
  }
};

ThreadPool::ThreadPool(std::unique_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<ThreadPool> ThreadPool::Create(int num_threads) {
  std::unique_ptr<State> state(new (std::nothrow) State);
  if (state == nullptr) return nullptr;
  state->num_threads = num_threads < 1 ? 1 : num_threads;
  std::unique_ptr<ThreadPool> pool(new (std::nothrow) ThreadPool(std::move(state)));
  if (pool == nullptr) return nullptr;
  State* s = pool->state_.get();
  s->ranges.reset(new (std::nothrow) IndexRange[static_cast<size_t>(s->num_threads)]);
  if (s->ranges == nullptr) return nullptr;
  for (int i = 1; i < s->num_threads; ++i) s->workers.emplace_back([s, i] { s->WorkerLoop(i); });
  return pool;
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  for (std::thread& worker : state_->workers) worker.join();
}

int ThreadPool::num_threads() const { return state_->num_threads; }

void ThreadPool::ParallelFor(int count, ParallelTask task, void* context) {
  State& s = *state_;
  if (count <= 0) return;
  if (s.workers.empty() || count == 1) {
    for (int i = 0; i < count; ++i) task(context, i);
    return;
  }
  for (;;) {  // wait until no worker is still inside the previous job
    std::unique_lock<std::mutex> lock(s.mutex);
    if (s.active == 0) {
      s.task = task;
      s.context = context;
      for (int t = 0; t < s.num_threads; ++t) {
        s.ranges[t].Reset(static_cast<uint32_t>(int64_t{count} * t / s.num_threads),
                          static_cast<uint32_t>(int64_t{count} * (t + 1) / s.num_threads));
      }
      s.finished.store(0, std::memory_order_relaxed);
      s.generation.fetch_add(1, std::memory_order_release);
      break;
    }
    lock.unlock();
    CpuRelax();
  }
  s.wake.notify_all();
  s.RunIndices(0, task, context);
  for (int spin = 0; s.finished.load(std::memory_order_acquire) < count; ++spin) {
    if (spin < kCallerSpinIterations) {
      CpuRelax();
    } else {
      std::this_thread::yield();
    }
  }
}

#else  // BRASA_THREADS

struct ThreadPool::State {};

ThreadPool::ThreadPool(std::unique_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<ThreadPool> ThreadPool::Create(int /*num_threads*/) {
  std::unique_ptr<State> state(new (std::nothrow) State);
  if (state == nullptr) return nullptr;
  return std::unique_ptr<ThreadPool>(new (std::nothrow) ThreadPool(std::move(state)));
}

ThreadPool::~ThreadPool() = default;

int ThreadPool::num_threads() const { return 1; }

void ThreadPool::ParallelFor(int count, ParallelTask task, void* context) {
  for (int i = 0; i < count; ++i) task(context, i);
}

#endif  // BRASA_THREADS

}  // namespace internal
}  // namespace brasa
