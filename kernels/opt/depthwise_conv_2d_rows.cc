#include "kernels/opt/depthwise_conv_2d_rows.h"

#include <algorithm>
#include <cstring>

#include "kernels/opt/dwconv_indirection.h"
#include "kernels/opt/opt_prepare.h"

namespace brasa {
namespace {

struct RowsTask {
  const DepthwiseData* data;
  const Qs8DwconvVariant* variant;
  const Qs8DwconvParams* params;
  const RowsDepthwisePlan* plan;
  const uint8_t* padded;
  uint8_t* output;
  int32_t filter_h, filter_w;
};

// The row form's share of `count` output rows from `out_y` (plan.row_form):
// their whole pseudo-pixels, 2 pixels of C = cb / 2 channels each, from the
// window's padded input rows; returns how many bytes of each row that
// covers.
int32_t RunRowForm(const RowsTask& t, const uint8_t* image, int32_t out_y, int32_t count,
                   uint8_t* out) {
  const WindowGeometry& w = t.data->window;
  const PaddedInput& padded = t.plan->padded;
  const int32_t cb = t.variant->cb;
  const uint8_t* rows[kMaxDwconvTaps + kQs8DwconvRowMaxOutputRows];
  const int32_t row_count = t.filter_h + (count - 1) * w.stride_h;  // count > 1: dilation 1
  for (int32_t i = 0; i < row_count; ++i) {
    const size_t dilation = count > 1 ? 1 : static_cast<size_t>(w.dilation_h);
    rows[i] = image + (static_cast<size_t>(out_y) * w.stride_h + i * dilation) * padded.row_bytes;
  }
  Qs8DwconvRow row;
  row.rows = rows;
  row.padding = t.plan->padding;
  row.kernel_h = t.filter_h;
  row.input_w = static_cast<int32_t>(padded.row_bytes / static_cast<size_t>(padded.channels));
  row.x_origin = 0;
  row.stride = cb / padded.channels;
  row.pixel_bytes = static_cast<size_t>(padded.channels);
  row.output_pixel_bytes = static_cast<size_t>(cb);
  row.output_rows = count;
  row.output_row_bytes = static_cast<size_t>(w.out_w) * padded.channels;
  row.row_step = w.stride_h;
  const int32_t pseudo_pixels = w.out_w * padded.channels / cb;
  if (pseudo_pixels > 0) t.variant->row(pseudo_pixels, cb, row, t.plan->packed, out, *t.params);
  return pseudo_pixels * cb;
}

// Bytes [first, out_w * C) of output row `out_y` of an image, cut into
// pseudo-pixels of cb bytes (the last one shorter), through the variant's
// indirection form.
void RunRowFrom(const RowsTask& t, const uint8_t* image, int32_t out_y, int32_t first,
                uint8_t* out) {
  const WindowGeometry& w = t.data->window;
  const PaddedInput& padded = t.plan->padded;
  const int32_t cb = t.variant->cb, taps = t.filter_h * t.filter_w;
  const uint8_t* tap_rows[kMaxDwconvTaps];  // tap t's input for the row's first output byte
  for (int32_t fy = 0, i = 0; fy < t.filter_h; ++fy) {
    const uint8_t* row =
        image + (static_cast<size_t>(out_y) * w.stride_h + static_cast<size_t>(fy) * w.dilation_h) *
                    padded.row_bytes;
    for (int32_t fx = 0; fx < t.filter_w; ++fx, ++i) {
      tap_rows[i] = row + static_cast<size_t>(fx) * w.dilation_w * padded.channels;
    }
  }
  const int32_t row_bytes = w.out_w * padded.channels;
  const int32_t per_call = std::max<int32_t>(1, kMaxDwconvPointers / taps);
  const uint8_t* pointers[kMaxDwconvPointers];
  for (; first < row_bytes; first += per_call * cb) {
    const int32_t bytes = std::min(per_call * cb, row_bytes - first);
    const int32_t full = bytes / cb, tail = bytes % cb;
    const int32_t pixels = full + (tail > 0 ? 1 : 0);
    for (int32_t p = 0, i = 0; p < pixels; ++p) {
      for (int32_t k = 0; k < taps; ++k) pointers[i++] = tap_rows[k] + first + p * cb;
    }
    if (full > 0) {
      t.variant->fn(full, cb, taps, pointers, t.plan->packed, out + first, cb, *t.params);
    }
    if (tail > 0) {
      t.variant->fn(1, tail, taps, pointers + static_cast<size_t>(full) * taps, t.plan->packed,
                    out + first + full * cb, cb, *t.params);
    }
  }
}

// Task `index`: plan.rows_per_task output rows of one image (fewer at its
// end), out_w * C bytes each.
void RunRows(void* context, int index) {
  const RowsTask& t = *static_cast<const RowsTask*>(context);
  const WindowGeometry& w = t.data->window;
  const int32_t per_task = t.plan->rows_per_task;
  const int32_t tasks_per_image = (w.out_h + per_task - 1) / per_task;
  const int32_t batch = index / tasks_per_image, out_y = index % tasks_per_image * per_task;
  const int32_t count = std::min(per_task, w.out_h - out_y);
  const uint8_t* image = t.padded + static_cast<size_t>(batch) * t.plan->padded.image_bytes();
  const size_t row_bytes = static_cast<size_t>(w.out_w) * t.plan->padded.channels;
  uint8_t* out = t.output + (static_cast<size_t>(batch) * w.out_h + out_y) * row_bytes;
  const int32_t done = t.plan->row_form ? RunRowForm(t, image, out_y, count, out) : 0;
  for (int32_t i = 0; i < count; ++i) RunRowFrom(t, image, out_y + i, done, out + i * row_bytes);
}

}  // namespace

bool RowsDepthwiseApplies(const DepthwiseData& data, const Qs8DwconvWeights& weights,
                          const Qs8DwconvVariant& variant) {
  return data.depth_multiplier == 1 && data.window.stride_w == 1 && weights.channels < variant.cb &&
         variant.cb % weights.channels == 0;
}

Status PrepareRowsDepthwise(KernelContext& context, const DepthwiseData& data,
                            Qs8DwconvWeights weights, const Qs8DwconvVariant& variant,
                            RowsDepthwisePlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const int32_t channels = weights.channels;
  weights.period = channels;
  weights.channels = variant.cb;
  void* packed =
      context.AllocatePersistent(Qs8DwconvPackedBytes(variant.cb, variant.cb, weights.taps));
  if (packed == nullptr) return OutOfMemory(context);
  PackQs8Dwconv(weights, variant.cb, packed);
  const WindowGeometry& w = data.window;
  if (variant.row != nullptr && variant.cb == 2 * channels && filter.dim(2) == kQs8DwconvRowWidth &&
      w.dilation_w == 1 && filter.dim(1) <= kMaxDwconvTaps) {
    auto* padding = static_cast<uint8_t*>(context.AllocatePersistent(variant.cb));
    if (padding == nullptr) return OutOfMemory(context);
    std::memset(padding, static_cast<uint8_t>(-data.quant.input_offset), variant.cb);
    plan->padding = padding;
    plan->row_form = true;
    // Vertically adjacent windows: 4 output rows per call share their
    // input rows (the variant's int8 3x3 tiles).
    if (w.stride_h == 1 && w.dilation_h == 1) plan->rows_per_task = kQs8DwconvRowMaxOutputRows;
  }
  plan->padded = PlanPaddedInput(data.window, input.dim(1), input.dim(2), channels, filter.dim(1),
                                 filter.dim(2), 0);
  const size_t bytes = static_cast<size_t>(input.dim(0)) * plan->padded.image_bytes();
  BRASA_RETURN_IF_ERROR(context.RequestScratch(bytes, &plan->padded_scratch));
  plan->packed = packed;
  plan->active = true;
  return Status::Ok();
}

Status EvalRowsDepthwise(KernelContext& context, const DepthwiseData& data,
                         const Qs8DwconvVariant& variant, const Qs8DwconvParams& params,
                         const RowsDepthwisePlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  auto* padded = static_cast<uint8_t*>(context.scratch(plan.padded_scratch));
  const int64_t work = tensors.output->element_count() * tensors.filter->dim(1) *
                       tensors.filter->dim(2);
  const bool split = work >= kMinParallelDepthwiseMacs;
  CopyPaddedInput(context, split, plan.padded, static_cast<const uint8_t*>(input.data),
                  input.dim(0), static_cast<uint8_t>(-data.quant.input_offset), padded);
  RowsTask task{&data,
                &variant,
                &params,
                &plan,
                padded,
                static_cast<uint8_t*>(tensors.output->data),
                tensors.filter->dim(1),
                tensors.filter->dim(2)};
  const int32_t per_image = (data.window.out_h + plan.rows_per_task - 1) / plan.rows_per_task;
  const int tasks = input.dim(0) * per_image;
  if (!split) {
    for (int i = 0; i < tasks; ++i) RunRows(&task, i);
  } else {
    context.ParallelFor(tasks, RunRows, &task);
  }
  return Status::Ok();
}

}  // namespace brasa
