// Handing an op's tasks to the thread pool pays off only above some amount
// of work: waking another thread costs microseconds, as much as a small op
// takes on its own. Below the threshold the tasks run on the calling thread
// (same tasks, same results).
#ifndef BRASA_KERNELS_OPT_PARALLEL_WORK_H_
#define BRASA_KERNELS_OPT_PARALLEL_WORK_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

// Multiply-adds below which an op runs on one thread (1 to 4 us of GEMM). The
// pool's workers spin between the ops of an Invoke, so handing out a job
// costs well under a microsecond (about 0.1 us for two tasks, 0.6 us for 32
// on a 2-vCPU KVM guest).
constexpr int64_t kMinParallelMultiplyAdds = int64_t{1} << 17;

inline void ParallelForWork(const KernelContext& context, int64_t multiply_adds, int count,
                            void (*task)(void* task_context, int index), void* task_context) {
  if (multiply_adds < kMinParallelMultiplyAdds) {
    for (int i = 0; i < count; ++i) task(task_context, i);
  } else {
    context.ParallelFor(count, task, task_context);
  }
}

// Multiply-adds from which a GEMM whose rows give fewer tasks than threads
// splits by columns: every thread then reads the whole input and writes a
// slice of every output row, which below this costs more than it saves (a
// 6x6 output of 128 channels from 128, 590K multiply-adds in about 4 us, ran
// slower on two threads than on one; 12x12 outputs, split by rows, gained;
// conv_2d.cc splits such a GEMM's rows evenly instead).
constexpr int64_t kMinColumnSplitMultiplyAdds = int64_t{1} << 20;

// The work a CONV_2D GEMM of `row_tasks` row tasks counts for
// ParallelForWork and ThreadsForWork: 0 (one thread) below
// kMinColumnSplitMultiplyAdds when its rows alone cannot feed every thread.
inline int64_t ConvGemmSplitWork(const KernelContext& context, int64_t multiply_adds,
                                 int32_t row_tasks) {
  const bool column_split = row_tasks < context.num_threads();
  return column_split && multiply_adds < kMinColumnSplitMultiplyAdds ? 0 : multiply_adds;
}

// The threads an op of `multiply_adds` is split for: 1 below the threshold,
// where ParallelForWork runs every task on the calling thread anyway.
inline int ThreadsForWork(const KernelContext& context, int64_t multiply_adds) {
  return multiply_adds < kMinParallelMultiplyAdds ? 1 : context.num_threads();
}

// How wide to make the column blocks of a GEMM (`columns` in tiles of nr)
// so that `row_tiles` x blocks gives every thread work: all columns when rows
// alone suffice or when there is one thread (narrower blocks only cost).
// Blocks are whole multiples of `group` tiles, the widest the micro-kernel
// walks at once. Returns the block width in columns, a multiple of nr.
inline int32_t GemmColumnBlock(int32_t nr, int32_t group, int32_t columns, int32_t row_tiles,
                               int num_threads) {
  const int32_t blocks = (columns + nr - 1) / nr;
  const int32_t wanted = num_threads * 8;  // several tasks per thread balance the load
  if (num_threads <= 1 || row_tiles >= wanted || blocks <= group) return blocks * nr;
  const int32_t splits = std::min(blocks, (wanted + row_tiles - 1) / row_tiles);
  const int32_t per_split = (blocks + splits - 1) / splits;
  return (per_split + group - 1) / group * group * nr;
}

// [begin, end) of part `part` of `parts` nearly equal parts of `total`.
inline void EvenPart(int32_t total, int32_t parts, int32_t part, int32_t* begin, int32_t* end) {
  *begin = static_cast<int32_t>(int64_t{total} * part / parts);
  *end = static_cast<int32_t>(int64_t{total} * (part + 1) / parts);
}

// How many nearly equal ranges of `rows` output rows a float32 pointwise
// CONV_2D splits into (`max_rows` rows at most each, tiles of `mr` rows).
// With several threads the count is a multiple of the thread count, so each
// thread's contiguous share of the tasks is the same rows as its share of
// the depthwise layer before or after it (which splits its rows evenly too):
// it reads what its own core just wrote, from its own L2. Rows that fill at
// least two tiles per task make at least two tasks per thread (196 rows of
// a 14x14 layer: 4 x 49 on two threads, where 96-row tasks gave 96 + 96 + 4
// and the middle one, cut by columns, half on each core); fewer rows stay in
// one task and the columns split instead (a 7x7 layer's 49 rows).
inline int32_t PointwiseRowTasks(int32_t rows, int32_t max_rows, int32_t mr, int threads) {
  int32_t tasks = (rows + max_rows - 1) / max_rows;
  if (threads <= 1) return tasks;
  if (rows >= 2 * mr * 2 * threads) tasks = std::max<int32_t>(tasks, 2 * threads);
  if (tasks >= threads) tasks = (tasks + threads - 1) / threads * threads;
  return tasks;
}

// Whether a GEMM whose `rows` give fewer row tasks than `threads` splits
// its rows into one even part per thread (each with every column) rather
// than its `columns` into blocks of nr: when the blocks do not divide evenly
// between the threads, the column split leaves one thread a whole block
// more (a 7x7 layer's 960 -> 160 float32 GEMM: 5 blocks of 32, 3 and 2,
// the 2-thread time 3/5 of one thread's), and each thread's rows still fill
// at least half a tile of `mr`. Every thread then reads all the weights.
inline bool EvenRowSplitBalancesBetter(int32_t rows, int32_t columns, int32_t mr, int32_t nr,
                                       int threads) {
  if (threads <= 1 || rows < int64_t{threads} * ((mr + 1) / 2)) return false;
  const int64_t blocks = (int64_t{columns} + nr - 1) / nr;
  const int64_t most = (blocks + threads - 1) / threads;  // blocks of the busiest thread
  // 10% or more above an even share.
  return most * threads * 10 >= blocks * 11;
}

// Rows [*begin, *end) of row task `task` of `tasks`, which form `shares`
// contiguous shares (tasks a multiple of shares: one per thread, each the
// rows the same thread's share of the task indices runs). Each share is an
// equal part of the rows (EvenPart), cut into equal parts of whole tiles of
// `mr` rows from its start: shares cut at tiles instead give one thread a
// whole tile more when the tile count is odd (the 196 rows of a 14x14 layer:
// 12 tiles and 12 and a half).
inline void ShareTaskRows(int32_t rows, int32_t mr, int32_t tasks, int32_t shares, int32_t task,
                          int32_t* begin, int32_t* end) {
  const int32_t per_share = tasks / shares;
  const int32_t share = task / per_share, part = task % per_share;
  int32_t share_begin = 0, share_end = 0;
  EvenPart(rows, shares, share, &share_begin, &share_end);
  const int64_t tiles = (share_end - share_begin + mr - 1) / mr;
  *begin = std::min(share_end,
                    share_begin + static_cast<int32_t>(tiles * part / per_share) * mr);
  *end = std::min(share_end,
                  share_begin + static_cast<int32_t>(tiles * (part + 1) / per_share) * mr);
}

// Scratch the extra im2col tasks (beyond one per thread) may add up to.
constexpr size_t kIm2colExtraScratchBytes = size_t{1} << 20;

// How many tasks (each with its own im2col scratch of `task_bytes`) to split
// `rows` output rows into: one per thread would leave the others idle
// whenever one thread is late (a busy core), so a few per thread, in whole
// chunks of `chunk_rows`, while the scratch stays within one per thread plus
// kIm2colExtraScratchBytes; one when there are no other threads.
inline int32_t Im2colTasks(int num_threads, int32_t rows, int32_t chunk_rows,
                           size_t task_bytes) {
  if (num_threads <= 1) return 1;
  const int64_t chunks = (int64_t{rows} + chunk_rows - 1) / chunk_rows;
  const int64_t affordable =
      num_threads + static_cast<int64_t>(kIm2colExtraScratchBytes / (task_bytes + 1));
  const int64_t tasks = std::min<int64_t>({chunks, int64_t{num_threads} * 4, affordable});
  return static_cast<int32_t>(std::max<int64_t>(tasks, 1));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_PARALLEL_WORK_H_
