#include "kernels/opt/conv_2d_f32.h"

#include <algorithm>
#include <cstdint>

#include "kernels/opt/im2col.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

// Output rows per gathered im2col chunk, and at most per pointwise task.
constexpr int32_t kIm2colRows = 48;
constexpr int32_t kPointwiseRows = 96;

struct F32ConvTask {
  const ConvData* data;
  const F32ConvPlan* plan;
  const float* input;
  float* output;
  float* scratch;
  Im2colSource source;
  int32_t row_tasks, column_tasks, column_block;
};

void RunPointwiseTask(void* context, int index) {
  const F32ConvTask& t = *static_cast<const F32ConvTask*>(context);
  const F32GemmPlan& gemm = t.plan->gemm;
  int32_t first_row, end_row;
  EvenPart(t.plan->rows, t.row_tasks, index / t.column_tasks, &first_row, &end_row);
  const int32_t first_column = (index % t.column_tasks) * t.column_block;
  const int32_t rows = end_row - first_row;
  const int32_t columns = std::min(t.column_block, gemm.columns - first_column);
  const size_t depth = static_cast<size_t>(gemm.depth);
  RunF32Gemm(gemm, rows, t.input + first_row * depth, depth, first_column, columns,
             t.output + static_cast<size_t>(first_row) * gemm.columns, gemm.columns);
}

void RunIm2colTask(void* context, int index) {
  const F32ConvTask& t = *static_cast<const F32ConvTask*>(context);
  const F32GemmPlan& gemm = t.plan->gemm;
  const size_t depth = static_cast<size_t>(gemm.depth);
  float* patches = t.scratch + static_cast<size_t>(index) * kIm2colRows * depth;
  const int32_t total = t.plan->rows;
  const int32_t per_task = (total + t.row_tasks - 1) / t.row_tasks;
  const int32_t start = index * per_task;
  const int32_t end = std::min(total, start + per_task);
  const WindowGeometry& w = t.data->window;
  OutputPosition at = OutputPositionOf(start, w);
  for (int32_t first = start; first < end; first += kIm2colRows) {
    const int32_t rows = std::min(kIm2colRows, end - first);
    for (int32_t r = 0; r < rows; ++r) {
      GatherWindow(t.source, at, reinterpret_cast<uint8_t*>(patches + r * depth));
      AdvanceOutputPosition(at, w);
    }
    RunF32Gemm(gemm, rows, patches, depth, 0, gemm.columns,
               t.output + static_cast<size_t>(first) * gemm.columns, gemm.columns);
  }
}

}  // namespace

Status PrepareF32Conv(KernelContext& context, const ConvData& data, F32ConvPlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  if (!HasConstantWeights(tensors)) return Status::Ok();
  const int32_t output_channels = filter.dim(0);
  if (data.filters_per_group != output_channels) return Status::Ok();  // grouped
  const int64_t depth = int64_t{filter.dim(1)} * filter.dim(2) * filter.dim(3);
  const int64_t rows = int64_t{input.dim(0)} * data.window.out_h * data.window.out_w;
  if (depth <= 0 || depth > (int64_t{1} << 24) || rows > INT32_MAX) return Status::Ok();
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  BRASA_RETURN_IF_ERROR(PrepareF32GemmPlan(context, filter.data_as<float>(), bias,
                                           output_channels, static_cast<int32_t>(depth),
                                           data.float_range, &plan->gemm));
  if (plan->gemm.variant == nullptr) return Status::Ok();
  const WindowGeometry& w = data.window;
  plan->rows = static_cast<int32_t>(rows);
  plan->pointwise = filter.dim(1) == 1 && filter.dim(2) == 1 && w.stride_h == 1 &&
                    w.stride_w == 1 && w.pad_top == 0 && w.pad_left == 0 &&
                    w.out_h == input.dim(1) && w.out_w == input.dim(2);
  if (plan->pointwise) return Status::Ok();
  const size_t task_bytes = sizeof(float) * kIm2colRows * static_cast<size_t>(depth);
  plan->im2col_tasks = Im2colTasks(context.num_threads(), plan->rows, kIm2colRows, task_bytes);
  return context.RequestScratch(static_cast<size_t>(plan->im2col_tasks) * task_bytes,
                                &plan->im2col_scratch);
}

Status EvalF32Conv(KernelContext& context, const ConvData& data, const F32ConvPlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  F32ConvTask task;
  task.data = &data;
  task.plan = &plan;
  task.input = input.data_as<float>();
  task.output = tensors.output->data_as<float>();
  const int64_t work = int64_t{plan.rows} * plan.gemm.columns * plan.gemm.depth;
  if (plan.pointwise) {
    task.scratch = nullptr;
    const int threads = ThreadsForWork(context, work);
    const F32GemmVariant& variant = *plan.gemm.variant;
    const int32_t tile_rows = plan.gemm.tile_rows;
    task.row_tasks = PointwiseRowTasks(plan.rows, kPointwiseRows, tile_rows, threads);
    if (task.row_tasks < threads &&
        EvenRowSplitBalancesBetter(plan.rows, plan.gemm.columns, tile_rows, variant.nr,
                                   threads)) {
      task.row_tasks = threads;
      task.column_block = plan.gemm.columns;
    } else {
      task.column_block =
          GemmColumnBlock(variant.nr, 1, plan.gemm.columns, task.row_tasks, threads);
    }
    task.column_tasks = (plan.gemm.columns + task.column_block - 1) / task.column_block;
    ParallelForWork(context, work, task.row_tasks * task.column_tasks, RunPointwiseTask, &task);
    return Status::Ok();
  }
  task.source = Im2colSource{&data.window,    static_cast<const uint8_t*>(input.data),
                             input.dim(1),    input.dim(2),
                             tensors.filter->dim(1), tensors.filter->dim(2),
                             sizeof(float) * static_cast<size_t>(input.dim(3)), 0};
  task.scratch = static_cast<float*>(context.scratch(plan.im2col_scratch));
  task.row_tasks = plan.im2col_tasks;
  task.column_tasks = 1;
  task.column_block = plan.gemm.columns;
  ParallelForWork(context, work, task.row_tasks, RunIm2colTask, &task);
  return Status::Ok();
}

}  // namespace brasa
