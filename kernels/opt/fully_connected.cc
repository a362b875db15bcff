// Optimized FULLY_CONNECTED: int8 and uint8 run a qs8_gemm (rows = batches,
// columns = units) that returns the int32 sums with the bias; each task then
// requantizes its block in double exactly as the reference does (LiteRT
// BUILTIN_REF, QUANTIZATION.md §2.3). float32 runs an f32_gemm with the bias
// and activation clamp fused. Everything else (int16) runs the reference
// kernel, whose Prepare always runs first.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/f32_gemm_plan.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/sparse_hooks.h"
#include "kernels/opt/qs8_gemm_plan.h"
#include "kernels/params.h"
#include "kernels/ref/fully_connected.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int32_t kRowsPerTask = 16;

struct OptFullyConnectedData : FullyConnectedData {
  Qs8GemmPlan gemm;  // gemm.variant null: the reference Eval runs
  int sums_scratch = -1;  // batches x units int32
  F32GemmPlan f32;  // float32: f32.variant null: the reference Eval runs
};

Status PrepareGemm(KernelContext& context, OptFullyConnectedData* data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
  if (!HasConstantWeights(tensors)) return Status::Ok();
  const int32_t units = filter.dim(0), depth = filter.dim(1);
  if (units <= 0 || depth <= 0 || data->batches <= 0) return Status::Ok();
  if (type == DataType::kFloat32 && filter.type != DataType::kFloat32) {
    return Status::Ok();  // hybrid (int8 weights): the reference Eval runs
  }
  if (type == DataType::kFloat32) {
    const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
    return PrepareF32GemmPlan(context, filter.data_as<float>(), bias, units, depth,
                              data->float_range, &data->f32);
  }
  if (type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  const Qs8GemmWeights weights = Qs8GemmWeightsOf(tensors, data->quant, units, depth);
  Qs8GemmParams params;
  params.int32_output = true;
  BRASA_RETURN_IF_ERROR(PrepareQs8GemmPlan(context, weights, params, &data->gemm));
  if (data->gemm.variant == nullptr) return Status::Ok();
  return context.RequestScratch(
      sizeof(int32_t) * static_cast<size_t>(data->batches) * static_cast<size_t>(units),
      &data->sums_scratch);
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptFullyConnectedData>(context, PrepareFullyConnectedReference,
                                                 PrepareGemm);
}

struct FullyConnectedTask {
  const OptFullyConnectedData* data;
  const uint8_t* input;
  uint8_t* output;
  int32_t* sums;
  bool uint8;
  int32_t column_tasks, column_block;
};

void RunTask(void* context, int index) {
  const FullyConnectedTask& t = *static_cast<const FullyConnectedTask*>(context);
  const OptFullyConnectedData& data = *t.data;
  const Qs8GemmPlan& gemm = data.gemm;
  const int32_t first_row = (index / t.column_tasks) * kRowsPerTask;
  const int32_t first_column = (index % t.column_tasks) * t.column_block;
  const int32_t rows = std::min(kRowsPerTask, data.batches - first_row);
  const int32_t columns = std::min(t.column_block, gemm.columns - first_column);
  const size_t units = static_cast<size_t>(gemm.columns);
  int32_t* sums = t.sums + first_row * units;
  RunQs8Gemm(gemm, rows, t.input + static_cast<size_t>(first_row) * gemm.depth,
             static_cast<size_t>(gemm.depth), first_column, columns, sums, units);
  // The reference's double requantization: round(acc * E[c]) + zp_out, clamped.
  const double low = data.quant.range.min, high = data.quant.range.max;
  const double zero_point = data.quant.output_offset;
  for (int32_t r = 0; r < rows; ++r) {
    const int32_t* row_sums = sums + r * units;
    uint8_t* out = t.output + (first_row + r) * units;
    for (int32_t c = first_column; c < first_column + columns; ++c) {
      const double scaled = std::round(static_cast<double>(row_sums[c]) * data.output_scales[c]);
      const double value = std::min(std::max(scaled + zero_point, low), high);
      out[c] = t.uint8 ? static_cast<uint8_t>(value)
                       : static_cast<uint8_t>(static_cast<int8_t>(value));
    }
  }
}

struct F32Task {
  const F32GemmPlan* plan;
  const float* input;
  float* output;
  int32_t batches, column_tasks, column_block;
};

void RunF32Task(void* context, int index) {
  const F32Task& t = *static_cast<const F32Task*>(context);
  const F32GemmPlan& gemm = *t.plan;
  const int32_t first_row = (index / t.column_tasks) * kRowsPerTask;
  const int32_t first_column = (index % t.column_tasks) * t.column_block;
  const int32_t rows = std::min(kRowsPerTask, t.batches - first_row);
  const int32_t columns = std::min(t.column_block, gemm.columns - first_column);
  const size_t depth = static_cast<size_t>(gemm.depth), units = static_cast<size_t>(gemm.columns);
  RunF32Gemm(gemm, rows, t.input + first_row * depth, depth, first_column, columns,
             t.output + first_row * units, units);
}

Status EvalF32(KernelContext& context, const OptFullyConnectedData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  F32Task task;
  task.plan = &data.f32;
  task.input = tensors.input->data_as<float>();
  task.output = tensors.output->data_as<float>();
  task.batches = data.batches;
  const int32_t row_tasks = (data.batches + kRowsPerTask - 1) / kRowsPerTask;
  const int64_t work = int64_t{data.batches} * data.f32.columns * data.f32.depth;
  task.column_block = GemmColumnBlock(data.f32.variant->nr, 1, data.f32.columns, row_tasks,
                                      ThreadsForWork(context, work));
  task.column_tasks = (data.f32.columns + task.column_block - 1) / task.column_block;
  ParallelForWork(context, work, row_tasks * task.column_tasks, RunF32Task, &task);
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const OptFullyConnectedData& data = *context.op_data<OptFullyConnectedData>();
  if (data.f32.variant != nullptr) return EvalF32(context, data);
  if (data.gemm.variant == nullptr) return EvalFullyConnectedReference(context, data);
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  FullyConnectedTask task;
  task.data = &data;
  task.input = static_cast<const uint8_t*>(tensors.input->data);
  task.output = static_cast<uint8_t*>(tensors.output->data);
  task.sums = static_cast<int32_t*>(context.scratch(data.sums_scratch));
  task.uint8 = tensors.input->type == DataType::kUInt8;
  const int32_t row_tasks = (data.batches + kRowsPerTask - 1) / kRowsPerTask;
  const int64_t work = int64_t{data.batches} * data.gemm.columns * data.gemm.depth;
  task.column_block = Qs8GemmColumnBlock(data.gemm, row_tasks, ThreadsForWork(context, work));
  task.column_tasks = (data.gemm.columns + task.column_block - 1) / task.column_block;
  ParallelForWork(context, work, row_tasks * task.column_tasks, RunTask, &task);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_FULLY_CONNECTED_OPT() {
  static const OpKernel kernel = {"FULLY_CONNECTED", SparseFullyConnectedOr<Prepare>,
                                   SparseEvalOr<Eval>, internal::ParseFullyConnectedOptions};
  return &kernel;
}

}  // namespace brasa
