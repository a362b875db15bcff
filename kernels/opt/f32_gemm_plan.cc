#include "kernels/opt/f32_gemm_plan.h"

#include <algorithm>

#include "kernels/ref/common/conv_common.h"

namespace brasa {

Status PrepareF32GemmPlan(KernelContext& context, const float* weights, const float* bias,
                          int32_t columns, int32_t depth, const FloatRange& range,
                          F32GemmPlan* plan) {
  const F32GemmVariant* selected = SelectF32Gemm(context.isa(), columns);
  if (selected == nullptr) return Status::Ok();  // plan->variant stays null
  const size_t floats = F32GemmPackedFloats(selected->nr, columns, depth);
  void* packed = context.AllocatePersistent(sizeof(float) * std::max<size_t>(floats, 1));
  if (packed == nullptr) return OutOfMemory(context);
  PackF32Gemm(weights, bias, columns, depth, selected->nr, static_cast<float*>(packed));
  plan->variant = selected;
  plan->packed = static_cast<const float*>(packed);
  plan->block_floats = F32GemmPackedFloats(selected->nr, selected->nr, depth);
  plan->columns = columns;
  plan->depth = depth;
  plan->tile_rows = F32GemmTileRows(*selected, depth);
  plan->params.min = range.min;
  plan->params.max = range.max;
  return Status::Ok();
}

namespace {

// Packed weights that the row tiles of one pass share: a chunk of column
// blocks this large stays in L2 (half of a 1 MB one) while every row tile
// walks it, so each tile's rows of A stay in L1 across the chunk's blocks
// and every row of A and C is read or written once per chunk. 64 KB chunks
// (one block each from depth 256 on) read all of a task's A from L2 again
// for every block: MobileNetV1 float32's 28x28x256 -> 256 layer alone took
// 0.878 ms instead of 0.893 (fastest of 8 alternating rounds of 150
// invokes; median of the rounds' fastest 0.879 / 0.895), its 56x56x128 ->
// 128 0.891 / 0.904, the 14x14x512 -> 512 ones 0.879 / 0.884 (0.880 /
// 0.890).
constexpr size_t kWeightChunkBytes = 512 * 1024;
// Weights beyond this (the 7x7 layers' 1.2-4 MB) come from L3 or memory on
// every invoke, with few row tiles to reuse them (49 rows: 5 tiles): there
// each block is a chunk of its own, so the prefetch of the next block
// spreads over every tile's pass (F32GemmParams) instead of the first
// tile's alone. With 512 KB chunks MobileNetV1's 7x7x1024 -> 1024 layer
// looked about 4% slower in the model (per-node medians of
// brasa_thread_scaling against the 14x14 layers', 3 runs each, busy host).
// (A 14x14x512 -> 512 layer's 1.03 MB still counts as L2-sized.)
constexpr size_t kStreamedWeightBytes = 1024 * 1024 + 64 * 1024;
constexpr size_t kStreamedChunkBytes = 64 * 1024;

int32_t ChunkColumns(const F32GemmPlan& plan, int32_t rows) {
  // One-row calls (a batch-1 FULLY_CONNECTED, a 1x1 classifier) keep
  // 64 KB chunks too: one call over every column (the micro-kernel's
  // one-row path) made MobileNetV1's 1024 -> 1000 classifier alone take
  // 0.066 ms instead of 0.051 (fastest of 8 alternating rounds).
  const size_t blocks =
      static_cast<size_t>((plan.columns + plan.variant->nr - 1) / plan.variant->nr);
  const size_t weight_bytes = sizeof(float) * plan.block_floats * blocks;
  const size_t bytes = rows == 1 || weight_bytes > kStreamedWeightBytes ? kStreamedChunkBytes
                                                                        : kWeightChunkBytes;
  const size_t fit = bytes / (sizeof(float) * plan.block_floats);
  return static_cast<int32_t>(std::max<size_t>(fit, 1)) * plan.variant->nr;
}

}  // namespace

void RunF32Gemm(const F32GemmPlan& plan, int32_t rows, const float* a, size_t a_stride,
                int32_t first_column, int32_t columns, float* c, size_t c_stride) {
  if (rows <= 0) return;
  const F32GemmVariant& variant = *plan.variant;
  const float* packed =
      plan.packed + static_cast<size_t>(first_column / variant.nr) * plan.block_floats;
  c += first_column;
  // Row tiles of nearly equal height (49 rows: 10+10+10+10+9, not 4x12+1):
  // a tile of one or two rows runs at a fraction of the FMA rate, since its
  // few sums are each a chain of dependent FMAs.
  const int32_t tiles = (rows + plan.tile_rows - 1) / plan.tile_rows;
  const int32_t base = rows / tiles, taller = rows % tiles;
  const int32_t chunk = ChunkColumns(plan, rows);
  // The first row tile of a chunk meets its weights first (from L3 in the
  // deep 7x7 layers): when the layer's weights span several chunks, the
  // tiles prefetch the next blocks into L2 (see F32GemmParams) so that the
  // first tile of the next chunk finds them there. A layer of one chunk
  // (the shallow 112x112 and 56x56 ones) reuses its few weights over many
  // rows, and its short depth loops would only pay for the bookkeeping.
  F32GemmParams params = plan.params;
  params.prefetch_tiles = plan.columns > chunk ? tiles : 0;
  // A column-split task (threads: the 7x7 layers) also prefetches the
  // previous task's first block: the thread pool's odd threads walk their
  // share of the tasks downwards, and without it each of their tasks began
  // on a block from memory (MobileNetV1 float32 at two threads: 0.971 of
  // the time, fastest invokes, median of 16 alternating pairs). An upward
  // walker finds that block still in its cache, where the prefetch is cheap.
  // (Tasks are equally wide but the last: from a narrower last task this
  // lands one block into the previous one.)
  if (params.prefetch_tiles > 0 && first_column >= columns) {
    params.prefetch_back =
        plan.packed + static_cast<size_t>((first_column - columns) / variant.nr) * plan.block_floats;
  }
  for (int32_t n = 0; n < columns; n += chunk) {
    const int32_t chunk_columns = std::min(chunk, columns - n);
    const float* chunk_packed = packed + static_cast<size_t>(n / variant.nr) * plan.block_floats;
    int32_t m = 0;
    for (int32_t tile = 0; tile < tiles; ++tile) {
      const int32_t count = base + (tile < taller ? 1 : 0);
      params.prefetch_tile = tile;
      variant.fn(count, chunk_columns, plan.depth, a + m * a_stride, a_stride, chunk_packed,
                 c + m * c_stride + n, c_stride, params);
      m += count;
    }
  }
}

}  // namespace brasa
