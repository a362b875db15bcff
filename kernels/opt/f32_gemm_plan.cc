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
// blocks this large stays in L2 while every row tile walks it, so a
// narrow-depth layer (MobileNetV2's 16 -> 96 expansion over 112x112) reads
// each input row and writes each output row once, front to back, instead of
// once per column block. Deep layers get one block per chunk: their tiles
// then reuse the rows of A from L1 across the row tiles' passes.
constexpr size_t kWeightChunkBytes = 64 * 1024;

int32_t ChunkColumns(const F32GemmPlan& plan) {
  const size_t fit = kWeightChunkBytes / (sizeof(float) * plan.block_floats);
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
  const int32_t chunk = ChunkColumns(plan);
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
