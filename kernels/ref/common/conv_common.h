// Validation and quantization setup shared by the weighted ops CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED (QUANTIZATION.md §1.8, §1.9,
// §2.1-2.3): tensors and type combinations, window geometry, filter scales,
// bias checks, zero points, per-output-channel multipliers, and the int32 or
// int64 accumulator TFLite keeps.
#ifndef BRASA_KERNELS_REF_COMMON_CONV_COMMON_H_
#define BRASA_KERNELS_REF_COMMON_CONV_COMMON_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/exact_scales.h"
#include "kernels/ref/common/hybrid_weighted.h"
#include "kernels/ref/common/padding.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

inline Status OutOfMemory(const KernelContext& context) {
  return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
}

// A registration's Prepare and Eval over a kernel's exported phases (the
// convolutions' registrations live in files of their own: *_kernel.cc, *_int8.cc).
template <typename Data, Status (*kPrepare)(KernelContext&, Data*)>
Status PrepareWithOpData(KernelContext& context) {
  Data* data = context.NewOpData<Data>();
  if (data == nullptr) return OutOfMemory(context);
  return kPrepare(context, data);
}

template <typename Data, Status (*kEval)(KernelContext&, const Data&)>
Status EvalWithOpData(KernelContext& context) {
  return kEval(context, *context.op_data<Data>());
}

// Supported (input, filter, output, bias) types: all float32; int8/uint8
// activations with weights of the same type and an int32 bias; int16
// activations with int8 weights ("16x8") and an int32 or int64 bias (§2.1).
inline Status CheckWeightedOpTypes(const KernelContext& context, const Tensor& input,
                                   const Tensor& filter, const Tensor* bias,
                                   const Tensor& output, bool allow_hybrid = false) {
  const DataType type = input.type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input type %s is not supported (float32, int8, uint8, int16)",
                                 DataTypeName(type));
  }
  if (type == DataType::kInt16 && filter.type != DataType::kInt8) {
    // LiteRT's FULLY_CONNECTED also has 16x16 (int16 weights); brasa does not.
    return context.ErrorWithCode(
        filter.type == DataType::kInt16 ? StatusCode::kUnsupported : StatusCode::kInvalidModel,
        "filter type %s is not supported with int16 input (int8 only)",
        DataTypeName(filter.type));
  }
  // Float input with int8 weights: the hybrid path (hybrid_weighted.h).
  const bool hybrid = type == DataType::kFloat32;
  if (filter.type != type && type != DataType::kInt16 &&
      !(hybrid && allow_hybrid && filter.type == DataType::kInt8)) {
    return context.ErrorWithCode(hybrid ? StatusCode::kUnsupported : StatusCode::kInvalidModel,
                                 "filter type %s does not match input type %s%s",
                                 DataTypeName(filter.type), DataTypeName(type),
                                 hybrid ? " (hybrid kernel not supported)" : "");
  }
  if (output.type != type) {
    return context.Error("output type %s does not match input type %s",
                         DataTypeName(output.type), DataTypeName(type));
  }
  const DataType bias_type = type == DataType::kFloat32 ? DataType::kFloat32 : DataType::kInt32;
  const bool int16_with_int64 = type == DataType::kInt16 && bias != nullptr &&
                                bias->type == DataType::kInt64;
  if (bias != nullptr && bias->type != bias_type && !int16_with_int64) {
    return context.Error("bias type %s is not %s%s (required with %s input)",
                         DataTypeName(bias->type), DataTypeName(bias_type),
                         type == DataType::kInt16 ? " or int64" : "", DataTypeName(type));
  }
  return Status::Ok();
}

// The int8-only registrations (Register_CONV_2D_INT8, ..._INT8), as TensorFlow
// Lite Micro's: int8 input and filter, nothing else (CheckWeightedOpTypes,
// which runs first, checks the output and bias against them).
inline Status CheckInt8Only(const KernelContext& context, const Tensor& input,
                            const Tensor& filter, const char* op) {
  if (input.type == DataType::kInt8 && filter.type == DataType::kInt8) return Status::Ok();
  return context.ErrorWithCode(StatusCode::kUnsupported,
                               "%s input with %s filter: this kernel (Register_%s_INT8) runs "
                               "int8 only; register Register_%s for other types",
                               DataTypeName(input.type), DataTypeName(filter.type), op, op);
}

// A weighted op's tensors: input, filter, optional bias (nullptr when the
// node has none or omits it) and its one output.
struct WeightedOpTensors {
  const Tensor* input = nullptr;
  const Tensor* filter = nullptr;
  const Tensor* bias = nullptr;
  Tensor* output = nullptr;
};

inline WeightedOpTensors WeightedOpTensorsOf(KernelContext& context) {
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  return WeightedOpTensors{context.input(0), context.input(1), bias, context.output(0)};
}

// Prepare's common start: 2 or 3 inputs and 1 output, input and filter
// present, a supported fused activation and a supported type combination.
inline Status GetWeightedOpTensors(KernelContext& context, Activation activation,
                                   WeightedOpTensors* tensors) {
  if (context.num_inputs() != 2 && context.num_inputs() != 3) {
    return context.Error("expected 2 or 3 inputs (input, filter, bias), got %d",
                         context.num_inputs());
  }
  if (context.num_outputs() != 1) {
    return context.Error("expected 1 output, got %d", context.num_outputs());
  }
  *tensors = WeightedOpTensorsOf(context);
  if (tensors->input == nullptr || tensors->filter == nullptr) {
    return context.Error("input and filter are required");
  }
  if (!IsSupportedActivation(activation)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "fused activation %d is not supported",
                                 static_cast<int>(activation));
  }
  return CheckWeightedOpTypes(context, *tensors->input, *tensors->filter, tensors->bias,
                              *tensors->output, /*allow_hybrid=*/true);
}

// One bias value per output channel; a quantized bias is symmetric.
inline Status CheckBias(const KernelContext& context, const Tensor* bias, int32_t channels) {
  if (bias == nullptr) return Status::Ok();
  if (bias->element_count() != channels) {
    return context.Error("bias has %lld elements, expected %d (one per output channel)",
                         static_cast<long long>(bias->element_count()), channels);
  }
  if (bias->quantization.is_quantized() && bias->quantization.zero_point() != 0) {
    return context.Error("bias zero point is %d, must be 0", bias->quantization.zero_point());
  }
  return Status::Ok();
}

// Where a 2-D window (conv, depthwise) lands on the NHWC input (§1.9).
struct WindowGeometry {
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_top = 0, pad_left = 0;
  int32_t out_h = 0, out_w = 0;
};

// The fields of ConvParams and DepthwiseConvParams the window depends on.
struct WindowParams {
  Padding padding = Padding::kSame;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  ExplicitPadding explicit_padding{};
};

// Input NHWC, filter [*, H, W, *]. Out of line (window_geometry.cc): one
// copy for CONV_2D and DEPTHWISE_CONV_2D, not one per params type.
Status ComputeWindowGeometryFor(const KernelContext& context, const WindowParams& params,
                                const Tensor& input, const Tensor& filter,
                                WindowGeometry* window);

// Params: ConvParams or DepthwiseConvParams.
template <typename Params>
inline Status ComputeWindowGeometry(const KernelContext& context, const Params& params,
                                    const Tensor& input, const Tensor& filter,
                                    WindowGeometry* window) {
  const WindowParams window_params{params.padding,    params.stride_h,   params.stride_w,
                                   params.dilation_h, params.dilation_w, params.explicit_padding};
  return ComputeWindowGeometryFor(context, window_params, input, filter, window);
}

// A zero point must lie in its type's range (keeps offset products in int32).
inline bool ZeroPointFits(DataType type, int32_t zero_point) {
  if (type == DataType::kInt8) return zero_point >= -128 && zero_point <= 127;
  if (type == DataType::kUInt8) return zero_point >= 0 && zero_point <= 255;
  return true;
}

// Activations of a quantized op carry one scale and one zero point.
inline Status CheckActivationQuantization(const KernelContext& context, const Tensor& tensor,
                                          const char* role) {
  const Quantization& q = tensor.quantization;
  if (!q.is_quantized()) return context.Error("%s has no quantization parameters", role);
  if (q.scales.size() != 1) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s has %d scales; only per-tensor quantization is supported",
                                 role, static_cast<int>(q.scales.size()));
  }
  if (!(q.scale() > 0.0f) || !std::isfinite(q.scale())) {
    return context.Error("%s scale %g is not positive and finite", role, q.scale());
  }
  if (!ZeroPointFits(tensor.type, q.zero_point())) {
    return context.Error("%s zero point %d is outside the %s range", role, q.zero_point(),
                         DataTypeName(tensor.type));
  }
  // LiteRT requires symmetric int16 activations (§2.1-2.3: zero points 0).
  if (tensor.type == DataType::kInt16 && q.zero_point() != 0) {
    return context.Error("%s zero point is %d; int16 activations must have zero point 0", role,
                         q.zero_point());
  }
  return Status::Ok();
}

// Filter scales: one (per-tensor, broadcast) or one per output channel along
// `channel_dimension` (0 for conv/FC, 3 for depthwise); per-channel is int8 only.
inline Status CheckFilterScales(const KernelContext& context, const Tensor& filter,
                                int32_t channels, int32_t channel_dimension) {
  const Quantization& q = filter.quantization;
  if (!q.is_quantized()) return context.Error("filter has no quantization parameters");
  for (float scale : q.scales) {
    if (!(scale > 0.0f) || !std::isfinite(scale)) {
      return context.Error("filter scale %g is not positive and finite", scale);
    }
  }
  if (q.scales.size() == 1) return Status::Ok();
  if (filter.type != DataType::kInt8) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "per-channel %s filters are not supported (int8 only)",
                                 DataTypeName(filter.type));
  }
  if (q.scales.size() != static_cast<size_t>(channels)) {
    return context.Error("filter has %d scales for %d output channels",
                         static_cast<int>(q.scales.size()), channels);
  }
  if (q.quantized_dimension != channel_dimension) {
    return context.Error("filter is quantized along dimension %d, expected %d",
                         q.quantized_dimension, channel_dimension);
  }
  return Status::Ok();
}

inline float FilterScale(const Tensor& filter, int32_t channel) {
  const Quantization& q = filter.quantization;
  return q.is_per_channel() ? q.scales[static_cast<size_t>(channel)] : q.scales[0];
}

// LiteRT's legacy check (kernel_util.cc GetQuantizedConvolutionMultipler),
// run for uint8 conv/depthwise and per-tensor FC: with a bias,
// |s_in*s_w - s_bias| / s_out <= 0.02, in double (s_bias = 0 if absent).
inline Status CheckBiasScale(const KernelContext& context, const Tensor& input,
                             const Tensor& filter, const Tensor* bias, const Tensor& output) {
  if (bias == nullptr) return Status::Ok();
  // In integers (exact_scales.h), as LiteRT's doubles round.
  if (BiasScaleMismatch(input.quantization.scale(), filter.quantization.scale(),
                        bias->quantization.scale(), output.quantization.scale())) {
    return context.Error("bias scale %g does not match input scale * filter scale %g",
                         static_cast<double>(bias->quantization.scale()),
                         static_cast<double>(input.quantization.scale()) *
                             static_cast<double>(filter.quantization.scale()));
  }
  return Status::Ok();
}

// Clamp bounds of a quantized output with its fused activation (§1.8).
inline QuantizedRange OutputActivationRange(Activation activation, const Tensor& output) {
  const float scale = output.quantization.scale();
  const int32_t zero_point = output.quantization.zero_point();
  int32_t qmin = TypeMin<int8_t>(), qmax = TypeMax<int8_t>();
  if (output.type == DataType::kUInt8) {
    qmin = TypeMin<uint8_t>(), qmax = TypeMax<uint8_t>();
  } else if (output.type == DataType::kInt16) {
    qmin = TypeMin<int16_t>(), qmax = TypeMax<int16_t>();
  }
  return QuantizedActivationRangeIn(activation, scale, zero_point, qmin, qmax);
}

// int16 activations accumulate in the bias type (§2.1, §2.3): int32 with an
// int32 bias, else int64. (LiteRT reads the options' quantized_bias_type, not
// parsed by brasa; converters keep it equal to the bias type.)
inline bool UsesInt64Accumulator(const Tensor& input, const Tensor* bias) {
  return input.type == DataType::kInt16 && (bias == nullptr || bias->type == DataType::kInt64);
}

// Offsets, clamp range and accumulator width of a quantized weighted op.
struct WeightedQuantization {
  int32_t input_offset = 0;   // -zp_in
  int32_t filter_offset = 0;  // -zp_w where the filter is asymmetric, else 0
  int32_t output_offset = 0;  // zp_out
  QuantizedRange range;
  bool int64_accumulator = false;  // int16: int64 sum (§2.1, §2.3)
};

// Checks the input, output and filter quantization and fills `quant`. With
// `asymmetric_filter` (uint8 conv/depthwise, per-tensor FC) the bias scale is
// checked and zp_w applies; int8 conv/depthwise ignore zp_w (§2.1).
inline Status PrepareWeightedQuantization(KernelContext& context, const WeightedOpTensors& tensors,
                                          int32_t channels, int32_t channel_dimension,
                                          bool asymmetric_filter, Activation activation,
                                          WeightedQuantization* quant) {
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const Tensor& output = *tensors.output;
  BRASA_RETURN_IF_ERROR(CheckActivationQuantization(context, input, "input"));
  BRASA_RETURN_IF_ERROR(CheckActivationQuantization(context, output, "output"));
  BRASA_RETURN_IF_ERROR(CheckFilterScales(context, filter, channels, channel_dimension));
  if (asymmetric_filter) {
    BRASA_RETURN_IF_ERROR(CheckBiasScale(context, input, filter, tensors.bias, output));
    if (!ZeroPointFits(filter.type, filter.quantization.zero_point())) {
      return context.Error("filter zero point %d is outside the %s range",
                           filter.quantization.zero_point(), DataTypeName(filter.type));
    }
    quant->filter_offset = -filter.quantization.zero_point();
  }
  quant->input_offset = -input.quantization.zero_point();
  quant->output_offset = output.quantization.zero_point();
  quant->range = OutputActivationRange(activation, output);
  quant->int64_accumulator = UsesInt64Accumulator(input, tensors.bias);
  return Status::Ok();
}

// Requantization state of a quantized conv or depthwise conv (§2.1, §2.2).
struct ConvQuantization : WeightedQuantization {
  const QuantizedMultiplier* multipliers = nullptr;  // one per output channel
};

// int8/int16: M[c] = double(s_in) * double(s_w[c]) / double(s_out), per-tensor
// scales broadcast. uint8: M = double(float(s_in * s_w)) / double(s_out).
// kInt8Only: the int8-only registrations' Prepare (int8 input and filter
// checked): no uint8 path (bias scale check, filter zero point) linked.
template <bool kInt8Only = false>
inline Status PrepareConvQuantization(KernelContext& context, const WeightedOpTensors& tensors,
                                      int32_t channels, int32_t channel_dimension,
                                      Activation activation, ConvQuantization* quant) {
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const bool legacy_uint8 = !kInt8Only && input.type == DataType::kUInt8;
  BRASA_RETURN_IF_ERROR(PrepareWeightedQuantization(context, tensors, channels, channel_dimension,
                                                    /*asymmetric_filter=*/legacy_uint8,
                                                    activation, quant));
  // MBQM shifts left by `shift` (32 or more would be undefined); the int64
  // variant (§1.6) takes shifts up to 7 only (LiteRT CHECK-fails beyond).
  const int32_t max_shift = quant->int64_accumulator ? 7 : 31;
  auto* multipliers = static_cast<QuantizedMultiplier*>(context.AllocatePersistent(
      sizeof(QuantizedMultiplier) * static_cast<size_t>(std::max<int32_t>(channels, 1))));
  if (multipliers == nullptr) return OutOfMemory(context);
  const float input_scale = input.quantization.scale();
  const float output_scale = tensors.output->quantization.scale();
  const float legacy_product = input_scale * filter.quantization.scale();
  for (int32_t c = 0; c < channels; ++c) {
    // LiteRT's doubles: s_in * s_w / s_out (legacy uint8: the float product
    // s_in * s_w over s_out), formed in integers (exact_scales.h).
    // The scales are positive and finite (checked above); their float
    // product may still underflow to 0 or overflow.
    double real = 0.0;
    if (!legacy_uint8) {
      real = ExactRatio(input_scale, FilterScale(filter, c), output_scale);
    } else if (legacy_product != 0.0f) {
      real = std::isinf(legacy_product) ? HUGE_VAL : ExactRatio(legacy_product, 1.0f, output_scale);
    }
    BRASA_RETURN_IF_ERROR(QuantizeMultiplierChecked(context, "requantization multiplier", real,
                                                    max_shift, &multipliers[c]));
  }
  quant->multipliers = multipliers;
  return Status::Ok();
}

// Op data that CONV_2D and DEPTHWISE_CONV_2D share.
struct ConvState {
  WindowGeometry window;
  FloatRange float_range;
  ConvQuantization quant;  // quantized types only
  const HybridWeights* hybrid = nullptr;  // float input with int8 weights only
};

// The end of a conv or depthwise Prepare, once the shapes are checked:
// window, activation ranges, requantization, output [N, out_h, out_w, channels].
// kInt8Only: as PrepareConvQuantization's.
template <bool kInt8Only = false, typename Params>
inline Status PrepareConvState(KernelContext& context, const Params& params,
                               const WeightedOpTensors& tensors, int32_t channels,
                               int32_t channel_dimension, ConvState* state) {
  const Tensor& input = *tensors.input;
  BRASA_RETURN_IF_ERROR(
      ComputeWindowGeometry(context, params, input, *tensors.filter, &state->window));
  state->float_range = FloatActivationRange(params.activation);
  if (kInt8Only || input.type != DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareConvQuantization<kInt8Only>(
        context, tensors, channels, channel_dimension, params.activation, &state->quant));
  }
  return context.ResizeOutput(
      0, {input.dim(0), state->window.out_h, state->window.out_w, channels});
}

// TFLite sums in int32 and lets it wrap; brasa sums in int64 (no undefined
// behaviour) and keeps the low 32 bits, which is the same value.
inline int32_t WrapToInt32(int64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(value)));
}

// The int8-only registrations' accumulator (Register_CONV_2D_INT8,
// Register_DEPTHWISE_CONV_2D_INT8, Register_FULLY_CONNECTED_INT8): one 32-bit sum, unsigned so that overflow
// wraps (defined). The general kernels sum exactly (int32 where it cannot
// overflow, else int64) and requantize the low 32 bits (WrapToInt32), so both
// give the same bytes; the int8-only ones link one loop instead of two.
using WrappingInt32Sum = uint32_t;

// Adds bias[channel] (int32 or int64) to an integer accumulator, wrapping
// like two's complement (only an absurd int64 bias could overflow). The int64
// value is copied out: flatbuffers only 4-align constant buffers.
inline int64_t AddQuantizedBias(int64_t acc, const Tensor& bias, int32_t channel) {
  int64_t value = 0;
  if (bias.type == DataType::kInt64) {
    std::memcpy(&value, static_cast<const char*>(bias.data) + sizeof(int64_t) * channel,
                sizeof(value));
  } else {
    value = bias.data_as<int32_t>()[channel];
  }
  return static_cast<int64_t>(static_cast<uint64_t>(acc) + static_cast<uint64_t>(value));
}

// §1.6 (quant_math.h's int64 overload), shift in [-31, 7], in wrapping
// unsigned math: LiteRT assumes |acc| < 2^47, and a huge int64 bias would
// overflow its int64 product (undefined); brasa wraps instead.
inline int32_t MultiplyInt64ByQuantizedMultiplier(int64_t acc, QuantizedMultiplier m) {
  const int64_t reduced = m.multiplier < 0x7FFF0000 ? (m.multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - m.shift;
  const uint64_t rounded = static_cast<uint64_t>(acc) * static_cast<uint64_t>(reduced) +
                           (uint64_t{1} << (total_shift - 1));
  return static_cast<int32_t>(static_cast<int64_t>(rounded) >> total_shift);
}

// One conv or depthwise output from its tap sum: float adds the bias after
// the sum and clamps (§3); integer types add the bias, then MBQM (§1.4, or
// §1.6 for int64) -> + zp_out -> clamp (§2.1, §2.2, §1.8).
template <typename T, typename Accumulator>
inline T ConvOutputValue(Accumulator acc, const Tensor* bias, int32_t channel,
                         const FloatRange& float_range, const ConvQuantization& q) {
  if constexpr (std::is_same<T, float>::value) {
    const float bias_value = bias != nullptr ? bias->data_as<float>()[channel] : 0.0f;
    return ApplyFloatRange(acc + bias_value, float_range);
  } else {
    if (bias != nullptr) acc = AddQuantizedBias(acc, *bias, channel);
    const QuantizedMultiplier multiplier = q.multipliers[channel];
    const int64_t scaled = q.int64_accumulator
                               ? MultiplyInt64ByQuantizedMultiplier(acc, multiplier)
                               : MultiplyByQuantizedMultiplier(WrapToInt32(acc), multiplier);
    const int64_t shifted = scaled + q.output_offset;
    return static_cast<T>(std::min<int64_t>(std::max<int64_t>(shifted, q.range.min), q.range.max));
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_CONV_COMMON_H_
