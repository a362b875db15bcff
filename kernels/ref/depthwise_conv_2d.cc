// DEPTHWISE_CONV_2D reference kernel: NHWC input, [1, H, W, C_out] filter,
// optional bias; float32, int8 (per-channel along dimension 3 or per-tensor),
// legacy asymmetric uint8 and int16 activations with int8 filters (16x8,
// int64 bias). Output channel oc = ic * depth_multiplier + m.
// Arithmetic: QUANTIZATION.md §1.8, §1.9, §2.2, §3. Register_DEPTHWISE_CONV_2D_INT8
// is the same kernel for int8 input and filter only (no other type's loops
// in a microcontroller image).
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/depthwise_conv_2d.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/conv_loops.h"

namespace brasa {
namespace {

// kInt8Only: Register_DEPTHWISE_CONV_2D_INT8's Prepare, which refuses other types.
template <bool kInt8Only>
Status PrepareImpl(KernelContext& context, DepthwiseData* data) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const DepthwiseConvParams& params = context.params<DepthwiseConvParams>();
  WeightedOpTensors tensors;
  BRASA_RETURN_IF_ERROR(GetWeightedOpTensors(context, params.activation, &tensors));
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  if (kInt8Only) {
    BRASA_RETURN_IF_ERROR(CheckInt8Only(context, input, filter, "DEPTHWISE_CONV_2D"));
  }
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
  if (input_channels <= 0 || output_channels <= 0 || output_channels % input_channels != 0) {
    return context.Error("filter has %d output channels, not a multiple of the %d input channels",
                         output_channels, input_channels);
  }
  BRASA_RETURN_IF_ERROR(CheckBias(context, bias, output_channels));

  data->depth_multiplier = output_channels / input_channels;
  BRASA_RETURN_IF_ERROR(PrepareConvState<kInt8Only>(context, params, tensors, output_channels,
                                                     /*channel_dimension=*/3, data));
  if (kInt8Only || !IsHybridWeightedOp(context)) return Status::Ok();
  // LiteRT's hybrid depthwise always quantizes the input asymmetrically.
  return PrepareHybridWeights(context, output_channels, /*channel_dimension=*/3, input.dim(0),
                              input.dim(1) * input.dim(2) * input_channels,
                              /*asymmetric=*/true, &data->hybrid);
}

// Output channels are processed in blocks whose sums stay on the stack.
constexpr int32_t kChannelBlock = 256;

// The product a tap adds: float as is; integer types (w - zp_w)(x - zp_in)
// with both factors in int16 (they fit), so the compiler can vectorize it.
template <typename Acc, typename T, typename W>
inline Acc TapProduct(T x, W k, int32_t input_offset, int32_t filter_offset) {
  if constexpr (std::is_same<T, float>::value) {
    return x * k;
  } else if constexpr (std::is_same<T, int8_t>::value) {
    // int8 applies no zp_w (§2.2, filter_offset is 0) and |w (x - zp_in)| <=
    // 128 * 255 fits int16: a 16-bit multiply gives the exact product.
    const int16_t product = static_cast<int16_t>(int16_t{k} * (x + input_offset));
    return static_cast<Acc>(product);
  } else {
    const int16_t x_shifted = static_cast<int16_t>(x + input_offset);
    const int16_t k_shifted = static_cast<int16_t>(k + filter_offset);
    return static_cast<Acc>(int32_t{x_shifted} * int32_t{k_shifted});
  }
}

// Each output channel sees one input channel over the in-image taps (§1.9),
// in (filter_y, filter_x) order; the tap range is computed once per output
// position and the channel loop is innermost and contiguous. Float adds the
// bias after the sum and clamps (§3); integer types requantize per output
// channel (§2.2) from the exact sum, kept in Acc = int32 where
// ProductSumFitsInt32 proves it cannot overflow (Register_DEPTHWISE_CONV_2D_INT8:
// WrappingInt32Sum, the same low 32 bits). W: the filter type.
template <typename T, typename W, typename Acc>
void ConvolveDepthwise(const DepthwiseData& data, const WeightedOpTensors& tensors) {
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t input_channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t output_channels = filter.dim(3);
  const int32_t depth_multiplier = data.depth_multiplier;
  const W* filter_data = filter.data_as<W>();
  T* out = tensors.output->data_as<T>();
  const int32_t input_offset = data.quant.input_offset;
  const int32_t filter_offset = data.quant.filter_offset;
  Acc acc[kChannelBlock];
  // Integer sums are exact, so adding two taps' products first changes
  // nothing; float must add in tap order.
  constexpr bool kPairTaps = !std::is_same<T, float>::value;

  for (int32_t b = 0; b < batches; ++b) {
    const T* batch_input = input.data_as<T>() + int64_t{b} * input_h * input_w * input_channels;
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      const int32_t y_origin = out_y * w.stride_h - w.pad_top;
      const TapRange taps_y = InImageTaps(y_origin, w.dilation_h, filter_h, input_h);
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const int32_t x_origin = out_x * w.stride_w - w.pad_left;
        const TapRange taps_x = InImageTaps(x_origin, w.dilation_w, filter_w, input_w);
        for (int32_t first = 0; first < output_channels; first += kChannelBlock) {
          const int32_t count = std::min(kChannelBlock, output_channels - first);
          std::fill(acc, acc + count, Acc{0});
          for (int32_t fy = taps_y.begin; fy < taps_y.end; ++fy) {
            const int32_t in_y = y_origin + fy * w.dilation_h;
            int32_t fx = taps_x.begin;
            if (kPairTaps && depth_multiplier == 1) {  // two taps per pass over acc
              for (; fx + 1 < taps_x.end; fx += 2) {
                const int32_t in_x = x_origin + fx * w.dilation_w;
                const T* x0 = batch_input + (int64_t{in_y} * input_w + in_x) * input_channels +
                              first;
                const T* x1 = x0 + int64_t{w.dilation_w} * input_channels;
                const W* k0 = filter_data + (int64_t{fy} * filter_w + fx) * output_channels + first;
                const W* k1 = k0 + output_channels;
                for (int32_t i = 0; i < count; ++i) {
                  acc[i] += TapProduct<Acc>(x0[i], k0[i], input_offset, filter_offset) +
                            TapProduct<Acc>(x1[i], k1[i], input_offset, filter_offset);
                }
              }
            }
            for (; fx < taps_x.end; ++fx) {
              const int32_t in_x = x_origin + fx * w.dilation_w;
              const T* x = batch_input + (int64_t{in_y} * input_w + in_x) * input_channels;
              const W* k = filter_data + (int64_t{fy} * filter_w + fx) * output_channels + first;
              if (depth_multiplier == 1) {
                for (int32_t i = 0; i < count; ++i) {
                  acc[i] += TapProduct<Acc>(x[first + i], k[i], input_offset, filter_offset);
                }
              } else {  // runs of the output channels oc = ic * multiplier + m of one ic
                int32_t ic = first / depth_multiplier;
                int32_t run = depth_multiplier - first % depth_multiplier;
                for (int32_t i = 0; i < count; i += run, run = depth_multiplier, ++ic) {
                  const int32_t length = std::min(run, count - i);
                  const T x_ic = x[ic];
                  Acc* run_acc = acc + i;
                  const W* run_k = k + i;
                  for (int32_t j = 0; j < length; ++j) {
                    run_acc[j] += TapProduct<Acc>(x_ic, run_k[j], input_offset, filter_offset);
                  }
                }
              }
            }
          }
          if constexpr (std::is_same<T, float>::value) {
            for (int32_t i = 0; i < count; ++i) {
              out[i] = ConvOutputValue<T>(acc[i], tensors.bias, first + i, data.float_range,
                                          data.quant);
            }
          } else {
            RequantizeChannels(acc, 0, first, count, tensors.bias, data.quant, out);
          }
          out += count;
        }
      }
    }
  }
}

template <typename T, typename W = T>
void ConvolveDepthwise(const DepthwiseData& data, const WeightedOpTensors& tensors) {
  if constexpr (std::is_same<T, float>::value) {
    ConvolveDepthwise<float, float, float>(data, tensors);
  } else {
    const int64_t taps = int64_t{tensors.filter->dim(1)} * tensors.filter->dim(2);
    if (ProductSumFitsInt32<T, W>(taps, data.quant.input_offset, data.quant.filter_offset)) {
      ConvolveDepthwise<T, W, int32_t>(data, tensors);
    } else {
      ConvolveDepthwise<T, W, int64_t>(data, tensors);
    }
  }
}

template <bool kInt8Only>
Status EvalImpl(KernelContext& context, const DepthwiseData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  if (kInt8Only) {  // Prepare admitted int8 only
    ConvolveDepthwise<int8_t, int8_t, WrappingInt32Sum>(data, tensors);
    return Status::Ok();
  }
  if (data.hybrid != nullptr) return EvalHybridDepthwiseConv2d(context, data);
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

Status PrepareDepthwiseConv2dReference(KernelContext& context, DepthwiseData* data) {
  return PrepareImpl<false>(context, data);
}

Status EvalDepthwiseConv2dReference(KernelContext& context, const DepthwiseData& data) {
  return EvalImpl<false>(context, data);
}

Status PrepareDepthwiseConv2dInt8(KernelContext& context, DepthwiseData* data) {
  return PrepareImpl<true>(context, data);
}

Status EvalDepthwiseConv2dInt8(KernelContext& context, const DepthwiseData& data) {
  return EvalImpl<true>(context, data);
}

}  // namespace brasa
