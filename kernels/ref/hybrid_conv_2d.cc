// Hybrid CONV_2D (LiteRT conv.cc EvalHybrid / EvalHybridPerChannel): each
// batch image is quantized to int8 (asymmetric where the filter scales
// differ, else symmetric), each output sums w * (x - z) in int32 over the
// in-image taps (padding adds nothing) and is scaled back by s_in[b] * s_w[c],
// then bias and activation.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/conv_loops.h"
#include "kernels/ref/common/hybrid_weighted.h"
#include "kernels/ref/conv_2d.h"

namespace brasa {

Status EvalHybridConv2d(KernelContext& context, const ConvData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const HybridWeights& hybrid = *data.hybrid;
  const WindowGeometry& w = data.window;
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t output_channels = filter.dim(0);
  const int8_t* filter_data = filter.data_as<int8_t>();
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  float* out = tensors.output->data_as<float>();
  const HybridInput q = QuantizeHybridInput(context, hybrid);
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* image = q.values + int64_t{b} * hybrid.batch_size;
    const int32_t offset = q.offsets[b];
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      const int32_t y_origin = out_y * w.stride_h - w.pad_top;
      const TapRange ys = InImageTaps(y_origin, w.dilation_h, filter_h, input_h);
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const int32_t x_origin = out_x * w.stride_w - w.pad_left;
        const TapRange xs = InImageTaps(x_origin, w.dilation_w, filter_w, input_w);
        for (int32_t oc = 0; oc < output_channels; ++oc) {
          int64_t acc = 0;
          for (int32_t fy = ys.begin; fy < ys.end; ++fy) {
            const int32_t in_y = y_origin + fy * w.dilation_h;
            for (int32_t fx = xs.begin; fx < xs.end; ++fx) {
              const int32_t in_x = x_origin + fx * w.dilation_w;
              const int8_t* x = image + (int64_t{in_y} * input_w + in_x) * channels;
              const int8_t* k =
                  filter_data + ((int64_t{oc} * filter_h + fy) * filter_w + fx) * channels;
              for (int32_t c = 0; c < channels; ++c) acc += int32_t{k[c]} * (x[c] - offset);
            }
          }
          *out++ = HybridConvOutput(WrapToInt32(acc), q.scales[b], hybrid.channel_scales[oc],
                                    hybrid.asymmetric, bias, oc, data.float_range.min,
                                    data.float_range.max);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace brasa
