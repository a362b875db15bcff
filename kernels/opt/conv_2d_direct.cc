#include "kernels/opt/conv_2d_direct.h"

#include <algorithm>
#include <cstring>

#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/qs8_gemm_plan.h"

namespace brasa {
namespace {

// Limits of the row-pointer array and of sensible direct windows.
constexpr int32_t kMaxFilterRows = 16;
constexpr int32_t kMaxFilterColumns = 16;
constexpr size_t kRowAlignment = 64;

struct DirectTask {
  const ConvData* data;
  const DirectConvPlan* plan;
  const uint8_t* input;
  uint8_t* output;
  uint8_t* scratch;
};

// Row buffer `to` for input row `y` of image `image` (y may be a padding row).
void CopyRow(const DirectConvPlan& plan, const WindowGeometry& w, const uint8_t* image,
             int32_t y, uint8_t* to) {
  const size_t pixel = plan.element_bytes * static_cast<size_t>(plan.channels);
  const bool in_image = y >= 0 && y < plan.input_h;
  // Buffer pixel i holds input column i - pad_left.
  const int32_t first = in_image ? std::min(w.pad_left, plan.row_pixels) : plan.row_pixels;
  const int32_t end = in_image ? std::min(plan.row_pixels, w.pad_left + plan.input_w) : first;
  const uint8_t fill = plan.f32 != nullptr ? 0 : plan.padding;  // 0.0f is all zero bytes
  std::memset(to, fill, static_cast<size_t>(first) * pixel);
  if (end > first) {
    const uint8_t* from =
        image + (static_cast<size_t>(y) * plan.input_w + (first - w.pad_left)) * pixel;
    const size_t bytes = static_cast<size_t>(end - first) * pixel;
    uint8_t* row = to + static_cast<size_t>(first) * pixel;
    if (plan.flip == 0) {
      std::memcpy(row, from, bytes);
    } else {
      for (size_t i = 0; i < bytes; ++i) row[i] = from[i] ^ plan.flip;
    }
  }
  const size_t filled = static_cast<size_t>(std::max(end, first)) * pixel;
  std::memset(to + filled, fill, plan.row_bytes - filled);
}

// CopyRow for the wide qs8_dconv variants: the same A bytes as uint16.
void CopyWideRow(const DirectConvPlan& plan, const WindowGeometry& w, const uint8_t* image,
                 int32_t y, uint16_t* to) {
  const size_t pixel = static_cast<size_t>(plan.channels);
  const size_t size = plan.row_bytes / sizeof(uint16_t);
  const bool in_image = y >= 0 && y < plan.input_h;
  const int32_t first = in_image ? std::min(w.pad_left, plan.row_pixels) : plan.row_pixels;
  const int32_t end = in_image ? std::min(plan.row_pixels, w.pad_left + plan.input_w) : first;
  const size_t begin = static_cast<size_t>(first) * pixel;
  const size_t filled = static_cast<size_t>(std::max(end, first)) * pixel;
  std::fill(to, to + begin, uint16_t{plan.padding});
  if (end > first) {
    const uint8_t* from =
        image + (static_cast<size_t>(y) * plan.input_w + (first - w.pad_left)) * pixel;
    for (size_t i = begin; i < filled; ++i) {
      to[i] = static_cast<uint16_t>(from[i - begin] ^ plan.flip);
    }
  }
  std::fill(to + filled, to + size, uint16_t{plan.padding});
}

// Output rows [index * per_task, ...) of all images (batch * out_h + out_y).
void RunTask(void* context, int index) {
  const DirectTask& t = *static_cast<const DirectTask*>(context);
  const DirectConvPlan& plan = *t.plan;
  const WindowGeometry& w = t.data->window;
  uint8_t* buffers = t.scratch + static_cast<size_t>(index) * plan.filter_h * plan.row_bytes;
  const int32_t per_task = (plan.rows + plan.tasks - 1) / plan.tasks;
  const int32_t end = std::min(plan.rows, (index + 1) * per_task);
  const size_t image_bytes = static_cast<size_t>(plan.input_h) * plan.input_w * plan.channels *
                             plan.element_bytes;
  const size_t out_pixel = static_cast<size_t>(plan.f32 != nullptr ? plan.f32_params.channels
                                                                   : plan.qs8_params.channels) *
                           plan.element_bytes;
  const uint8_t* rows[kMaxFilterRows];
  for (int32_t row = index * per_task; row < end; ++row) {
    const int32_t batch = row / w.out_h, out_y = row % w.out_h;
    const uint8_t* image = t.input + static_cast<size_t>(batch) * image_bytes;
    for (int32_t fy = 0; fy < plan.filter_h; ++fy) {
      uint8_t* buffer = buffers + static_cast<size_t>(fy) * plan.row_bytes;
      const int32_t y = out_y * w.stride_h - w.pad_top + fy * w.dilation_h;
      if (plan.row_element_bytes == sizeof(uint16_t)) {
        CopyWideRow(plan, w, image, y, reinterpret_cast<uint16_t*>(buffer));
      } else {
        CopyRow(plan, w, image, y, buffer);
      }
      rows[fy] = buffer;
    }
    uint8_t* out = t.output + static_cast<size_t>(row) * w.out_w * out_pixel;
    if (plan.f32 != nullptr) {
      plan.f32->fn(w.out_w, reinterpret_cast<const float* const*>(rows),
                   static_cast<const float*>(plan.packed), reinterpret_cast<float*>(out),
                   plan.f32_params);
    } else {
      plan.qs8->fn(w.out_w, rows, plan.packed, out, plan.qs8_params);
    }
  }
}

Status PrepareF32(KernelContext& context, const ConvData& data, const WeightedOpTensors& tensors,
                  DirectConvPlan* plan) {
  const F32DconvVariant* variant = SelectSimdUkernel(F32DconvTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  const int32_t channels = tensors.filter->dim(0);
  const int32_t taps = plan->filter_h * plan->f32_params.segment;
  float* packed = static_cast<float*>(context.AllocatePersistent(
      sizeof(float) * F32GemmPackedFloats(variant->nr, channels, taps)));
  if (packed == nullptr) return OutOfMemory(context);
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  PackF32Gemm(tensors.filter->data_as<float>(), bias, channels, taps, variant->nr, packed);
  plan->f32_params.channels = channels;
  plan->f32_params.min = data.float_range.min;
  plan->f32_params.max = data.float_range.max;
  plan->packed = packed;
  plan->element_bytes = plan->row_element_bytes = sizeof(float);
  plan->f32 = variant;
  return Status::Ok();
}

Status PrepareQs8(KernelContext& context, const ConvData& data, const WeightedOpTensors& tensors,
                  DirectConvPlan* plan) {
  const Qs8DconvVariant* variant = SelectSimdUkernel(Qs8DconvTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  const int32_t channels = tensors.filter->dim(0);
  Qs8DconvParams& params = plan->qs8_params;
  Qs8GemmWeights weights = Qs8GemmWeightsOf(tensors, data.quant, channels,
                                            plan->filter_h * params.segment);
  weights.multipliers = data.quant.multipliers;
  // qs8_gemm's packing first (its folded bias and multipliers), then regrouped.
  void* gemm_packed =
      context.AllocatePersistent(Qs8GemmPackedBytes(variant->nr, channels, weights.depth));
  const size_t packed_bytes =
      variant->wide ? Qs8DconvWidePackedBytes(variant->nr, channels, plan->filter_h, params.segment)
                    : Qs8DconvPackedBytes(variant->nr, channels, plan->filter_h, params.segment);
  void* packed = context.AllocatePersistent(packed_bytes);
  if (gemm_packed == nullptr || packed == nullptr) return OutOfMemory(context);
  PackQs8Gemm(weights, variant->nr, gemm_packed);
  params.channels = channels;
  params.row_sum_factor = Qs8GemmRowOffsetFactor(weights);
  if (variant->wide) {
    PackQs8DconvWide(gemm_packed, variant->nr, channels, plan->filter_h, params.segment,
                     params.row_sum_factor, packed);
  } else {
    PackQs8Dconv(gemm_packed, variant->nr, channels, plan->filter_h, params.segment, packed);
  }
  params.output_zero_point = data.quant.output_offset;
  params.output_min = data.quant.range.min;
  params.output_max = data.quant.range.max;
  plan->flip = static_cast<uint8_t>(Qs8GemmActivationFlip(weights.uint8));
  plan->padding = static_cast<uint8_t>(-data.quant.input_offset) ^ plan->flip;
  plan->packed = packed;
  plan->element_bytes = 1;
  plan->row_element_bytes = variant->wide ? sizeof(uint16_t) : 1;
  plan->qs8 = variant;
  return Status::Ok();
}

}  // namespace

Status PrepareDirectConv(KernelContext& context, const ConvData& data, DirectConvPlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
  const bool f32 = type == DataType::kFloat32 && filter.type == DataType::kFloat32;
  if (!f32 && type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  if (!HasConstantWeights(tensors) || data.filters_per_group != filter.dim(0)) {
    return Status::Ok();
  }
  const WindowGeometry& w = data.window;
  const int32_t channels = input.dim(3), filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int64_t rows = int64_t{input.dim(0)} * w.out_h;
  if (channels > kMaxDirectConvChannels || filter_h > kMaxFilterRows ||
      filter_w > kMaxFilterColumns || w.dilation_w != 1 || (w.stride_w != 1 && w.stride_w != 2) ||
      w.out_w <= 0 || rows <= 0 || rows * w.out_w > INT32_MAX) {
    return Status::Ok();
  }
  plan->input_h = input.dim(1);
  plan->input_w = input.dim(2);
  plan->channels = channels;
  plan->filter_h = filter_h;
  plan->row_pixels = (w.out_w - 1) * w.stride_w + filter_w;
  plan->rows = static_cast<int32_t>(rows);
  const int32_t segment = filter_w * channels, pixel_step = w.stride_w * channels;
  plan->f32_params.filter_h = plan->qs8_params.filter_h = filter_h;
  plan->f32_params.segment = plan->qs8_params.segment = segment;
  plan->f32_params.pixel_step = plan->qs8_params.pixel_step = pixel_step;
  BRASA_RETURN_IF_ERROR(f32 ? PrepareF32(context, data, tensors, plan)
                            : PrepareQs8(context, data, tensors, plan));
  if (!plan->active()) return Status::Ok();
  const size_t used =
      plan->row_element_bytes * (static_cast<size_t>(plan->row_pixels) * channels +
                                 kQs8DconvRowSlack);
  plan->row_bytes = (used + kRowAlignment - 1) / kRowAlignment * kRowAlignment;
  const size_t task_bytes = plan->row_bytes * static_cast<size_t>(filter_h);
  plan->tasks = Im2colTasks(context.num_threads(), plan->rows, 1, task_bytes);
  return context.RequestScratch(task_bytes * static_cast<size_t>(plan->tasks),
                                &plan->row_scratch);
}

Status EvalDirectConv(KernelContext& context, const ConvData& data, const DirectConvPlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  DirectTask task{&data, &plan, static_cast<const uint8_t*>(tensors.input->data),
                  static_cast<uint8_t*>(tensors.output->data),
                  static_cast<uint8_t*>(context.scratch(plan.row_scratch))};
  const int64_t work = tensors.output->element_count() * tensors.filter->dim(1) *
                       tensors.filter->dim(2) * plan.channels;
  ParallelForWork(context, work, plan.tasks, RunTask, &task);
  return Status::Ok();
}

}  // namespace brasa
