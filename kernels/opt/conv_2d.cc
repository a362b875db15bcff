// Optimized CONV_2D: int8 and uint8 convolutions as a qs8_gemm (rows =
// output pixels, columns = output channels, depth = the filter window).
// 1x1 stride-1 convolutions read the input directly; other windows are
// gathered a few rows at a time into per-task im2col scratch, padding taps
// set to the input zero point (so they add nothing, QUANTIZATION.md §1.9).
// float32 runs conv_2d_f32.cc's f32_gemm the same way. Inputs with few
// channels (float32 or 8-bit) run conv_2d_direct.cc's kernels instead. Everything else
// (int16, grouped) runs the reference kernel, whose Prepare always runs first.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/conv_2d_direct.h"
#include "kernels/opt/conv_2d_f32.h"
#include "kernels/opt/im2col.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/sparse_hooks.h"
#include "kernels/opt/qs8_gemm_plan.h"
#include "kernels/params.h"
#include "kernels/ref/conv_2d.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// Output rows per gathered im2col chunk and per pointwise task.
constexpr int32_t kIm2colRows = 32;
constexpr int32_t kPointwiseRows = 64;
// Input bytes up to which a pointwise task takes more than kPointwiseRows
// rows: a shallow layer's rows are small, and a task's setup every 64 of
// them cost 2% of person_detect (its 8-deep 48x48 layer ran 36 tasks).
constexpr int32_t kPointwiseTaskInputBytes = 16 * 1024;

// The most rows a pointwise task of `depth` input bytes per row takes.
int32_t PointwiseTaskRows(int32_t depth) {
  return std::max<int32_t>(kPointwiseRows,
                           kPointwiseTaskInputBytes / std::max<int32_t>(depth, 1));
}

struct OptConvData : ConvData {
  Qs8GemmPlan gemm;  // gemm.variant null: the reference Eval runs
  bool pointwise = false;
  int32_t rows = 0;  // batches * out_h * out_w
  int im2col_scratch = -1;
  int32_t im2col_tasks = 0;
  uint8_t input_zero_point = 0;  // the byte padding taps get
  F32ConvPlan f32;  // float32: f32.gemm.variant null: the reference Eval runs
  DirectConvPlan direct;  // active: few input channels, neither GEMM runs
};

Status PrepareGemm(KernelContext& context, OptConvData* data) {
  BRASA_RETURN_IF_ERROR(PrepareDirectConv(context, *data, &data->direct));
  if (data->direct.active()) return Status::Ok();
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
  if (type == DataType::kFloat32 && filter.type != DataType::kFloat32) {
    return Status::Ok();  // hybrid (int8 weights): the reference Eval runs
  }
  if (type == DataType::kFloat32) return PrepareF32Conv(context, *data, &data->f32);
  if (type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  if (!HasConstantWeights(tensors)) return Status::Ok();
  const int32_t output_channels = filter.dim(0);
  if (data->filters_per_group != output_channels) return Status::Ok();  // grouped
  const int64_t depth = int64_t{filter.dim(1)} * filter.dim(2) * filter.dim(3);
  const int64_t rows = int64_t{input.dim(0)} * data->window.out_h * data->window.out_w;
  if (depth > (int64_t{1} << 24) || rows > INT32_MAX) return Status::Ok();

  Qs8GemmWeights weights =
      Qs8GemmWeightsOf(tensors, data->quant, output_channels, static_cast<int32_t>(depth));
  weights.multipliers = data->quant.multipliers;
  Qs8GemmParams params;
  params.output_zero_point = data->quant.output_offset;
  params.output_min = data->quant.range.min;
  params.output_max = data->quant.range.max;
  BRASA_RETURN_IF_ERROR(PrepareQs8GemmPlan(context, weights, params, &data->gemm));
  if (data->gemm.variant == nullptr) return Status::Ok();

  const WindowGeometry& w = data->window;
  data->rows = static_cast<int32_t>(rows);
  data->input_zero_point = static_cast<uint8_t>(-data->quant.input_offset);
  data->pointwise = filter.dim(1) == 1 && filter.dim(2) == 1 && w.stride_h == 1 &&
                    w.stride_w == 1 && w.pad_top == 0 && w.pad_left == 0 &&
                    w.out_h == input.dim(1) && w.out_w == input.dim(2);
  if (!data->pointwise) {
    const size_t task_bytes =
        kIm2colRows * static_cast<size_t>(Qs8GemmPaddedDepth(data->gemm.depth));
    data->im2col_tasks = Im2colTasks(context.num_threads(), data->rows, kIm2colRows, task_bytes);
    return context.RequestScratch(static_cast<size_t>(data->im2col_tasks) * task_bytes,
                                  &data->im2col_scratch);
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptConvData>(context, PrepareConv2dReference, PrepareGemm);
}

// What every ParallelFor task reads.
struct ConvTask {
  const OptConvData* data;
  const uint8_t* input;
  uint8_t* output;
  uint8_t* scratch;
  int32_t input_h, input_w, input_channels, filter_h, filter_w;
  int32_t row_tasks, column_tasks;
  int32_t row_shares;  // pointwise: row tasks in this many equal shares of the rows
  Qs8GemmColumnSplit column_split;
};

void RunPointwiseTask(void* context, int index) {
  const ConvTask& t = *static_cast<const ConvTask*>(context);
  const Qs8GemmPlan& gemm = t.data->gemm;
  // Every thread's contiguous share of the row tasks covers as many rows.
  const int32_t row_task = index / t.column_tasks;
  int32_t first_row = 0, end_row = 0;
  ShareTaskRows(t.data->rows, gemm.variant->mr, t.row_tasks, t.row_shares, row_task, &first_row,
                &end_row);
  const int32_t rows = end_row - first_row;
  int32_t first_column = 0, columns = 0;
  Qs8GemmColumnRange(gemm, t.column_split, index % t.column_tasks, &first_column, &columns);
  const size_t depth = static_cast<size_t>(gemm.depth);
  if (rows <= 0 || columns <= 0) return;
  RunQs8Gemm(gemm, rows, t.input + first_row * depth, depth, first_column, columns,
             t.output + static_cast<size_t>(first_row) * gemm.columns, gemm.columns);
}

Im2colSource SourceOf(const ConvTask& t) {
  return Im2colSource{&t.data->window, t.input,   t.input_h, t.input_w, t.filter_h,
                      t.filter_w,      static_cast<size_t>(t.input_channels),
                      t.data->input_zero_point};
}

void RunIm2colTask(void* context, int index) {
  const ConvTask& t = *static_cast<const ConvTask*>(context);
  const Qs8GemmPlan& gemm = t.data->gemm;
  // Patch rows padded to whole depth groups (see RunQs8Gemm's a_padded).
  const size_t depth = static_cast<size_t>(Qs8GemmPaddedDepth(gemm.depth));
  uint8_t* patches = t.scratch + static_cast<size_t>(index) * kIm2colRows * depth;
  const int32_t total = t.data->rows;
  const int32_t per_task = (total + t.row_tasks - 1) / t.row_tasks;
  const int32_t end = std::min(total, (index + 1) * per_task);
  const WindowGeometry& w = t.data->window;
  const int32_t start = index * per_task;
  OutputPosition at = OutputPositionOf(start, w);
  const Im2colSource source = SourceOf(t);
  for (int32_t first = start; first < end; first += kIm2colRows) {
    const int32_t rows = std::min(kIm2colRows, end - first);
    for (int32_t r = 0; r < rows; ++r) {
      GatherWindow(source, at, patches + r * depth);
      AdvanceOutputPosition(at, w);
    }
    RunQs8Gemm(gemm, rows, patches, depth, 0, gemm.columns,
               t.output + static_cast<size_t>(first) * gemm.columns, gemm.columns, true);
  }
}

Status Eval(KernelContext& context) {
  const OptConvData& data = *context.op_data<OptConvData>();
  if (data.direct.active()) return EvalDirectConv(context, data, data.direct);
  if (data.f32.gemm.variant != nullptr) return EvalF32Conv(context, data, data.f32);
  if (data.gemm.variant == nullptr) return EvalConv2dReference(context, data);
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  ConvTask task;
  task.data = &data;
  task.input = static_cast<const uint8_t*>(tensors.input->data);
  task.output = static_cast<uint8_t*>(tensors.output->data);
  task.input_h = tensors.input->dim(1);
  task.input_w = tensors.input->dim(2);
  task.input_channels = tensors.input->dim(3);
  task.filter_h = tensors.filter->dim(1);
  task.filter_w = tensors.filter->dim(2);
  const int64_t work = int64_t{data.rows} * data.gemm.columns * data.gemm.depth;
  if (data.pointwise) {
    task.scratch = nullptr;
    // A multiple of the threads, a few each (PointwiseRowTasks): 49 tasks of
    // a 56x56 layer left one thread a whole task alone at the end.
    const int threads = ThreadsForWork(context, work);
    task.row_tasks = PointwiseRowTasks(data.rows, PointwiseTaskRows(data.gemm.depth),
                                       data.gemm.variant->mr, threads);
    task.row_shares = task.row_tasks % threads == 0 ? threads : 1;
    int64_t split_work = work;
    if (threads > 1 && task.row_tasks < threads && data.rows >= 2 * threads) {
      // Too few rows for a task per thread: one even share of the rows per
      // thread rather than slices of the columns. The layers around it split
      // their rows the same way (the depthwise ones by ShareRows), so each
      // thread reads the rows its own core wrote; split by columns, every
      // thread read the whole input, half of it from the other core, and
      // wrote a slice of every row. person_detect's 6x6x128 layers, on two
      // threads: 1.4 us each, 2.0 on one; int8 MobileNetV2's 7x7 layers on
      // two threads (medians of 22-25 runs of 30 invokes): 3-8 us faster
      // each (49.6 -> 44.5 us for 960 -> 320), where a row tile of 8 leaves
      // one thread 25 rows in 4 tiles against 24 in 3.
      task.row_tasks = threads;
      task.row_shares = threads;
    } else {
      split_work = ConvGemmSplitWork(context, work, task.row_tasks);
      task.column_split =
          Qs8GemmColumnTasks(data.gemm, task.row_tasks, ThreadsForWork(context, split_work));
    }
    task.column_tasks = task.column_split.tasks();
    ParallelForWork(context, split_work, task.row_tasks * task.column_tasks, RunPointwiseTask,
                    &task);
  } else {
    task.scratch = static_cast<uint8_t*>(context.scratch(data.im2col_scratch));
    task.row_tasks = data.im2col_tasks;
    task.row_shares = 1;
    task.column_tasks = 1;
    ParallelForWork(context, work, task.row_tasks, RunIm2colTask, &task);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CONV_2D_OPT() {
  static const OpKernel kernel = {"CONV_2D", SparseConv2dOr<Prepare>, SparseEvalOr<Eval>,
                                  internal::ParseConv2DOptions};
  return &kernel;
}

}  // namespace brasa
