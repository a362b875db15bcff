// Optimized CONV_2D: int8 and uint8 convolutions as a qs8_gemm (rows =
// output pixels, columns = output channels, depth = the filter window).
// 1x1 stride-1 convolutions read the input directly; other windows are
// gathered a few rows at a time into per-task im2col scratch, padding taps
// set to the input zero point (so they add nothing, QUANTIZATION.md §1.9).
// Everything else (float, int16, grouped) runs the reference kernel, whose
// Prepare always runs first.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/qs8_gemm_plan.h"
#include "kernels/params.h"
#include "kernels/ref/conv_2d.h"

namespace brasa {
namespace {

// Output rows per gathered im2col chunk and per pointwise task.
constexpr int32_t kIm2colRows = 32;
constexpr int32_t kPointwiseRows = 64;

struct OptConvData : ConvData {
  Qs8GemmPlan gemm;  // gemm.variant null: the reference Eval runs
  bool pointwise = false;
  int32_t rows = 0;  // batches * out_h * out_w
  int im2col_scratch = -1;
  int32_t im2col_tasks = 0;
  uint8_t input_zero_point = 0;  // the byte padding taps get
};

Status PrepareGemm(KernelContext& context, OptConvData* data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
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
    data->im2col_tasks = context.num_threads();
    return context.RequestScratch(
        static_cast<size_t>(data->im2col_tasks) * kIm2colRows * static_cast<size_t>(depth),
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
  int32_t row_tasks, column_tasks, column_block;
};

void RunPointwiseTask(void* context, int index) {
  const ConvTask& t = *static_cast<const ConvTask*>(context);
  const Qs8GemmPlan& gemm = t.data->gemm;
  const int32_t first_row = (index / t.column_tasks) * kPointwiseRows;
  const int32_t first_column = (index % t.column_tasks) * t.column_block;
  const int32_t rows = std::min(kPointwiseRows, t.data->rows - first_row);
  const int32_t columns = std::min(t.column_block, gemm.columns - first_column);
  const size_t depth = static_cast<size_t>(gemm.depth);
  RunQs8Gemm(gemm, rows, t.input + first_row * depth, depth, first_column, columns,
             t.output + static_cast<size_t>(first_row) * gemm.columns, gemm.columns);
}

// memcpy with a run-time size is a call; windows of small layers (3
// channels, say) copy a few bytes at a time, where fixed-size copies (two
// overlapping ones for the tail) are much faster. Never reads past `count`.
inline void CopyBytes(uint8_t* to, const uint8_t* from, size_t count) {
  if (count >= 64) {
    std::memcpy(to, from, count);
  } else if (count >= 16) {
    for (size_t i = 0; i + 16 <= count; i += 16) std::memcpy(to + i, from + i, 16);
    std::memcpy(to + count - 16, from + count - 16, 16);
  } else if (count >= 8) {
    std::memcpy(to, from, 8);
    std::memcpy(to + count - 8, from + count - 8, 8);
  } else if (count >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + count - 4, from + count - 4, 4);
  } else {
    for (size_t i = 0; i < count; ++i) to[i] = from[i];
  }
}

// An output row's position: batch, y, x (counted up without divisions).
struct OutputPosition {
  int32_t batch, out_y, out_x;
};

// Gathers the window of output position `at` into `patch` (filter_y,
// filter_x, channel order).
void GatherWindow(const ConvTask& t, const OutputPosition& at, uint8_t* patch) {
  const WindowGeometry& w = t.data->window;
  const int32_t out_x = at.out_x, out_y = at.out_y, batch = at.batch;
  const size_t channels = static_cast<size_t>(t.input_channels);
  const size_t window_row = channels * static_cast<size_t>(t.filter_w);
  const uint8_t* image = t.input + static_cast<size_t>(batch) * t.input_h * t.input_w * channels;
  const int32_t x_origin = out_x * w.stride_w - w.pad_left;
  const int32_t x_last = x_origin + (t.filter_w - 1) * w.dilation_w;
  // With dilation 1, a window row inside the image is one contiguous run.
  const bool whole_rows = w.dilation_w == 1 && x_origin >= 0 && x_last < t.input_w;
  for (int32_t fy = 0; fy < t.filter_h; ++fy) {
    const int32_t in_y = out_y * w.stride_h - w.pad_top + fy * w.dilation_h;
    if (in_y < 0 || in_y >= t.input_h) {
      std::memset(patch, t.data->input_zero_point, window_row);
      patch += window_row;
      continue;
    }
    const uint8_t* source = image + static_cast<size_t>(in_y) * t.input_w * channels;
    if (whole_rows) {
      CopyBytes(patch, source + static_cast<size_t>(x_origin) * channels, window_row);
      patch += window_row;
      continue;
    }
    for (int32_t fx = 0; fx < t.filter_w; ++fx) {
      const int32_t in_x = x_origin + fx * w.dilation_w;
      if (in_x >= 0 && in_x < t.input_w) {
        CopyBytes(patch, source + static_cast<size_t>(in_x) * channels, channels);
      } else {
        std::memset(patch, t.data->input_zero_point, channels);
      }
      patch += channels;
    }
  }
}

void RunIm2colTask(void* context, int index) {
  const ConvTask& t = *static_cast<const ConvTask*>(context);
  const Qs8GemmPlan& gemm = t.data->gemm;
  const size_t depth = static_cast<size_t>(gemm.depth);
  uint8_t* patches = t.scratch + static_cast<size_t>(index) * kIm2colRows * depth;
  const int32_t total = t.data->rows;
  const int32_t per_task = (total + t.row_tasks - 1) / t.row_tasks;
  const int32_t end = std::min(total, (index + 1) * per_task);
  const WindowGeometry& w = t.data->window;
  const int32_t start = index * per_task;
  OutputPosition at{start / (w.out_w * w.out_h), (start / w.out_w) % w.out_h, start % w.out_w};
  for (int32_t first = start; first < end; first += kIm2colRows) {
    const int32_t rows = std::min(kIm2colRows, end - first);
    for (int32_t r = 0; r < rows; ++r) {
      GatherWindow(t, at, patches + r * depth);
      if (++at.out_x == w.out_w) {
        at.out_x = 0;
        if (++at.out_y == w.out_h) {
          at.out_y = 0;
          ++at.batch;
        }
      }
    }
    RunQs8Gemm(gemm, rows, patches, depth, 0, gemm.columns,
               t.output + static_cast<size_t>(first) * gemm.columns, gemm.columns);
  }
}

Status Eval(KernelContext& context) {
  const OptConvData& data = *context.op_data<OptConvData>();
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
    task.row_tasks = (data.rows + kPointwiseRows - 1) / kPointwiseRows;
    task.column_block = Qs8GemmColumnBlock(data.gemm, task.row_tasks, context.num_threads());
    task.column_tasks = (data.gemm.columns + task.column_block - 1) / task.column_block;
    ParallelForWork(context, work, task.row_tasks * task.column_tasks, RunPointwiseTask, &task);
  } else {
    task.scratch = static_cast<uint8_t*>(context.scratch(data.im2col_scratch));
    task.row_tasks = data.im2col_tasks;
    task.column_tasks = 1;
    task.column_block = data.gemm.columns;
    ParallelForWork(context, work, task.row_tasks, RunIm2colTask, &task);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CONV_2D_OPT() {
  static const OpKernel kernel = {"CONV_2D", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
