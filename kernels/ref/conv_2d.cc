// CONV_2D reference kernel: NHWC input, OHWI filter, optional bias; float32,
// int8 (per-channel or per-tensor int8 filter), legacy asymmetric uint8 and
// int16 activations with int8 filters (16x8, int32 or int64 bias).
// Grouped convolution (input channels a multiple of the filter's) is
// supported, as in TFLite's reference kernel. Arithmetic: QUANTIZATION.md
// §1.8, §1.9, §2.1, §3. Register_CONV_2D_INT8 is the same kernel for int8
// input and filter only: it links none of the other types' loops (a
// microcontroller image pays for every one in flash).
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/conv_2d.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/conv_loops.h"

namespace brasa {
namespace {

// kInt8Only: Register_CONV_2D_INT8's Prepare, which refuses other types.
template <bool kInt8Only>
Status PrepareImpl(KernelContext& context, ConvData* data) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const ConvParams& params = context.params<ConvParams>();
  WeightedOpTensors tensors;
  BRASA_RETURN_IF_ERROR(GetWeightedOpTensors(context, params.activation, &tensors));
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  if (kInt8Only) BRASA_RETURN_IF_ERROR(CheckInt8Only(context, input, filter, "CONV_2D"));
  if (input.rank() != 4) {
    return context.Error("input must be 4-D (NHWC), has rank %d", input.rank());
  }
  if (filter.rank() != 4) {
    return context.Error("filter must be 4-D (OHWI), has rank %d", filter.rank());
  }
  const int32_t input_channels = input.dim(3);
  const int32_t filter_channels = filter.dim(3);
  const int32_t output_channels = filter.dim(0);
  if (filter_channels <= 0 || input_channels <= 0 || input_channels % filter_channels != 0) {
    return context.Error("filter has %d input channels, input has %d", filter_channels,
                         input_channels);
  }
  const int32_t groups = input_channels / filter_channels;
  if (output_channels <= 0 || output_channels % groups != 0) {
    return context.Error("%d output channels do not split into %d groups", output_channels, groups);
  }
  BRASA_RETURN_IF_ERROR(CheckBias(context, tensors.bias, output_channels));

  data->filters_per_group = output_channels / groups;
  if (input.type != DataType::kFloat32) {  // Eval indexes the patch in int32
    const int64_t patch_elements = filter.element_count() / output_channels;
    if (patch_elements > INT32_MAX) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "filter window of %lld elements is too large",
                                   static_cast<long long>(patch_elements));
    }
    BRASA_RETURN_IF_ERROR(context.RequestScratch(
        sizeof(int16_t) * static_cast<size_t>(patch_elements), &data->patch_scratch));
  }
  BRASA_RETURN_IF_ERROR(PrepareConvState<kInt8Only>(context, params, tensors, output_channels,
                                                     /*channel_dimension=*/0, data));
  if (kInt8Only || !IsHybridWeightedOp(context)) return Status::Ok();
  if (groups != 1) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "grouped hybrid convolution is not supported");
  }
  // LiteRT quantizes the input asymmetrically where the filter scales differ
  // (EvalHybridPerChannel), symmetrically otherwise (EvalHybrid).
  return PrepareHybridWeights(context, output_channels, /*channel_dimension=*/0, input.dim(0),
                              input.dim(1) * input.dim(2) * input_channels,
                              HasDistinctScales(filter), &data->hybrid);
}

// The in-image part of one output position's window (§1.9).
struct Window {
  TapRange y, x;
  int32_t y_origin = 0, x_origin = 0;
};

inline Window WindowAt(const WindowGeometry& w, int32_t out_y, int32_t out_x, int32_t input_h,
                       int32_t input_w, int32_t filter_h, int32_t filter_w) {
  Window window;
  window.y_origin = out_y * w.stride_h - w.pad_top;
  window.x_origin = out_x * w.stride_w - w.pad_left;
  window.y = InImageTaps(window.y_origin, w.dilation_h, filter_h, input_h);
  window.x = InImageTaps(window.x_origin, w.dilation_w, filter_w, input_w);
  return window;
}

// Float sums in tap order (filter_y, filter_x, channel) over in-image taps,
// adds the bias after the sum, then clamps (§3).
void ConvolveFloat(const ConvData& data, const WeightedOpTensors& tensors) {
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t input_channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t filter_channels = filter.dim(3);
  const int32_t output_channels = tensors.output->dim(3);
  const float* filter_data = filter.data_as<float>();
  float* out = tensors.output->data_as<float>();
  const int64_t filter_size = int64_t{filter_h} * filter_w * filter_channels;
  for (int32_t b = 0; b < batches; ++b) {
    const float* batch_input =
        input.data_as<float>() + int64_t{b} * input_h * input_w * input_channels;
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const Window win = WindowAt(w, out_y, out_x, input_h, input_w, filter_h, filter_w);
        for (int32_t oc = 0; oc < output_channels; ++oc) {
          const int32_t group_start = (oc / data.filters_per_group) * filter_channels;
          const float* oc_filter = filter_data + oc * filter_size;
          float acc = 0.0f;
          for (int32_t fy = win.y.begin; fy < win.y.end; ++fy) {
            const int32_t in_y = win.y_origin + fy * w.dilation_h;
            for (int32_t fx = win.x.begin; fx < win.x.end; ++fx) {
              const int32_t in_x = win.x_origin + fx * w.dilation_w;
              const float* x = batch_input + (int64_t{in_y} * input_w + in_x) * input_channels +
                               group_start;
              const float* k = oc_filter + (int64_t{fy} * filter_w + fx) * filter_channels;
              for (int32_t ic = 0; ic < filter_channels; ++ic) acc += x[ic] * k[ic];
            }
          }
          *out++ = ConvOutputValue<float>(acc, tensors.bias, oc, data.float_range, data.quant);
        }
      }
    }
  }
}

// Output channels whose sums are requantized together.
constexpr int32_t kChannelChunk = 64;

// Integer types: for each window (and group) the patch holds x - zp_in as
// int16 for in-image taps and 0 for padding taps, which then add nothing, as
// §1.9 requires. Each output channel's sum of (w - zp_w)(x - zp_in) is then
// one contiguous dot product: sum w*p - zp_w * sum p (exact). Acc: int32
// where ProductSumFitsInt32 proves the sum cannot overflow, else int64
// (Register_CONV_2D_INT8: WrappingInt32Sum, the same low 32 bits). The bias
// and per-channel requantization follow (§2.1). W: the filter type.
template <typename T, typename W, typename Acc>
void ConvolveQuantized(const ConvData& data, const WeightedOpTensors& tensors, int16_t* patch) {
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const WindowGeometry& w = data.window;
  const int32_t batches = input.dim(0), input_h = input.dim(1), input_w = input.dim(2);
  const int32_t input_channels = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t filter_channels = filter.dim(3);
  const int32_t groups = input_channels / filter_channels;
  const int32_t patch_size = filter_h * filter_w * filter_channels;
  const W* filter_data = filter.data_as<W>();
  T* out = tensors.output->data_as<T>();
  const int32_t input_offset = data.quant.input_offset;
  const int32_t filter_offset = data.quant.filter_offset;
  Acc sums[kChannelChunk];
  for (int32_t b = 0; b < batches; ++b) {
    const T* batch_input = input.data_as<T>() + int64_t{b} * input_h * input_w * input_channels;
    for (int32_t out_y = 0; out_y < w.out_h; ++out_y) {
      for (int32_t out_x = 0; out_x < w.out_w; ++out_x) {
        const Window win = WindowAt(w, out_y, out_x, input_h, input_w, filter_h, filter_w);
        const bool whole = win.y.size() == filter_h && win.x.size() == filter_w;
        for (int32_t g = 0; g < groups; ++g) {
          if (!whole) std::fill(patch, patch + patch_size, int16_t{0});
          for (int32_t fy = win.y.begin; fy < win.y.end; ++fy) {
            const int32_t in_y = win.y_origin + fy * w.dilation_h;
            for (int32_t fx = win.x.begin; fx < win.x.end; ++fx) {
              const int32_t in_x = win.x_origin + fx * w.dilation_w;
              const T* x = batch_input + (int64_t{in_y} * input_w + in_x) * input_channels +
                           g * filter_channels;
              int16_t* p = patch + (fy * filter_w + fx) * filter_channels;
              for (int32_t ic = 0; ic < filter_channels; ++ic) {
                p[ic] = static_cast<int16_t>(x[ic] + input_offset);
              }
            }
          }
          int64_t patch_sum = 0;  // only needed with a filter zero point (uint8)
          if (filter_offset != 0) {
            for (int32_t i = 0; i < patch_size; ++i) patch_sum += patch[i];
          }
          const int32_t group_end = (g + 1) * data.filters_per_group;
          for (int32_t first = g * data.filters_per_group; first < group_end;
               first += kChannelChunk) {
            const int32_t count = std::min(kChannelChunk, group_end - first);
            const W* k = filter_data + int64_t{first} * patch_size;
            int32_t i = 0;
            for (; i + 4 <= count; i += 4) {  // four channels share each patch load
              DotProducts4<Acc>(patch, k + int64_t{i} * patch_size, patch_size, patch_size,
                                sums + i);
            }
            for (; i < count; ++i) {
              sums[i] = DotProduct<Acc>(patch, k + int64_t{i} * patch_size, patch_size);
            }
            RequantizeChannels(sums, int64_t{filter_offset} * patch_sum, first, count,
                               tensors.bias, data.quant, out);
            out += count;
          }
        }
      }
    }
  }
}

template <typename T, typename W = T>
void ConvolveQuantized(const ConvData& data, const WeightedOpTensors& tensors, void* patch) {
  // The dot product multiplies raw filter values: zp_w is applied separately.
  const int64_t terms = tensors.filter->element_count() / tensors.filter->dim(0);
  if (ProductSumFitsInt32<T, W>(terms, data.quant.input_offset, /*w_offset=*/0)) {
    ConvolveQuantized<T, W, int32_t>(data, tensors, static_cast<int16_t*>(patch));
  } else {
    ConvolveQuantized<T, W, int64_t>(data, tensors, static_cast<int16_t*>(patch));
  }
}

template <bool kInt8Only>
Status EvalImpl(KernelContext& context, const ConvData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  void* patch = data.patch_scratch >= 0 ? context.scratch(data.patch_scratch) : nullptr;
  if (kInt8Only) {  // Prepare admitted int8 only
    ConvolveQuantized<int8_t, int8_t, WrappingInt32Sum>(data, tensors,
                                                        static_cast<int16_t*>(patch));
    return Status::Ok();
  }
  if (data.hybrid != nullptr) return EvalHybridConv2d(context, data);
  switch (tensors.input->type) {
    case DataType::kFloat32: ConvolveFloat(data, tensors); break;
    case DataType::kInt8: ConvolveQuantized<int8_t>(data, tensors, patch); break;
    case DataType::kUInt8: ConvolveQuantized<uint8_t>(data, tensors, patch); break;
    case DataType::kInt16: ConvolveQuantized<int16_t, int8_t>(data, tensors, patch); break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "unexpected type %s",
                                   DataTypeName(tensors.input->type));
  }
  return Status::Ok();
}

}  // namespace

Status PrepareConv2dReference(KernelContext& context, ConvData* data) {
  return PrepareImpl<false>(context, data);
}

Status EvalConv2dReference(KernelContext& context, const ConvData& data) {
  return EvalImpl<false>(context, data);
}

Status PrepareConv2dInt8(KernelContext& context, ConvData* data) {
  return PrepareImpl<true>(context, data);
}

Status EvalConv2dInt8(KernelContext& context, const ConvData& data) {
  return EvalImpl<true>(context, data);
}

}  // namespace brasa
