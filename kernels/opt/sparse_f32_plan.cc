#include "kernels/opt/sparse_f32_plan.h"

#include <algorithm>
#include <atomic>
#include <climits>

#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

std::atomic<double> forced_threshold{-1.0};

struct SparseTask {
  const SparseF32Plan* plan;
  const float* a;
  float* c;
  float* scratch;
  int32_t items_per_task;  // (tile, part of the output channels) pairs
};

// Tile t of `tiles` starts at this row: whole vectors of `granule` rows
// spread evenly over the tiles (each at most mr rows, as tiles =
// ceil(rows / mr)), so that no tile is a sliver of one vector whose few FMA
// chains would wait on their latency (196 rows in tiles of 64 run as 64, 48,
// 48 and 36, not 64, 64, 64 and 4).
int32_t TileStart(int32_t t, int32_t tiles, int32_t rows, int32_t granule) {
  const int32_t vectors = (rows + granule - 1) / granule;
  const int32_t base = vectors / tiles, extra = vectors % tiles;
  return std::min(rows, granule * (t * base + std::min(t, extra)));
}

void RunSpmmTask(void* context, int index) {
  const SparseTask& t = *static_cast<const SparseTask*>(context);
  const SparseF32Plan& plan = *t.plan;
  const int32_t mr = plan.weights.mr;
  const size_t depth = static_cast<size_t>(plan.weights.depth);
  const size_t columns = static_cast<size_t>(plan.weights.rows);
  // Parts start at whole groups of output channels (F32SparseRowsPart).
  const int32_t groups = (plan.weights.rows + kF32SpmmOutGroup - 1) / kF32SpmmOutGroup;
  const int32_t part_width = (groups + plan.parts - 1) / plan.parts * kF32SpmmOutGroup;
  float* scratch = t.scratch + static_cast<size_t>(index) * plan.task_scratch_floats;
  const int32_t tiles = (plan.rows + mr - 1) / mr;
  const int32_t first = index * t.items_per_task;
  const int32_t end = std::min(tiles * plan.parts, first + t.items_per_task);
  for (int32_t item = first; item < end; ++item) {
    const int32_t tile = item / plan.parts;
    const int32_t row = TileStart(tile, tiles, plan.rows, plan.variant->lanes);
    const int32_t row_end = TileStart(tile + 1, tiles, plan.rows, plan.variant->lanes);
    const int32_t column = item % plan.parts * part_width;
    const int32_t column_end = std::min(plan.weights.rows, column + part_width);
    if (column >= column_end || row >= row_end) continue;
    plan.variant->spmm(row_end - row, t.a + static_cast<size_t>(row) * depth,
                       depth, F32SparseRowsPart(plan.weights, column, column_end),
                       t.c + static_cast<size_t>(row) * columns + column, columns, scratch,
                       plan.params);
  }
}

Status SparseOutOfMemory(const KernelContext& context, size_t bytes) {
  return context.ErrorWithCode(StatusCode::kResourceExhausted,
                               "out of memory for %zu bytes of sparse weights", bytes);
}

}  // namespace

double SparseWeightThreshold(double measured) {
  const double forced = forced_threshold.load(std::memory_order_relaxed);
  return forced >= 0.0 ? forced : measured;
}

bool SparseThresholdIsForced() { return forced_threshold.load(std::memory_order_relaxed) >= 0.0; }

void SetSparseWeightThresholdForTesting(double threshold) {
  forced_threshold.store(threshold, std::memory_order_relaxed);
}

Status PrepareSparseF32Plan(KernelContext& context, const float* weights, const float* bias,
                            int32_t columns, int32_t depth, int32_t rows, const FloatRange& range,
                            SparseF32Plan* plan) {
  *plan = SparseF32Plan();
  if (columns <= 0 || depth <= 0 || rows <= 0) return Status::Ok();
  const F32SpmmVariant* variant = SelectSimdUkernel(F32SpmmTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  // spmm's entries hold byte offsets into a [depth][mr] tile as int32.
  const int32_t mr = variant->mr;
  if (int64_t{depth} * mr * int64_t{sizeof(float)} > INT32_MAX) return Status::Ok();
  const int64_t total = int64_t{columns} * depth;
  const int64_t nonzero = CountNonzeroWeights(weights, columns, depth);
  plan->zero_fraction = static_cast<double>(total - nonzero) / static_cast<double>(total);
  // spmm's vectors run over rows (16 floats with AVX-512): with fewer rows
  // than half a vector, most lanes would be wasted, so spmv vectorizes over
  // output channels instead.
  plan->spmv = rows * 2 < variant->lanes;
  if (plan->zero_fraction < SparseWeightThreshold(plan->spmv ? kSparseSpmvMinZeroFraction
                                                             : kSparseSpmmMinZeroFraction)) {
    plan->spmv = false;
    return Status::Ok();
  }
  plan->rows = rows;
  plan->params.min = range.min;
  plan->params.max = range.max;
  if (plan->spmv) {
    const size_t bytes = F32SlicedBytes(weights, columns, depth, variant->lanes);
    void* memory = context.AllocatePersistent(bytes);
    if (memory == nullptr) return SparseOutOfMemory(context, bytes);
    PackF32Sliced(weights, bias, columns, depth, variant->lanes, memory, &plan->sliced);
    plan->tasks = 1;
  } else {
    const int32_t slice_depth = F32SpmmSliceDepth(mr, depth);
    const size_t bytes = F32SparseRowsBytes(weights, columns, depth, slice_depth);
    void* memory = context.AllocatePersistent(bytes);
    if (memory == nullptr) return SparseOutOfMemory(context, bytes);
    PackF32SparseRows(weights, bias, columns, depth, mr, slice_depth, memory, &plan->weights);
    // Tiles of mr rows go to the threads; with fewer tiles than threads
    // (a 7x7 convolution is one tile), each tile's output channels are split
    // too, in parts of at least kF32SpmmOutGroup.
    const int32_t threads = std::max<int32_t>(1, context.num_threads());
    const int32_t tiles = (rows + mr - 1) / mr;
    const int32_t groups = (columns + kF32SpmmOutGroup - 1) / kF32SpmmOutGroup;
    if (tiles < threads) plan->parts = std::min((threads + tiles - 1) / tiles, groups);
    plan->tasks = std::min(tiles * plan->parts, threads);
    // Each task's scratch holds the partial sums of a part's channels.
    const int32_t part_width = (groups + plan->parts - 1) / plan->parts * kF32SpmmOutGroup;
    plan->task_scratch_floats =
        F32SpmmScratchFloats(mr, plan->weights.slice_depth, plan->weights.slices, part_width);
    BRASA_RETURN_IF_ERROR(context.RequestScratch(
        sizeof(float) * static_cast<size_t>(plan->tasks) * plan->task_scratch_floats,
        &plan->scratch));
  }
  plan->variant = variant;
  return Status::Ok();
}

void RunSparseF32Plan(const KernelContext& context, const SparseF32Plan& plan, const float* a,
                      float* c) {
  if (plan.spmv) {
    const F32SlicedWeights& w = plan.sliced;
    plan.variant->spmv(plan.rows, a, static_cast<size_t>(w.depth), w, c,
                       static_cast<size_t>(w.rows), plan.params);
    return;
  }
  const int32_t items = (plan.rows + plan.weights.mr - 1) / plan.weights.mr * plan.parts;
  SparseTask task{&plan, a, c, static_cast<float*>(context.scratch(plan.scratch)),
                  (items + plan.tasks - 1) / plan.tasks};
  const int32_t tasks = (items + task.items_per_task - 1) / task.items_per_task;
  const int64_t work = static_cast<int64_t>(plan.rows) * plan.weights.depth * plan.weights.rows;
  ParallelForWork(context, work, tasks, RunSpmmTask, &task);
}

}  // namespace brasa
