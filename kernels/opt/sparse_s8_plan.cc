#include "kernels/opt/sparse_s8_plan.h"

#include <algorithm>
#include <cmath>

#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/sparse_f32_plan.h"

namespace brasa {
namespace {

struct S8Task {
  const SparseS8Plan* plan;
  const int8_t* input;
  int8_t* output;
  int32_t* sums;
  int32_t units_per_task;
};

// Output channels [index * units_per_task, ...) of every batch row: the
// sums, then the reference's double requantization, round(acc * E[c]) +
// zp_out, clamped (QUANTIZATION.md §2.3).
void RunS8Task(void* context, int index) {
  const S8Task& t = *static_cast<const S8Task*>(context);
  const SparseS8Plan& plan = *t.plan;
  const int32_t units = plan.weights.rows, depth = plan.weights.depth;
  const int32_t first = index * t.units_per_task;
  const int32_t end = std::min(units, first + t.units_per_task);
  if (first >= end) return;
  plan.variant->spmv(plan.rows, t.input, static_cast<size_t>(depth),
                     Qs8BlockRowsPart(plan.weights, first, end), t.sums + first,
                     static_cast<size_t>(units));
  const double low = plan.range.min, high = plan.range.max;
  for (int32_t m = 0; m < plan.rows; ++m) {
    const int32_t* sums = t.sums + static_cast<size_t>(m) * units;
    int8_t* out = t.output + static_cast<size_t>(m) * units;
    for (int32_t c = first; c < end; ++c) {
      const double scaled = std::round(static_cast<double>(sums[c]) * plan.output_scales[c]);
      out[c] = static_cast<int8_t>(std::min(std::max(scaled + plan.output_offset, low), high));
    }
  }
}

}  // namespace

Status PrepareSparseS8Plan(KernelContext& context, const FullyConnectedData& reference,
                           SparseS8Plan* plan) {
  *plan = SparseS8Plan();
  const Tensor* input = context.input(0);
  const Tensor* filter = context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  const Tensor* output = context.output(0);
  if (input == nullptr || filter == nullptr || output == nullptr ||
      input->type != DataType::kInt8 || filter->type != DataType::kInt8 ||
      output->type != DataType::kInt8 || filter->rank() != 2 || !IsConstantData(*filter) ||
      (bias != nullptr && (bias->type != DataType::kInt32 || !IsConstantData(*bias)))) {
    return Status::Ok();
  }
  // A zero weight adds nothing only when the weights are symmetric.
  if (reference.quant.filter_offset != 0 || reference.quant.int64_accumulator ||
      reference.output_scales == nullptr || reference.hybrid != nullptr) {
    return Status::Ok();
  }
  const int32_t units = filter->dim(0), depth = filter->dim(1);
  if (units <= 0 || depth <= 0 || depth % 4 != 0 || reference.batches <= 0 ||
      (reference.batches > kSparseS8MaxRows && !SparseThresholdIsForced())) {
    return Status::Ok();  // tests and benches forcing sparse run any batch sparse
  }
  const Qs8SpmvVariant* variant = SelectSimdUkernel(Qs8SpmvTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  const int8_t* weights = filter->data_as<int8_t>();
  int64_t nonzeros = 0, blocks = 0;
  CountQs8Blocks(weights, units, depth, &nonzeros, &blocks);
  const int64_t total_blocks = int64_t{units} * (depth / 4);
  plan->zero_block_fraction =
      static_cast<double>(total_blocks - blocks) / static_cast<double>(total_blocks);
  if (plan->zero_block_fraction < SparseWeightThreshold(kSparseS8MinZeroBlockFraction)) {
    return Status::Ok();
  }
  const size_t bytes = Qs8BlockRowsBytes(units, blocks);
  void* memory = context.AllocatePersistent(bytes);
  if (memory == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted,
                                 "out of memory for %zu bytes of sparse weights", bytes);
  }
  PackQs8BlockRows(weights, bias != nullptr ? bias->data_as<int32_t>() : nullptr,
                   reference.quant.input_offset, units, depth, memory, &plan->weights);
  plan->output_scales = reference.output_scales;
  plan->output_offset = reference.quant.output_offset;
  plan->range = reference.quant.range;
  plan->rows = reference.batches;
  plan->tasks = std::max<int32_t>(1, std::min<int32_t>(context.num_threads(), (units + 15) / 16));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(
      sizeof(int32_t) * static_cast<size_t>(plan->rows) * static_cast<size_t>(units),
      &plan->sums_scratch));
  plan->variant = variant;
  return Status::Ok();
}

void RunSparseS8Plan(const KernelContext& context, const SparseS8Plan& plan, const int8_t* input,
                     int8_t* output) {
  const int32_t units = plan.weights.rows;
  S8Task task{&plan, input, output, static_cast<int32_t*>(context.scratch(plan.sums_scratch)),
              (units + plan.tasks - 1) / plan.tasks};
  const int64_t work = int64_t{plan.rows} * 4 * plan.weights.starts[units];
  ParallelForWork(context, work, plan.tasks, RunS8Task, &task);
}

}  // namespace brasa
