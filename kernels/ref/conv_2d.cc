// CONV_2D reference kernel: NHWC input, OHWI filter, optional bias; float32,
// int8 (per-channel or per-tensor int8 filter), legacy asymmetric uint8 and
// int16 activations with int8 filters (16x8, int32 or int64 bias).
// Grouped convolution (input channels a multiple of the filter's) is
// supported, as in TFLite's reference kernel. Arithmetic: QUANTIZATION.md
// §1.8, §1.9, §2.1, §3.
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {
namespace {

struct ConvData : ConvState {
  int32_t filters_per_group = 1;
};

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const ConvParams& params = context.params<ConvParams>();
  WeightedOpTensors tensors;
  BRASA_RETURN_IF_ERROR(GetWeightedOpTensors(context, params.activation, &tensors));
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  if (input.rank() != 4) {
    return context.Error("input must be 4-D (NHWC), has rank %d", input.rank());
  }
  if (filter.rank() != 4) {
    return context.Error("filter must be 4-D (OHWI), has rank %d", filter.rank());
  }
  const int32_t input_channels = input.dim(3);
  const int32_t filter_channels = filter.dim(3);
  const int32_t output_channels = filter.dim(0);
  if (filter_channels <= 0 || input_channels % filter_channels != 0) {
    return context.Error("filter has %d input channels, input has %d", filter_channels,
                         input_channels);
  }
  const int32_t groups = input_channels / filter_channels;
  if (output_channels <= 0 || output_channels % groups != 0) {
    return context.Error("%d output channels do not split into %d groups", output_channels, groups);
  }
  BRASA_RETURN_IF_ERROR(CheckBias(context, tensors.bias, output_channels));

  ConvData* data = context.NewOpData<ConvData>();
  if (data == nullptr) return OutOfMemory(context);
  data->filters_per_group = output_channels / groups;
  return PrepareConvState(context, params, tensors, output_channels, /*channel_dimension=*/0,
                          data);
}

// One loop for every type: float accumulates in tap order (filter_y,
// filter_x, channel), adds the bias after the sum, then clamps (§3); integer
// types sum (w - zp_w)(x - zp_in) over in-image taps only (§1.9), add the
// bias and requantize per output channel (§2.1). W: the filter type (int8
// for int16 activations).
template <typename T, typename W = T>
void Convolve(const ConvData& data, const WeightedOpTensors& tensors) {
  constexpr bool kFloat = std::is_same<T, float>::value;
  using Accumulator = typename std::conditional<kFloat, float, int64_t>::type;
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t input_channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t filter_channels = filter.dim(3);
  const int32_t output_channels = tensors.output->dim(3);
  const T* input_data = input.data_as<T>();
  const W* filter_data = filter.data_as<W>();
  T* out = tensors.output->data_as<T>();
  const int32_t input_offset = data.quant.input_offset;
  const int32_t filter_offset = data.quant.filter_offset;
  const int64_t filter_size = int64_t{filter_h} * filter_w * filter_channels;

  for (int32_t b = 0; b < batches; ++b) {
    const T* batch_input = input_data + int64_t{b} * input_h * input_w * input_channels;
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      const int32_t y_origin = out_y * w.stride_h - w.pad_top;
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const int32_t x_origin = out_x * w.stride_w - w.pad_left;
        for (int32_t oc = 0; oc < output_channels; ++oc) {
          const int32_t group_start = (oc / data.filters_per_group) * filter_channels;
          const W* oc_filter = filter_data + oc * filter_size;
          Accumulator acc = 0;
          for (int32_t fy = 0; fy < filter_h; ++fy) {
            const int32_t in_y = y_origin + fy * w.dilation_h;
            if (in_y < 0 || in_y >= input_h) continue;
            for (int32_t fx = 0; fx < filter_w; ++fx) {
              const int32_t in_x = x_origin + fx * w.dilation_w;
              if (in_x < 0 || in_x >= input_w) continue;
              const T* x = batch_input + (int64_t{in_y} * input_w + in_x) * input_channels +
                           group_start;
              const W* k = oc_filter + (int64_t{fy} * filter_w + fx) * filter_channels;
              for (int32_t ic = 0; ic < filter_channels; ++ic) {
                if constexpr (kFloat) {
                  acc += x[ic] * k[ic];
                } else {
                  acc += (k[ic] + filter_offset) * (x[ic] + input_offset);
                }
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
  const ConvData& data = *context.op_data<ConvData>();
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  switch (tensors.input->type) {
    case DataType::kFloat32: Convolve<float>(data, tensors); break;
    case DataType::kInt8: Convolve<int8_t>(data, tensors); break;
    case DataType::kUInt8: Convolve<uint8_t>(data, tensors); break;
    case DataType::kInt16: Convolve<int16_t, int8_t>(data, tensors); break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "unexpected type %s",
                                   DataTypeName(tensors.input->type));
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CONV_2D() {
  static const OpKernel kernel = {"CONV_2D", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
