// TRANSPOSE_CONV reference kernel. Inputs: output shape (constant int32[4]),
// OHWI filter, NHWC input, optional bias. float32; int8 (per-channel int8
// filter, zp_w ignored); legacy uint8 ((x - zp_in)(w - zp_w)); int16 with int8
// filters (int64 accumulator and bias unless the options' quantized_bias_type
// is INT32). LiteRT's reference (reference_ops / reference_integer_ops
// TransposeConv): every input pixel scatters x * w into the outputs its
// window covers; then bias, requantization (as CONV_2D, QUANTIZATION.md §2.1)
// and the fused activation.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/conv_common.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kOutputShape = 0;
constexpr int kFilter = 1;
constexpr int kInput = 2;
constexpr int kBias = 3;
constexpr int8_t kTensorTypeInt32 = 2;  // schema TensorType INT32

struct TransposeConvData {
  int32_t stride_h = 1;
  int32_t stride_w = 1;
  int32_t pad_top = 0;
  int32_t pad_left = 0;
  FloatRange float_range;
  ConvQuantization quant;  // quantized types only
  int sum_scratch = -1;    // quantized types: one int64 sum per output element
};

// Tensors in the WeightedOpTensors form the conv helpers take.
WeightedOpTensors TransposeConvTensors(KernelContext& context) {
  const Tensor* bias = context.num_inputs() == 4 ? context.input(kBias) : nullptr;
  return WeightedOpTensors{context.input(kInput), context.input(kFilter), bias, context.output(0)};
}

// The output shape comes from a constant int32[4] tensor: [N, H, W, C_out].
Status ReadOutputShape(KernelContext& context, const Tensor& input, const Tensor& filter,
                       Shape* shape) {
  const Tensor* shape_tensor = context.input(kOutputShape);
  if (shape_tensor == nullptr) return context.Error("output shape input is missing");
  if (shape_tensor->type != DataType::kInt32 || shape_tensor->rank() != 1 ||
      shape_tensor->dim(0) != 4) {
    return context.Error("output shape must be int32[4], got %s%s",
                         DataTypeName(shape_tensor->type),
                         ShapeToString(shape_tensor->shape).c_str());
  }
  if (shape_tensor->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(
        StatusCode::kUnsupported,
        "output shape is not a constant tensor (brasa fixes shapes at Prepare)");
  }
  const int32_t* dims = shape_tensor->data_as<int32_t>();
  if (dims[0] != input.dim(0) || dims[3] != filter.dim(0) || dims[1] <= 0 || dims[2] <= 0) {
    return context.Error("output shape [%d,%d,%d,%d] does not fit input batch %d and %d filters",
                         dims[0], dims[1], dims[2], dims[3], input.dim(0), filter.dim(0));
  }
  *shape = {dims[0], dims[1], dims[2], dims[3]};
  return Status::Ok();
}

// LiteRT computes the padding as for a conv from the output back to the
// input, and requires that conv's output size to be the input's (§1.9).
Status ComputeTransposePadding(KernelContext& context, const TransposeConvParams& params,
                               const Tensor& input, const Tensor& filter, const Shape& output,
                               TransposeConvData* data) {
  if (params.stride_h <= 0 || params.stride_w <= 0 || params.stride_h > INT16_MAX ||
      params.stride_w > INT16_MAX) {
    return context.Error("strides (%d, %d) must be in [1, 32767]", params.stride_h,
                         params.stride_w);
  }
  if (params.padding != Padding::kSame && params.padding != Padding::kValid) {
    return context.Error("padding %d is not supported", static_cast<int>(params.padding));
  }
  const int32_t out_h = output[1], out_w = output[2];
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t in_h = WindowOutputSize(params.padding, out_h, filter_h, params.stride_h, 1);
  const int32_t in_w = WindowOutputSize(params.padding, out_w, filter_w, params.stride_w, 1);
  if (in_h != input.dim(1) || in_w != input.dim(2)) {
    return context.Error(
        "a %dx%d output with a %dx%d filter and strides (%d, %d) needs a %dx%d "
        "input, got %dx%d",
        out_h, out_w, filter_h, filter_w, params.stride_h, params.stride_w, in_h, in_w,
        input.dim(1), input.dim(2));
  }
  data->stride_h = params.stride_h;
  data->stride_w = params.stride_w;
  data->pad_top = WindowPaddingBefore(out_h, filter_h, params.stride_h, 1, in_h);
  data->pad_left = WindowPaddingBefore(out_w, filter_w, params.stride_w, 1, in_w);
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const TransposeConvParams& params = context.params<TransposeConvParams>();
  if ((context.num_inputs() != 3 && context.num_inputs() != 4) || context.num_outputs() != 1) {
    return context.Error("expects 3 or 4 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const WeightedOpTensors tensors = TransposeConvTensors(context);
  if (tensors.input == nullptr || tensors.filter == nullptr) {
    return context.Error("input or filter is missing");
  }
  if (!IsSupportedActivation(params.activation)) {
    return context.Error("fused activation %d is not supported",
                         static_cast<int>(params.activation));
  }
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  BRASA_RETURN_IF_ERROR(
      CheckWeightedOpTypes(context, input, filter, tensors.bias, *tensors.output));
  if (input.rank() != 4 || filter.rank() != 4) {
    return context.Error("input and filter must be 4-D, have ranks %d and %d", input.rank(),
                         filter.rank());
  }
  if (input.dim(3) != filter.dim(3) || filter.dim(0) <= 0 || filter.dim(1) <= 0 ||
      filter.dim(2) <= 0 || input.dim(1) <= 0 || input.dim(2) <= 0) {
    return context.Error("filter %s does not fit input %s", ShapeToString(filter.shape).c_str(),
                         ShapeToString(input.shape).c_str());
  }
  const int32_t channels = filter.dim(0);
  BRASA_RETURN_IF_ERROR(CheckBias(context, tensors.bias, channels));
  Shape shape;
  BRASA_RETURN_IF_ERROR(ReadOutputShape(context, input, filter, &shape));

  TransposeConvData* data = context.NewOpData<TransposeConvData>();
  if (data == nullptr) return OutOfMemory(context);
  BRASA_RETURN_IF_ERROR(ComputeTransposePadding(context, params, input, filter, shape, data));
  data->float_range = FloatActivationRange(params.activation);
  if (input.type != DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareConvQuantization(context, tensors, channels,
                                                  /*channel_dimension=*/0, params.activation,
                                                  &data->quant));
    // LiteRT: int16 sums in int32 only with quantized_bias_type INT32, and then
    // reads the bias as int32; otherwise in int64 with an int64 bias.
    const bool int64_sum =
        input.type == DataType::kInt16 && params.quantized_bias_type != kTensorTypeInt32;
    const DataType bias_type = int64_sum ? DataType::kInt64 : DataType::kInt32;
    if (tensors.bias != nullptr && tensors.bias->type != bias_type) {
      return context.Error("bias type %s is not %s (quantized_bias_type %d)",
                           DataTypeName(tensors.bias->type), DataTypeName(bias_type),
                           params.quantized_bias_type);
    }
    data->quant.int64_accumulator = int64_sum;
    for (int32_t c = 0; int64_sum && c < channels; ++c) {
      if (data->quant.multipliers[c].shift > 7) {  // §1.6 takes shifts up to 7
        return context.ErrorWithCode(StatusCode::kUnsupported,
                                     "requantization multiplier of channel %d is too large", c);
      }
    }
    const int64_t count = int64_t{shape[0]} * shape[1] * shape[2] * shape[3];
    BRASA_RETURN_IF_ERROR(
        context.RequestScratch(sizeof(int64_t) * static_cast<size_t>(count), &data->sum_scratch));
  }
  return context.ResizeOutput(0, shape);
}

// Walks LiteRT's scatter order: for each input value, each filter tap and
// output channel, sums[output position] = add(sums[...], x, w). Float sums
// therefore keep LiteRT's order exactly.
template <typename X, typename W, typename Acc, typename Add>
void Scatter(const TransposeConvData& d, const Tensor& input, const Tensor& filter,
             const Tensor& output, const X* x_data, const W* w_data, Acc* sums, Add add) {
  const int32_t batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2);
  const int32_t in_c = input.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t out_h = output.dim(1), out_w = output.dim(2), out_c = output.dim(3);
  std::fill(sums, sums + output.element_count(), Acc());
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t iy = 0; iy < in_h; ++iy) {
      for (int32_t ix = 0; ix < in_w; ++ix) {
        const X* x = x_data + ((int64_t{b} * in_h + iy) * in_w + ix) * in_c;
        for (int32_t ic = 0; ic < in_c; ++ic) {
          for (int32_t fy = 0; fy < filter_h; ++fy) {
            const int32_t oy = iy * d.stride_h - d.pad_top + fy;
            if (oy < 0 || oy >= out_h) continue;
            for (int32_t fx = 0; fx < filter_w; ++fx) {
              const int32_t ox = ix * d.stride_w - d.pad_left + fx;
              if (ox < 0 || ox >= out_w) continue;
              Acc* target = sums + ((int64_t{b} * out_h + oy) * out_w + ox) * out_c;
              const W* w = w_data + (int64_t{fy} * filter_w + fx) * in_c + ic;
              const int64_t w_step = int64_t{filter_h} * filter_w * in_c;
              for (int32_t oc = 0; oc < out_c; ++oc) {
                target[oc] = add(target[oc], x[ic], w[oc * w_step]);
              }
            }
          }
        }
      }
    }
  }
}

// Float: the scatter sums in the output, then bias and activation (§3).
void EvalFloat(const TransposeConvData& d, const WeightedOpTensors& t) {
  float* out = t.output->data_as<float>();
  Scatter(d, *t.input, *t.filter, *t.output, t.input->data_as<float>(), t.filter->data_as<float>(),
          out, [](float acc, float x, float w) { return acc + x * w; });
  const int32_t channels = t.output->dim(3);
  const int64_t count = t.output->element_count();
  for (int64_t i = 0; i < count; ++i) {
    out[i] = ConvOutputValue<float>(out[i], t.bias, static_cast<int32_t>(i % channels),
                                    d.float_range, d.quant);
  }
}

// Integer types: exact int64 sums of (x - zp_in)(w - zp_w'), zp_w' = zp_w
// for uint8 and 0 otherwise; ConvOutputValue wraps them to int32 where
// LiteRT sums in int32, adds the bias and requantizes.
template <typename T, typename W>
void EvalQuantized(const TransposeConvData& d, const WeightedOpTensors& t, int64_t* sums) {
  const int32_t input_offset = d.quant.input_offset;
  const int32_t filter_offset = d.quant.filter_offset;
  Scatter(d, *t.input, *t.filter, *t.output, t.input->data_as<T>(), t.filter->data_as<W>(), sums,
          [=](int64_t acc, T x, W w) {
            return acc + int64_t{int32_t{x} + input_offset} * (int32_t{w} + filter_offset);
          });
  T* out = t.output->data_as<T>();
  const int32_t channels = t.output->dim(3);
  const int64_t count = t.output->element_count();
  for (int64_t i = 0; i < count; ++i) {
    out[i] = ConvOutputValue<T>(sums[i], t.bias, static_cast<int32_t>(i % channels), d.float_range,
                                d.quant);
  }
}

Status Eval(KernelContext& context) {
  const TransposeConvData& d = *context.op_data<TransposeConvData>();
  const WeightedOpTensors t = TransposeConvTensors(context);
  int64_t* sums =
      d.sum_scratch >= 0 ? static_cast<int64_t*>(context.scratch(d.sum_scratch)) : nullptr;
  switch (t.input->type) {
    case DataType::kFloat32: EvalFloat(d, t); break;
    case DataType::kInt8: EvalQuantized<int8_t, int8_t>(d, t, sums); break;
    case DataType::kUInt8: EvalQuantized<uint8_t, uint8_t>(d, t, sums); break;
    case DataType::kInt16: EvalQuantized<int16_t, int8_t>(d, t, sums); break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "unexpected type %s",
                                   DataTypeName(t.input->type));
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_TRANSPOSE_CONV() {
  static const OpKernel kernel = {"TRANSPOSE_CONV", Prepare, Eval,
                                  internal::ParseTransposeConvOptions};
  return &kernel;
}

}  // namespace brasa
