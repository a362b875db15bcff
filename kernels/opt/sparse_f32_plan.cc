#include "kernels/opt/sparse_f32_plan.h"

#include <algorithm>
#include <atomic>

#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

std::atomic<double> forced_threshold{-1.0};

struct SparseTask {
  const SparseF32Plan* plan;
  const float* a;
  float* c;
  float* scratch;
  int32_t tiles_per_task;
};

void RunSpmmTask(void* context, int index) {
  const SparseTask& t = *static_cast<const SparseTask*>(context);
  const SparseF32Plan& plan = *t.plan;
  const int32_t mr = plan.variant->mr;
  const size_t depth = static_cast<size_t>(plan.weights.depth);
  const size_t columns = static_cast<size_t>(plan.weights.rows);
  float* scratch = t.scratch + static_cast<size_t>(index) *
                                   F32SpmmScratchFloats(mr, plan.variant->group,
                                                        plan.weights.depth);
  const int32_t first = index * t.tiles_per_task * mr;
  const int32_t end = std::min(plan.rows, first + t.tiles_per_task * mr);
  for (int32_t row = first; row < end; row += mr) {
    plan.variant->spmm(std::min(mr, end - row), t.a + static_cast<size_t>(row) * depth, depth,
                       plan.weights, t.c + static_cast<size_t>(row) * columns, columns, scratch,
                       plan.params);
  }
}

}  // namespace

double SparseWeightThreshold(double measured) {
  const double forced = forced_threshold.load(std::memory_order_relaxed);
  return forced >= 0.0 ? forced : measured;
}

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
  const int64_t total = int64_t{columns} * depth;
  const int64_t nonzero = CountNonzeroWeights(weights, columns, depth);
  plan->zero_fraction = static_cast<double>(total - nonzero) / static_cast<double>(total);
  // A tile of mr rows wastes its unused lanes: with fewer rows than half a
  // tile, vectorize over output channels instead.
  plan->spmv = rows * 2 < variant->mr;
  if (plan->zero_fraction < SparseWeightThreshold(plan->spmv ? kSparseSpmvMinZeroFraction
                                                             : kSparseSpmmMinZeroFraction)) {
    plan->spmv = false;
    return Status::Ok();
  }
  plan->rows = rows;
  plan->params.min = range.min;
  plan->params.max = range.max;
  const int32_t slice = plan->spmv ? variant->lanes : variant->group;
  const size_t bytes = F32SlicedBytes(weights, columns, depth, slice);
  void* memory = context.AllocatePersistent(bytes);
  if (memory == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted,
                                 "out of memory for %zu bytes of sparse weights", bytes);
  }
  PackF32Sliced(weights, bias, columns, depth, slice, memory, &plan->weights);
  if (plan->spmv) {
    plan->tasks = 1;
  } else {
    const int32_t tiles = (rows + variant->mr - 1) / variant->mr;
    plan->tasks = std::min<int32_t>(tiles, std::max<int32_t>(1, context.num_threads()));
    BRASA_RETURN_IF_ERROR(context.RequestScratch(
        sizeof(float) * static_cast<size_t>(plan->tasks) *
            F32SpmmScratchFloats(variant->mr, variant->group, depth),
        &plan->scratch));
  }
  plan->variant = variant;
  return Status::Ok();
}

void RunSparseF32Plan(const KernelContext& context, const SparseF32Plan& plan, const float* a,
                      float* c) {
  if (plan.spmv) {
    const F32SlicedWeights& w = plan.weights;
    plan.variant->spmv(plan.rows, a, static_cast<size_t>(w.depth), w, c,
                       static_cast<size_t>(w.rows), plan.params);
    return;
  }
  const int32_t tiles = (plan.rows + plan.variant->mr - 1) / plan.variant->mr;
  SparseTask task{&plan, a, c, static_cast<float*>(context.scratch(plan.scratch)),
                  (tiles + plan.tasks - 1) / plan.tasks};
  const int32_t tasks = (tiles + task.tiles_per_task - 1) / task.tiles_per_task;
  const int64_t work = static_cast<int64_t>(plan.rows) * plan.weights.depth * plan.weights.rows;
  ParallelForWork(context, work, tasks, RunSpmmTask, &task);
}

}  // namespace brasa
