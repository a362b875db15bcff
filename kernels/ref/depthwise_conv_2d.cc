// DEPTHWISE_CONV_2D reference kernel: NHWC input, [1, H, W, C_out] filter,
// optional bias; float32, int8 (per-channel along dimension 3 or per-tensor),
// legacy asymmetric uint8 and int16 activations with int8 filters (16x8,
// int64 bias). Output channel oc = ic * depth_multiplier + m.
// Arithmetic: QUANTIZATION.md §1.8, §1.9, §2.2, §3.
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {
namespace {

struct DepthwiseData : ConvState {
  int32_t depth_multiplier = 1;
};

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const DepthwiseConvParams& params = context.params<DepthwiseConvParams>();
  WeightedOpTensors tensors;
  BRASA_RETURN_IF_ERROR(GetWeightedOpTensors(context, params.activation, &tensors));
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const Tensor* bias = tensors.bias;
  // §2.2: int16 depthwise always accumulates in int64 with an int64 bias.
  if (input.type == DataType::kInt16 && bias != nullptr && bias->type != DataType::kInt64) {
    return context.Error("bias type %s is not int64 (required with int16 input)",
                         DataTypeName(bias->type));
  }
  if (input.rank() != 4) {
    return context.Error("input must be 4-D (NHWC), has rank %d", input.rank());
  }
  if (filter.rank() != 4 || filter.dim(0) != 1) {
    return context.Error("filter must be [1, H, W, C_out], got %s",
                         ShapeToString(filter.shape).c_str());
  }
  // LiteRT derives the multiplier from the shapes (C_out / C_in) and ignores
  // the option's value, so brasa does too.
  const int32_t input_channels = input.dim(3);
  const int32_t output_channels = filter.dim(3);
  if (input_channels <= 0 || output_channels % input_channels != 0) {
    return context.Error("filter has %d output channels, not a multiple of the %d input channels",
                         output_channels, input_channels);
  }
  BRASA_RETURN_IF_ERROR(CheckBias(context, bias, output_channels));

  DepthwiseData* data = context.NewOpData<DepthwiseData>();
  if (data == nullptr) return OutOfMemory(context);
  data->depth_multiplier = output_channels / input_channels;
  return PrepareConvState(context, params, tensors, output_channels, /*channel_dimension=*/3,
                          data);
}

// Each output channel sees one input channel over the in-image taps (§1.9),
// in (filter_y, filter_x) order; float adds the bias after the sum and clamps
// (§3), integer types requantize per output channel (§2.2). W: the filter
// type (int8 for int16 activations).
template <typename T, typename W = T>
void ConvolveDepthwise(const DepthwiseData& data, const WeightedOpTensors& tensors) {
  constexpr bool kFloat = std::is_same<T, float>::value;
  using Accumulator = typename std::conditional<kFloat, float, int64_t>::type;
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t input_channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t output_channels = filter.dim(3);
  const int32_t depth_multiplier = data.depth_multiplier;
  const T* input_data = input.data_as<T>();
  const W* filter_data = filter.data_as<W>();
  T* out = tensors.output->data_as<T>();
  const int32_t input_offset = data.quant.input_offset;
  const int32_t filter_offset = data.quant.filter_offset;

  for (int32_t b = 0; b < batches; ++b) {
    const T* batch_input = input_data + int64_t{b} * input_h * input_w * input_channels;
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      const int32_t y_origin = out_y * w.stride_h - w.pad_top;
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const int32_t x_origin = out_x * w.stride_w - w.pad_left;
        for (int32_t oc = 0; oc < output_channels; ++oc) {
          const int32_t ic = oc / depth_multiplier;
          Accumulator acc = 0;
          for (int32_t fy = 0; fy < filter_h; ++fy) {
            const int32_t in_y = y_origin + fy * w.dilation_h;
            if (in_y < 0 || in_y >= input_h) continue;
            const T* input_row = batch_input + int64_t{in_y} * input_w * input_channels + ic;
            const W* filter_row = filter_data + int64_t{fy} * filter_w * output_channels + oc;
            for (int32_t fx = 0; fx < filter_w; ++fx) {
              const int32_t in_x = x_origin + fx * w.dilation_w;
              if (in_x < 0 || in_x >= input_w) continue;
              const T x = input_row[int64_t{in_x} * input_channels];
              const W k = filter_row[int64_t{fx} * output_channels];
              if constexpr (kFloat) {
                acc += x * k;
              } else {
                acc += (k + filter_offset) * (x + input_offset);
              }
            }
          }
          *out++ = ConvOutputValue<T>(acc, tensors.bias, oc, data.float_range, data.quant);
        }
      }
    }
  }
}

Status Eval(KernelContext& context) {
  const DepthwiseData& data = *context.op_data<DepthwiseData>();
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  switch (tensors.input->type) {
    case DataType::kFloat32: ConvolveDepthwise<float>(data, tensors); break;
    case DataType::kInt8: ConvolveDepthwise<int8_t>(data, tensors); break;
    case DataType::kUInt8: ConvolveDepthwise<uint8_t>(data, tensors); break;
    case DataType::kInt16: ConvolveDepthwise<int16_t, int8_t>(data, tensors); break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "unexpected type %s",
                                   DataTypeName(tensors.input->type));
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DEPTHWISE_CONV_2D() {
  static const OpKernel kernel = {"DEPTHWISE_CONV_2D", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
