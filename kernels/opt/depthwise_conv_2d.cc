// Optimized DEPTHWISE_CONV_2D: int8 and uint8 with depth multiplier 1 run a
// qs8_dwconv micro-kernel over an indirection list (one input pointer per
// filter tap of each output pixel, padding taps pointing at a row of
// zero-point bytes), output row by output row across threads. Everything
// else (float, int16, depth multiplier > 1) runs the reference kernel, whose
// Prepare always runs first.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/opt/constant_weights.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/params.h"
#include "kernels/ref/depthwise_conv_2d.h"

namespace brasa {
namespace {

// Output pixels per micro-kernel call; their pointers live on the stack.
constexpr int32_t kPixelsPerCall = 8;
constexpr int32_t kMaxTaps = 64;

struct OptDepthwiseData : DepthwiseData {
  const Qs8DwconvVariant* variant = nullptr;  // null: the reference Eval runs
  const void* packed = nullptr;
  const uint8_t* padding_row = nullptr;  // `channels` bytes of zp_in
  Qs8DwconvParams params;
};

Status PrepareDwconv(KernelContext& context, OptDepthwiseData* data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
  if (type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  if (!HasConstantWeights(tensors)) return Status::Ok();
  if (data->depth_multiplier != 1) return Status::Ok();
  const int32_t channels = filter.dim(3);
  const int32_t taps = filter.dim(1) * filter.dim(2);
  if (taps > kMaxTaps || channels <= 0) return Status::Ok();

  Qs8DwconvWeights weights;
  weights.data = filter.data;
  weights.uint8 = type == DataType::kUInt8;
  weights.channels = channels;
  weights.taps = taps;
  weights.input_offset = data->quant.input_offset;
  weights.filter_offset = data->quant.filter_offset;
  weights.bias = tensors.bias != nullptr ? tensors.bias->data_as<int32_t>() : nullptr;
  weights.multipliers = data->quant.multipliers;
  const Qs8DwconvVariant& variant = SelectUkernel(Qs8DwconvTable(), context.isa());
  void* packed = context.AllocatePersistent(Qs8DwconvPackedBytes(variant.cb, channels, taps));
  auto* padding_row = static_cast<uint8_t*>(context.AllocatePersistent(
      static_cast<size_t>(channels)));
  if (packed == nullptr || padding_row == nullptr) return OutOfMemory(context);
  PackQs8Dwconv(weights, variant.cb, packed);
  std::memset(padding_row, static_cast<uint8_t>(-data->quant.input_offset),
              static_cast<size_t>(channels));
  data->params.uint8 = weights.uint8;
  data->params.output_zero_point = data->quant.output_offset;
  data->params.output_min = data->quant.range.min;
  data->params.output_max = data->quant.range.max;
  data->packed = packed;
  data->padding_row = padding_row;
  data->variant = &variant;
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  OptDepthwiseData* data = context.NewOpData<OptDepthwiseData>();
  if (data == nullptr) return OutOfMemory(context);
  BRASA_RETURN_IF_ERROR(PrepareDepthwiseConv2dReference(context, data));
  if (context.use_reference_kernels()) return Status::Ok();
  return PrepareDwconv(context, data);
}

struct DepthwiseTask {
  const OptDepthwiseData* data;
  const uint8_t* input;
  uint8_t* output;
  int32_t input_h, input_w, channels, filter_h, filter_w;
};

// One output row (batch * out_h + out_y).
void RunRow(void* context, int index) {
  const DepthwiseTask& t = *static_cast<const DepthwiseTask*>(context);
  const OptDepthwiseData& data = *t.data;
  const WindowGeometry& w = data.window;
  const int32_t out_y = index % w.out_h, batch = index / w.out_h;
  const size_t channels = static_cast<size_t>(t.channels);
  const uint8_t* image = t.input + static_cast<size_t>(batch) * t.input_h * t.input_w * channels;
  uint8_t* out_row = t.output + static_cast<size_t>(index) * w.out_w * channels;
  const int32_t taps = t.filter_h * t.filter_w;
  const uint8_t* pointers[kPixelsPerCall * kMaxTaps];
  for (int32_t first = 0; first < w.out_w; first += kPixelsPerCall) {
    const int32_t pixels = std::min(kPixelsPerCall, w.out_w - first);
    const uint8_t** p = pointers;
    for (int32_t i = 0; i < pixels; ++i) {
      const int32_t out_x = first + i;
      for (int32_t fy = 0; fy < t.filter_h; ++fy) {
        const int32_t in_y = out_y * w.stride_h - w.pad_top + fy * w.dilation_h;
        for (int32_t fx = 0; fx < t.filter_w; ++fx) {
          const int32_t in_x = out_x * w.stride_w - w.pad_left + fx * w.dilation_w;
          const bool inside = in_y >= 0 && in_y < t.input_h && in_x >= 0 && in_x < t.input_w;
          *p++ = inside ? image + (static_cast<size_t>(in_y) * t.input_w + in_x) * channels
                        : data.padding_row;
        }
      }
    }
    data.variant->fn(pixels, t.channels, taps, pointers, data.packed,
                     out_row + static_cast<size_t>(first) * channels, channels, data.params);
  }
}

Status Eval(KernelContext& context) {
  const OptDepthwiseData& data = *context.op_data<OptDepthwiseData>();
  if (data.variant == nullptr) return EvalDepthwiseConv2dReference(context, data);
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  DepthwiseTask task;
  task.data = &data;
  task.input = static_cast<const uint8_t*>(tensors.input->data);
  task.output = static_cast<uint8_t*>(tensors.output->data);
  task.input_h = tensors.input->dim(1);
  task.input_w = tensors.input->dim(2);
  task.channels = tensors.input->dim(3);
  task.filter_h = tensors.filter->dim(1);
  task.filter_w = tensors.filter->dim(2);
  context.ParallelFor(tensors.input->dim(0) * data.window.out_h, RunRow, &task);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DEPTHWISE_CONV_2D_OPT() {
  static const OpKernel kernel = {"DEPTHWISE_CONV_2D", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
