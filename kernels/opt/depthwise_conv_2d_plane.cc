#include "kernels/opt/depthwise_conv_2d_plane.h"

#include "kernels/opt/dwconv_indirection.h"
#include "kernels/opt/opt_prepare.h"

namespace brasa {
namespace {

// Outputs from which a node splits across threads. qs8_dwplane does
// several multiply-adds per instruction, so its cost follows the outputs
// more than the multiply-adds: person_detect's first layer (18K outputs,
// 166K multiply-adds, 5.5 us on one thread) ran 4% faster as a whole model
// on two threads split, micro_speech's (4K outputs of 80 taps, 320K
// multiply-adds) 4% slower.
constexpr int64_t kMinParallelPlaneOutputs = 8192;

struct PlaneTask {
  const DepthwiseData* data;
  const PlaneDepthwisePlan* plan;
  const uint8_t* plane;  // the padded copy
  uint8_t* output;
};

// One output row (batch * out_h + out_y).
void RunRow(void* context, int index) {
  const PlaneTask& t = *static_cast<const PlaneTask*>(context);
  const WindowGeometry& w = t.data->window;
  const PlaneDepthwisePlan& plan = *t.plan;
  const int32_t out_y = index % w.out_h, batch = index / w.out_h;
  const uint8_t* image = t.plane + static_cast<size_t>(batch) * plan.padded.image_bytes();
  const uint8_t* rows[kMaxDwconvTaps];
  for (int32_t fy = 0; fy < plan.params.filter_h; ++fy) {
    const size_t row =
        static_cast<size_t>(out_y) * w.stride_h + static_cast<size_t>(fy) * w.dilation_h;
    rows[fy] = image + row * plan.padded.row_bytes;
  }
  uint8_t* out = t.output + static_cast<size_t>(index) * w.out_w * plan.params.channels;
  plan.variant->fn(w.out_w, rows, plan.packed, out, plan.params);
}

}  // namespace

Status PreparePlaneDepthwise(KernelContext& context, const DepthwiseData& data,
                             PlaneDepthwisePlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2), channels = filter.dim(3);
  if (input.dim(3) != 1 || channels <= 0 || w.dilation_w != 1 ||
      (w.stride_w != 1 && w.stride_w != 2) || filter_h > kMaxDwconvTaps) {
    return Status::Ok();
  }
  const Qs8DwplaneVariant* variant = SelectSimdUkernel(Qs8DwplaneTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  Qs8DwconvWeights weights;
  weights.data = filter.data;
  weights.uint8 = input.type == DataType::kUInt8;
  weights.channels = channels;
  weights.taps = filter_h * filter_w;
  weights.input_offset = data.quant.input_offset;
  weights.filter_offset = data.quant.filter_offset;
  weights.bias = tensors.bias != nullptr ? tensors.bias->data_as<int32_t>() : nullptr;
  weights.multipliers = data.quant.multipliers;
  void* packed = context.AllocatePersistent(Qs8DwplanePackedBytes(channels, filter_h, filter_w));
  if (packed == nullptr) return OutOfMemory(context);
  PackQs8Dwplane(weights, filter_w, packed);

  plan->padded = PlanPaddedInput(w, input.dim(1), input.dim(2), 1, filter_h, filter_w,
                                 Qs8DwplaneRowBytes(w.out_w, w.stride_w, filter_w));
  const size_t bytes = static_cast<size_t>(input.dim(0)) * plan->padded.image_bytes();
  BRASA_RETURN_IF_ERROR(context.RequestScratch(bytes, &plan->plane_scratch));
  plan->params.uint8 = weights.uint8;
  plan->params.stride = w.stride_w;
  plan->params.filter_h = filter_h;
  plan->params.filter_w = filter_w;
  plan->params.channels = channels;
  plan->params.output_zero_point = data.quant.output_offset;
  plan->params.output_min = data.quant.range.min;
  plan->params.output_max = data.quant.range.max;
  plan->packed = packed;
  plan->variant = variant;
  return Status::Ok();
}

Status EvalPlaneDepthwise(KernelContext& context, const DepthwiseData& data,
                          const PlaneDepthwisePlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const int32_t batches = input.dim(0);
  const WindowGeometry& w = data.window;
  auto* plane = static_cast<uint8_t*>(context.scratch(plan.plane_scratch));
  const bool split = tensors.output->element_count() >= kMinParallelPlaneOutputs;
  CopyPaddedInput(context, split, plan.padded, static_cast<const uint8_t*>(input.data), batches,
                  static_cast<uint8_t>(-data.quant.input_offset), plane);
  PlaneTask task{&data, &plan, plane, static_cast<uint8_t*>(tensors.output->data)};
  if (!split) {
    for (int i = 0; i < batches * w.out_h; ++i) RunRow(&task, i);
  } else {
    context.ParallelFor(batches * w.out_h, RunRow, &task);
  }
  return Status::Ok();
}

}  // namespace brasa
