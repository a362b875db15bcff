// Hybrid FULLY_CONNECTED (LiteRT fully_connected.cc EvalHybrid): each batch
// row of the float input is quantized to int8 (symmetric, or asymmetric with
// asymmetric_quantize_inputs), dotted with the int8 filter rows in int32,
// and out = bias + float(dot) * (s_in[b] * s_w[unit]), then the activation.
// With an input zero point z the dot is sum w (x - z), which equals LiteRT's
// sum w x - z * row_sum(w) in int32.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/hybrid_weighted.h"
#include "kernels/ref/fully_connected.h"

namespace brasa {

Status EvalHybridFullyConnected(KernelContext& context, const FullyConnectedData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const HybridWeights& hybrid = *data.hybrid;
  const int32_t units = tensors.filter->dim(0), depth = tensors.filter->dim(1);
  const int8_t* filter = tensors.filter->data_as<int8_t>();
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  float* out = tensors.output->data_as<float>();
  const HybridInput input = QuantizeHybridInput(context, hybrid);
  for (int32_t b = 0; b < data.batches; ++b) {
    const int8_t* x = input.values + int64_t{b} * depth;
    const int32_t offset = input.offsets[b];
    for (int32_t unit = 0; unit < units; ++unit) {
      const int8_t* w = filter + int64_t{unit} * depth;
      int64_t dot = 0;
      for (int32_t d = 0; d < depth; ++d) dot += int32_t{w[d]} * (int32_t{x[d]} - offset);
      const float scale = input.scales[b] * hybrid.channel_scales[unit];
      const float sum = static_cast<float>(WrapToInt32(dot)) * scale;
      *out++ = ApplyFloatRange((bias != nullptr ? bias[unit] : 0.0f) + sum, data.float_range);
    }
  }
  return Status::Ok();
}

}  // namespace brasa
