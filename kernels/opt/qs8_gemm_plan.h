// A prepared qs8_gemm: the chosen micro-kernel, its packed weights and
// parameters, and the loop that runs it over any block of the output. Shared
// by the optimized CONV_2D and FULLY_CONNECTED.
#ifndef BRASA_KERNELS_OPT_QS8_GEMM_PLAN_H_
#define BRASA_KERNELS_OPT_QS8_GEMM_PLAN_H_

#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

struct Qs8GemmPlan {
  const Qs8GemmVariant* variant = nullptr;
  const uint8_t* packed = nullptr;
  size_t block_bytes = 0;  // packed bytes per nr channels
  int32_t columns = 0, depth = 0;
  int32_t row_offset_factor = 0;  // 0: no per-row term
  Qs8GemmParams params;
};

// The int8 or uint8 filter [columns, depth] of a CONV_2D or FULLY_CONNECTED
// node with its bias and zero points (no multipliers: the caller adds them).
Qs8GemmWeights Qs8GemmWeightsOf(const WeightedOpTensors& tensors,
                                const WeightedQuantization& quant, int32_t columns,
                                int32_t depth);

// Picks the best SIMD variant `context.isa()` allows and packs the weights
// into persistent memory; `params.a_flip` is set from weights.uint8. Leaves
// plan->variant null (the op runs its reference kernel) when only the scalar
// variant is allowed (see SelectSimdUkernel).
Status PrepareQs8GemmPlan(KernelContext& context, const Qs8GemmWeights& weights,
                          const Qs8GemmParams& params, Qs8GemmPlan* plan);

// Output rows [0, rows) x columns [first_column, first_column + columns) of
// C = A B: A's rows `a_stride` bytes apart, C's `c_stride` elements apart (C
// points at row 0, column 0). first_column must be a multiple of nr.
// `a_padded`: every row may be read up to Qs8GemmPaddedDepth(depth) bytes
// (the extra bytes, of any value, meet zero weights), which spares the
// micro-kernel its byte-wise last depth group.
void RunQs8Gemm(const Qs8GemmPlan& plan, int32_t rows, const uint8_t* a, size_t a_stride,
                int32_t first_column, int32_t columns, void* c, size_t c_stride,
                bool a_padded = false);

// The depth rounded up to whole groups of 4 (kQs8GemmDepthGroup).
inline int32_t Qs8GemmPaddedDepth(int32_t depth) {
  return (depth + kQs8GemmDepthGroup - 1) / kQs8GemmDepthGroup * kQs8GemmDepthGroup;
}

// How many column blocks to split `columns` into so that `row_tiles` x that
// gives every thread work: 1 when rows alone suffice. Blocks are multiples of
// nr; returns the block width in columns.
int32_t Qs8GemmColumnBlock(const Qs8GemmPlan& plan, int32_t row_tiles, int num_threads);

// How a GEMM whose `row_tasks` row tasks cannot give every thread several
// tasks splits its columns (none when they are one tile wide or less):
// `tasks()` column tasks, in `shares` equal shares of the nr-wide blocks
// (one per thread when the row tasks are fewer than the threads, so that
// every thread's contiguous share of the tasks covers as many columns), each
// cut into `per_share` tasks of whole groups of the micro-kernel's widest
// tile where possible.
struct Qs8GemmColumnSplit {
  int32_t shares = 1, per_share = 1;
  int32_t tasks() const { return shares * per_share; }
};
Qs8GemmColumnSplit Qs8GemmColumnTasks(const Qs8GemmPlan& plan, int32_t row_tasks,
                                      int num_threads);

// Columns [*first, *first + *count) of column task `task` of `split`.
void Qs8GemmColumnRange(const Qs8GemmPlan& plan, const Qs8GemmColumnSplit& split, int32_t task,
                        int32_t* first, int32_t* count);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_QS8_GEMM_PLAN_H_
