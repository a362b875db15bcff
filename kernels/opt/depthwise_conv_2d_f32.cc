#include "kernels/opt/depthwise_conv_2d_f32.h"

#include <cstdint>

#include "kernels/opt/dwconv_indirection.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

struct F32DepthwiseTask {
  const F32DepthwisePlan* plan;
  DwconvSource<float> source;
  float* output;
};

// One output row (batch * out_h + out_y).
void RunRow(void* context, int index) {
  const F32DepthwiseTask& t = *static_cast<const F32DepthwiseTask*>(context);
  const F32DepthwisePlan& plan = *t.plan;
  const size_t channels = static_cast<size_t>(t.source.channels);
  float* out_row = t.output + static_cast<size_t>(index) * t.source.window->out_w * channels;
  const int32_t taps = t.source.filter_h * t.source.filter_w;
  ForEachDwconvPixelBatch(t.source, index,
                          [&](int32_t first, int32_t pixels, const float* const* pointers) {
                            plan.variant->fn(pixels, t.source.channels, taps, pointers,
                                             plan.packed,
                                             out_row + static_cast<size_t>(first) * channels,
                                             channels, plan.params);
                          });
}

}  // namespace

Status PrepareF32Depthwise(KernelContext& context, const DepthwiseData& data,
                           F32DepthwisePlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& filter = *tensors.filter;
  if (!HasConstantWeights(tensors) || data.depth_multiplier != 1) return Status::Ok();
  const int32_t channels = filter.dim(3);
  const int32_t taps = filter.dim(1) * filter.dim(2);
  if (taps > kMaxDwconvTaps || taps <= 0 || channels <= 0) return Status::Ok();
  const F32DwconvVariant* selected = SelectSimdUkernel(F32DwconvTable(), context.isa());
  if (selected == nullptr) return Status::Ok();  // the reference kernel runs
  const size_t floats = F32DwconvPackedFloats(selected->cb, channels, taps);
  auto* packed = static_cast<float*>(context.AllocatePersistent(sizeof(float) * floats));
  auto* padding_row = static_cast<float*>(
      context.AllocatePersistent(sizeof(float) * static_cast<size_t>(channels)));
  if (packed == nullptr || padding_row == nullptr) return OutOfMemory(context);
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  PackF32Dwconv(filter.data_as<float>(), bias, channels, taps, selected->cb, packed);
  for (int32_t c = 0; c < channels; ++c) padding_row[c] = 0.0f;
  plan->variant = selected;
  plan->packed = packed;
  plan->padding_row = padding_row;
  plan->params.min = data.float_range.min;
  plan->params.max = data.float_range.max;
  return Status::Ok();
}

Status EvalF32Depthwise(KernelContext& context, const DepthwiseData& data,
                        const F32DepthwisePlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  F32DepthwiseTask task;
  task.plan = &plan;
  task.source = DwconvSource<float>{&data.window, input.data_as<float>(), plan.padding_row,
                                    input.dim(1),  input.dim(2),          filter.dim(3),
                                    filter.dim(1), filter.dim(2)};
  task.output = tensors.output->data_as<float>();
  const int64_t work = tensors.output->element_count() * filter.dim(1) * filter.dim(2);
  ParallelForWork(context, work, input.dim(0) * data.window.out_h, RunRow, &task);
  return Status::Ok();
}

}  // namespace brasa
