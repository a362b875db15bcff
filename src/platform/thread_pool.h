// A small fixed pool of worker threads for kernels' ParallelFor.
//
// The pool starts num_threads - 1 workers; the thread that calls ParallelFor
// works too. ParallelFor allocates nothing: the task is a plain function
// pointer and a context pointer. Workers spin briefly for the next task (ops
// follow each other within microseconds), yielding their core now and then
// to whatever else waits for it, then sleep.
//
// Built without threads (BRASA_THREADS=0), the pool has one thread and runs
// every task inline; nothing else changes.
#ifndef BRASA_PLATFORM_THREAD_POOL_H_
#define BRASA_PLATFORM_THREAD_POOL_H_

#include <memory>

namespace brasa {
namespace internal {

// One unit of parallel work: task(context, index) for index in [0, count).
using ParallelTask = void (*)(void* context, int index);

class ThreadPool {
 public:
  // nullptr when the threads cannot be started; num_threads < 2 gives a
  // pool without workers.
  static std::unique_ptr<ThreadPool> Create(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const;
  // Runs task(context, i) for every i in [0, count) and returns when all
  // have finished. Which thread runs which index is unspecified, so tasks
  // must produce the same result wherever they run. Not reentrant.
  void ParallelFor(int count, ParallelTask task, void* context);

 private:
  struct State;
  explicit ThreadPool(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_PLATFORM_THREAD_POOL_H_
