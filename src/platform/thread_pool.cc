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

}  // namespace

struct ThreadPool::State {
  int num_threads = 1;
  std::vector<std::thread> workers;
  // The mutex guards the job description and `active`: a worker joins a job
  // (copies it, counts itself active) under the lock, and the caller only
  // replaces the job when no worker is active, so no worker can claim an
  // index of a new job with the old job's task.
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  ParallelTask task = nullptr;
  void* context = nullptr;
  int count = 0;
  int active = 0;
  std::atomic<uint64_t> generation{0};  // changes when a job is published
  std::atomic<int> next{0};             // the next index to claim
  std::atomic<int> finished{0};         // indices done

  void RunIndices(ParallelTask job_task, void* job_context, int job_count) {
    int done = 0;
    for (int i = next.fetch_add(1, std::memory_order_relaxed); i < job_count;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      job_task(job_context, i);
      ++done;
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

  void WorkerLoop() {
    uint64_t seen = 0;
    for (;;) {
      SpinWhileNoNewJob(seen);
      ParallelTask job_task;
      void* job_context;
      int job_count;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] {
          return stopping || generation.load(std::memory_order_relaxed) != seen;
        });
        if (stopping) return;
        seen = generation.load(std::memory_order_relaxed);
        job_task = task;
        job_context = context;
        job_count = count;
        ++active;
      }
      RunIndices(job_task, job_context, job_count);
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
  for (int i = 1; i < s->num_threads; ++i) s->workers.emplace_back([s] { s->WorkerLoop(); });
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
      s.count = count;
      s.next.store(0, std::memory_order_relaxed);
      s.finished.store(0, std::memory_order_relaxed);
      s.generation.fetch_add(1, std::memory_order_release);
      break;
    }
    lock.unlock();
    CpuRelax();
  }
  s.wake.notify_all();
  s.RunIndices(task, context, count);
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
