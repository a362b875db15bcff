// Handing an op's tasks to the thread pool pays off only above some amount
// of work: waking another thread costs microseconds, as much as a small op
// takes on its own. Below the threshold the tasks run on the calling thread
// (same tasks, same results).
#ifndef BRASA_KERNELS_OPT_PARALLEL_WORK_H_
#define BRASA_KERNELS_OPT_PARALLEL_WORK_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

// Multiply-adds below which an op runs on one thread (about 10 us).
constexpr int64_t kMinParallelMultiplyAdds = int64_t{1} << 19;

inline void ParallelForWork(const KernelContext& context, int64_t multiply_adds, int count,
                            void (*task)(void* task_context, int index), void* task_context) {
  if (multiply_adds < kMinParallelMultiplyAdds) {
    for (int i = 0; i < count; ++i) task(task_context, i);
  } else {
    context.ParallelFor(count, task, task_context);
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_PARALLEL_WORK_H_
