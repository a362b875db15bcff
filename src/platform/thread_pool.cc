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
// How often a spinning worker yields its core meanwhile. When another
// process holds the other core, the scheduler may put the caller and the
// worker on one core: a worker spinning through its time slice then kept
// the caller, which has the job, off it (2-thread MobileNetV2 invokes of
// 3.8 ms against 1.7 at 1 thread, beside a fuzzer). With nothing else to
// run, yielding returns at once.
constexpr std::chrono::microseconds kWorkerYieldEvery{50};
// Pause iterations between two clock reads while spinning (~15 ns each).
constexpr int kPausesPerClockRead = 64;
// Spin iterations of the caller waiting for the workers (to leave the last
// job, or to finish this one's last indices) before it yields its core.
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

  // Publishing a job: `generation` is even while a job is open and odd while
  // the caller replaces it. A worker joins the job of an even generation g by
  // counting itself in `active` and then checking that the generation is
  // still g; the caller makes the generation odd and waits for `active` to
  // drop to 0 before it rewrites the job, so a worker never claims an index of
  // a new job with the old job's task (both sides use sequentially consistent
  // operations: either the caller sees the worker's count or the worker sees
  // the odd generation). No lock on the way: each field a worker reads sits
  // on a cache line that only the caller writes, once per job.
  alignas(64) std::atomic<uint64_t> generation{0};
  ParallelTask task = nullptr;  // written only while the generation is odd
  void* context = nullptr;
  alignas(64) std::atomic<int> active{0};  // workers inside the open job
  alignas(64) std::atomic<int> finished{0};  // indices done
  // Workers that spun for kWorkerSpin without a job sleep on `wake`; the
  // caller takes the mutex and notifies only when `sleepers` says one might.
  alignas(64) std::atomic<int> sleepers{0};
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<bool> stopping{false};  // set under the mutex
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

  // An open job's generation newer than `seen`, or `seen` when the spin time
  // is up (or the pool stops) first.
  uint64_t SpinForNewJob(uint64_t seen) const {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + kWorkerSpin;
    auto next_yield = start + kWorkerYieldEvery;
    for (;;) {
      for (int i = 0; i < kPausesPerClockRead; ++i) {
        const uint64_t now = generation.load(std::memory_order_acquire);
        if (now != seen && now % 2 == 0) return now;
        CpuRelax();
      }
      const auto now = std::chrono::steady_clock::now();
      if (stopping.load(std::memory_order_relaxed) || now >= deadline) return seen;
      if (now >= next_yield) {
        std::this_thread::yield();
        next_yield = now + kWorkerYieldEvery;
      }
    }
  }

  // The caller's wait for the workers: spin, then yield the core at every
  // check (a worker that shares the caller's core needs it to finish).
  template <typename Done>
  static void CallerWait(Done done) {
    for (int spin = 0; !done(); ++spin) {
      if (spin < kCallerSpinIterations) {
        CpuRelax();
      } else {
        std::this_thread::yield();
      }
    }
  }

  // Sleeps until the generation differs from `seen` (or the pool stops):
  // false when stopping.
  bool SleepWhileNoNewJob(uint64_t seen) {
    std::unique_lock<std::mutex> lock(mutex);
    sleepers.fetch_add(1, std::memory_order_seq_cst);
    wake.wait(lock, [&] {
      return stopping || generation.load(std::memory_order_seq_cst) != seen;
    });
    sleepers.fetch_sub(1, std::memory_order_relaxed);
    return !stopping;
  }

  void WorkerLoop(int thread) {
    uint64_t seen = 0;
    for (;;) {
      uint64_t job = SpinForNewJob(seen);
      if (job == seen) {
        if (!SleepWhileNoNewJob(seen)) return;
        continue;  // back to the spin, which also skips an odd generation
      }
      active.fetch_add(1, std::memory_order_seq_cst);
      if (generation.load(std::memory_order_seq_cst) != job) {
        active.fetch_sub(1, std::memory_order_release);  // replaced meanwhile
        continue;
      }
      seen = job;
      RunIndices(thread, task, context);
      active.fetch_sub(1, std::memory_order_release);
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
  // Close the previous job (odd generation), wait until no worker is still
  // inside it, rewrite it, and open it (even generation).
  s.generation.fetch_add(1, std::memory_order_seq_cst);
  State::CallerWait([&s] { return s.active.load(std::memory_order_seq_cst) == 0; });
  s.task = task;
  s.context = context;
  for (int t = 0; t < s.num_threads; ++t) {
    s.ranges[t].Reset(static_cast<uint32_t>(int64_t{count} * t / s.num_threads),
                      static_cast<uint32_t>(int64_t{count} * (t + 1) / s.num_threads));
  }
  s.finished.store(0, std::memory_order_relaxed);
  s.generation.fetch_add(1, std::memory_order_seq_cst);
  if (s.sleepers.load(std::memory_order_seq_cst) > 0) {
    { std::lock_guard<std::mutex> lock(s.mutex); }  // a sleeper is waiting or re-checks
    s.wake.notify_all();
  }
  s.RunIndices(0, task, context);
  State::CallerWait([&s, count] { return s.finished.load(std::memory_order_acquire) >= count; });
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
