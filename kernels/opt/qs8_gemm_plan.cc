#include "kernels/opt/qs8_gemm_plan.h"

#include <algorithm>

#include "kernels/opt/parallel_work.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

Qs8GemmWeights Qs8GemmWeightsOf(const WeightedOpTensors& tensors,
                                const WeightedQuantization& quant, int32_t columns,
                                int32_t depth) {
  Qs8GemmWeights weights;
  weights.data = tensors.filter->data;
  weights.uint8 = tensors.input->type == DataType::kUInt8;
  weights.columns = columns;
  weights.depth = depth;
  weights.input_offset = quant.input_offset;
  weights.filter_offset = quant.filter_offset;
  weights.bias = tensors.bias != nullptr ? tensors.bias->data_as<int32_t>() : nullptr;
  return weights;
}

Status PrepareQs8GemmPlan(KernelContext& context, const Qs8GemmWeights& weights,
                          const Qs8GemmParams& params, Qs8GemmPlan* plan) {
  const Qs8GemmVariant* selected = SelectSimdUkernel(Qs8GemmTable(), context.isa());
  if (selected == nullptr) return Status::Ok();  // plan->variant stays null
  const Qs8GemmVariant& variant = *selected;
  const size_t bytes = Qs8GemmPackedBytes(variant.nr, weights.columns, weights.depth);
  void* packed = context.AllocatePersistent(std::max<size_t>(bytes, 1));
  if (packed == nullptr) return OutOfMemory(context);
  PackQs8Gemm(weights, variant.nr, packed);
  plan->variant = &variant;
  plan->packed = static_cast<const uint8_t*>(packed);
  plan->block_bytes = Qs8GemmPackedBytes(variant.nr, variant.nr, weights.depth);
  plan->columns = weights.columns;
  plan->depth = weights.depth;
  plan->row_offset_factor = Qs8GemmRowOffsetFactor(weights);
  plan->params = params;
  plan->params.a_flip = Qs8GemmActivationFlip(weights.uint8);
  return Status::Ok();
}

namespace {

// Packed weight bytes one pass over the rows may use: a chunk of columns
// this size stays in L1/L2 while every row tile reads it, instead of all
// the columns streaming through the cache once per row tile.
constexpr size_t kWeightChunkBytes = 32 * 1024;
// Blocks per chunk are a multiple of this (the widest tiles walk 3 blocks).
constexpr int32_t kChunkBlockMultiple = 3;

int32_t ChunkColumns(const Qs8GemmPlan& plan) {
  const int32_t fit = static_cast<int32_t>(kWeightChunkBytes / plan.block_bytes);
  const int32_t blocks =
      std::max(kChunkBlockMultiple, fit / kChunkBlockMultiple * kChunkBlockMultiple);
  return blocks * plan.variant->nr;
}

}  // namespace

void RunQs8Gemm(const Qs8GemmPlan& plan, int32_t rows, const uint8_t* a, size_t a_stride,
                int32_t first_column, int32_t columns, void* c, size_t c_stride,
                bool a_padded) {
  const Qs8GemmVariant& variant = *plan.variant;
  // The packed weights are zero past the depth, so the padded rows give the
  // same sums; the row offsets below still sum the real depth only.
  const int32_t kernel_depth = a_padded ? Qs8GemmPaddedDepth(plan.depth) : plan.depth;
  const uint8_t* packed = plan.packed + static_cast<size_t>(first_column / variant.nr) *
                                            plan.block_bytes;
  const size_t element = plan.params.int32_output ? sizeof(int32_t) : 1;
  uint8_t* c_bytes = static_cast<uint8_t*>(c) + first_column * element;
  const int32_t chunk = ChunkColumns(plan);
  int32_t row_offsets[16];  // mr is at most 16
  // Column chunks outside, row tiles inside (see kWeightChunkBytes).
  for (int32_t n = 0; n < columns; n += chunk) {
    const int32_t chunk_columns = std::min(chunk, columns - n);
    const uint8_t* chunk_packed =
        packed + static_cast<size_t>(n / variant.nr) * plan.block_bytes;
    if (variant.many_rows && plan.row_offset_factor == 0) {
      variant.fn(rows, chunk_columns, kernel_depth, a, a_stride, chunk_packed,
                 c_bytes + n * element, c_stride, nullptr, plan.params);
      continue;
    }
    for (int32_t m = 0; m < rows; m += variant.mr) {
      const int32_t count = std::min(variant.mr, rows - m);
      const uint8_t* a_rows = a + m * a_stride;
      const int32_t* offsets = nullptr;
      if (plan.row_offset_factor != 0) {
        Qs8GemmRowOffsets(count, plan.depth, a_rows, a_stride, plan.params.a_flip,
                          plan.row_offset_factor, row_offsets);
        offsets = row_offsets;
      }
      variant.fn(count, chunk_columns, kernel_depth, a_rows, a_stride, chunk_packed,
                 c_bytes + (m * c_stride + n) * element, c_stride, offsets, plan.params);
    }
  }
}

int32_t Qs8GemmColumnBlock(const Qs8GemmPlan& plan, int32_t row_tiles, int num_threads) {
  return GemmColumnBlock(plan.variant->nr, kChunkBlockMultiple, plan.columns, row_tiles,
                         num_threads);
}

Qs8GemmColumnSplit Qs8GemmColumnTasks(const Qs8GemmPlan& plan, int32_t row_tasks,
                                      int num_threads) {
  Qs8GemmColumnSplit split;
  const int32_t wanted = num_threads * 8;  // several tasks per thread balance the load
  const int32_t blocks = (plan.columns + plan.variant->nr - 1) / plan.variant->nr;
  // One tile's width or less: narrower calls would only cost.
  if (num_threads <= 1 || row_tasks >= wanted || blocks <= kChunkBlockMultiple) return split;
  split.shares = row_tasks < num_threads ? std::min<int32_t>(num_threads, blocks) : 1;
  const int32_t share_blocks = blocks / split.shares;  // the shortest share
  const int32_t groups = (share_blocks + kChunkBlockMultiple - 1) / kChunkBlockMultiple;
  // Split by columns, every thread reads the whole input and each task's
  // extra cost is small: up to twice the tasks, one group each where the
  // groups allow (the 7x7 layers' 160 -> 960 GEMM: 10 per share, where 8 of
  // 1 or 2 groups left one thread idle for most of a 2-group task).
  const int32_t tasks_wanted = (wanted * split.shares + row_tasks - 1) / row_tasks;
  split.per_share = std::max<int32_t>(1, std::min(groups, tasks_wanted / split.shares));
  return split;
}

void Qs8GemmColumnRange(const Qs8GemmPlan& plan, const Qs8GemmColumnSplit& split, int32_t task,
                        int32_t* first, int32_t* count) {
  const int32_t nr = plan.variant->nr;
  const int64_t blocks = (plan.columns + nr - 1) / nr;
  const int32_t share = task / split.per_share, part = task % split.per_share;
  const int64_t share_first = blocks * share / split.shares;
  const int64_t share_end = blocks * (share + 1) / split.shares;
  const int64_t groups = (share_end - share_first + kChunkBlockMultiple - 1) / kChunkBlockMultiple;
  const int64_t begin =
      std::min(share_end, share_first + groups * part / split.per_share * kChunkBlockMultiple);
  const int64_t end = std::min(
      share_end, share_first + groups * (part + 1) / split.per_share * kChunkBlockMultiple);
  *first = static_cast<int32_t>(begin) * nr;
  *count = std::min(plan.columns, static_cast<int32_t>(end) * nr) - *first;
}

}  // namespace brasa
