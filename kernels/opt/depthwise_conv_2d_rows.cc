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

// The row form's share of one output row (plan.row_form): its whole
// pseudo-pixels, 2 pixels of C = cb / 2 channels each, from the window's
// padded input rows; returns how many bytes of the row that covers.
int32_t RunRowForm(const RowsTask& t, const uint8_t* image, int32_t out_y, uint8_t* out) {
  const WindowGeometry& w = t.data->window;
  const PaddedInput& padded = t.plan->padded;
  const int32_t cb = t.variant->cb;
  const uint8_t* rows[kMaxDwconvTaps];
  for (int32_t fy = 0; fy < t.filter_h; ++fy) {
    rows[fy] = image + (static_cast<size_t>(out_y) * w.stride_h +
                        static_cast<size_t>(fy) * w.dilation_h) *
                           padded.row_bytes;
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
  const int32_t pseudo_pixels = w.out_w * padded.channels / cb;
  if (pseudo_pixels > 0) t.variant->row(pseudo_pixels, cb, row, t.plan->packed, out, *t.params);
  return pseudo_pixels * cb;
}

// One output row (batch * out_h + out_y): out_w * C bytes, cut into
// pseudo-pixels of cb bytes (the last one shorter).
void RunRow(void* context, int index) {
  const RowsTask& t = *static_cast<const RowsTask*>(context);
  const WindowGeometry& w = t.data->window;
  const PaddedInput& padded = t.plan->padded;
  const int32_t cb = t.variant->cb, taps = t.filter_h * t.filter_w;
  const int32_t out_y = index % w.out_h, batch = index / w.out_h;
  const uint8_t* image = t.padded + static_cast<size_t>(batch) * padded.image_bytes();
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
  uint8_t* out = t.output + static_cast<size_t>(index) * row_bytes;
  const int32_t done = t.plan->row_form ? RunRowForm(t, image, out_y, out) : 0;
  const int32_t per_call = std::max<int32_t>(1, kMaxDwconvPointers / taps);
  const uint8_t* pointers[kMaxDwconvPointers];
  for (int32_t first = done; first < row_bytes; first += per_call * cb) {
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
  CopyPaddedInput(plan.padded, static_cast<const uint8_t*>(input.data), input.dim(0),
                  static_cast<uint8_t>(-data.quant.input_offset), padded);
  RowsTask task{&data,
                &variant,
                &params,
                &plan,
                padded,
                static_cast<uint8_t*>(tensors.output->data),
                tensors.filter->dim(1),
                tensors.filter->dim(2)};
  const int64_t work = tensors.output->element_count() * task.filter_h * task.filter_w;
  const int rows = input.dim(0) * data.window.out_h;
  if (work < kMinParallelDepthwiseMacs) {
    for (int i = 0; i < rows; ++i) RunRow(&task, i);
  } else {
    context.ParallelFor(rows, RunRow, &task);
  }
  return Status::Ok();
}

}  // namespace brasa
