// FULLY_CONNECTED reference kernel: input flattened to [batches, depth]
// (depth = filter.dims[1]), filter [units, depth], optional bias; float32,
// int8 (per-channel along dimension 0 or per-tensor), legacy uint8 and int16
// activations with int8 weights (16x8, int32 or int64 bias).
// Quantized outputs follow LiteRT BUILTIN_REF, which requantizes in double,
// not with a fixed-point multiplier (QUANTIZATION.md §2.3).
// Register_FULLY_CONNECTED_INT8 is the same kernel for int8 input and filter
// only (no other type's loops in a microcontroller image).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/fully_connected.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/conv_loops.h"
#include "kernels/ref/common/exact_scales.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// §2.3: per-channel (int8 only) or per-tensor; E in double, as LiteRT does.
Status PrepareQuantized(KernelContext& context, const WeightedOpTensors& tensors, int32_t units,
                        Activation activation, FullyConnectedData* data) {
  const Tensor& filter = *tensors.filter;
  BRASA_RETURN_IF_ERROR(PrepareWeightedQuantization(
      context, tensors, units, /*channel_dimension=*/0,
      /*asymmetric_filter=*/!filter.quantization.is_per_channel(), activation, &data->quant));
  auto* scales = static_cast<double*>(
      context.AllocatePersistent(sizeof(double) *
                                 static_cast<size_t>(std::max<int32_t>(units, 1))));
  if (scales == nullptr) return OutOfMemory(context);
  for (int32_t c = 0; c < units; ++c) {
    scales[c] = ExactRatio(tensors.input->quantization.scale(), FilterScale(filter, c),
                           tensors.output->quantization.scale());
  }
  data->output_scales = scales;
  return Status::Ok();
}

// kInt8Only: Register_FULLY_CONNECTED_INT8's Prepare, which refuses other types.
template <bool kInt8Only>
Status PrepareImpl(KernelContext& context, FullyConnectedData* data) {
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const FullyConnectedParams& params = context.params<FullyConnectedParams>();
  if (params.shuffled_weights) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "shuffled (SHUFFLED4x16INT8) weights are not supported");
  }
  WeightedOpTensors tensors;
  BRASA_RETURN_IF_ERROR(GetWeightedOpTensors(context, params.activation, &tensors));
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  if (kInt8Only) {
    BRASA_RETURN_IF_ERROR(CheckInt8Only(context, input, filter, "FULLY_CONNECTED"));
  }
  if (filter.rank() != 2) return context.Error("filter must be 2-D, has rank %d", filter.rank());
  if (input.rank() < 1) return context.Error("input must have rank at least 1");
  const int32_t units = filter.dim(0);
  const int32_t depth = filter.dim(1);
  BRASA_RETURN_IF_ERROR(CheckBias(context, tensors.bias, units));

  // Batches = elements / depth; with depth 0, every leading position is one.
  const int64_t elements = input.element_count();
  int64_t batches = 1;
  if (depth > 0) {
    if (elements % depth != 0) {
      return context.Error("input has %lld elements, not a multiple of the filter depth %d",
                           static_cast<long long>(elements), depth);
    }
    batches = elements / depth;
  } else {
    for (int i = 0; i + 1 < input.rank() && batches <= INT32_MAX; ++i) batches *= input.dim(i);
  }
  if (batches > INT32_MAX) {
    return context.Error("too many batches (%lld)", static_cast<long long>(batches));
  }
  if (params.keep_num_dims && input.dim(input.rank() - 1) != depth) {
    return context.Error("keep_num_dims needs the input's last dimension (%d) to equal the "
                         "filter depth (%d)", input.dim(input.rank() - 1), depth);
  }

  data->batches = static_cast<int32_t>(batches);
  data->float_range = FloatActivationRange(params.activation);
  if (!kInt8Only && IsHybridWeightedOp(context)) {  // each batch row is quantized on its own
    BRASA_RETURN_IF_ERROR(PrepareHybridWeights(context, units, /*channel_dimension=*/0,
                                               data->batches, depth,
                                               params.asymmetric_quantize_inputs, &data->hybrid));
  } else if (input.type != DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareQuantized(context, tensors, units, params.activation, data));
  }
  if (!params.keep_num_dims) {
    return context.ResizeOutput(0, {static_cast<int32_t>(batches), units});
  }
  BRASA_RETURN_IF_ERROR(context.ResizeOutput(0, input.shape));  // the last dimension becomes units
  context.output(0)->shape.back() = units;
  return Status::Ok();
}

// Float: sum in depth order, bias after the sum, then clamp (§3). Integer:
// int32 (int64 for int16 with an int64 or no bias) sum of (w - zp_w)(x - zp_in)
// plus bias, y = round(double(acc) * E[c]) (ties away from zero), + zp_out,
// clamp (§2.3). W: the filter type (int8 for int16 activations). Sum: the
// type the products are summed in, int32 only where ProductSumFitsInt32
// proves the exact sum fits (then the loop vectorizes), else int64
// (Register_FULLY_CONNECTED_INT8: WrappingInt32Sum, the same low 32 bits).
// sum (x[d] + x_offset)(k[d] + k_offset) in Sum, both factors in int16
// (they fit). Never inlined: inlined into an int8-only image's Eval, the loop
// kept its offsets on the stack (one instruction more per multiply-add on a
// Cortex-M4).
template <typename Sum, typename T, typename W>
#if defined(__GNUC__)
__attribute__((noinline))
#endif
Sum OffsetDotProduct(const T* x, const W* k, int32_t depth, int32_t x_offset, int32_t k_offset) {
  Sum sum = 0;
  for (int32_t d = 0; d < depth; ++d) {
    const int16_t x_shifted = static_cast<int16_t>(x[d] + x_offset);
    const int16_t k_shifted = static_cast<int16_t>(k[d] + k_offset);
    sum += static_cast<Sum>(int32_t{x_shifted} * int32_t{k_shifted});
  }
  return sum;
}

// The int64 accumulator (int16 activations): round(acc * E) in double, as
// LiteRT (acc may exceed the 53 bits a double holds), + zp_out, clamped in
// double: identical wherever LiteRT's conversion to int32 is defined.
template <typename T>
T RequantizeInDouble(double acc, double scale, const WeightedQuantization& q) {
  const double shifted = std::round(acc * scale) + q.output_offset;
  return static_cast<T>(std::min<double>(std::max<double>(shifted, q.range.min), q.range.max));
}

template <typename T, typename W, typename Sum>
void MultiplyMatrix(const FullyConnectedData& data, const WeightedOpTensors& tensors) {
  constexpr bool kFloat = std::is_same<T, float>::value;
  const int32_t units = tensors.filter->dim(0), depth = tensors.filter->dim(1);
  const T* input = tensors.input->data_as<T>();
  const W* filter_data = tensors.filter->data_as<W>();
  const Tensor* bias = tensors.bias;
  T* out = tensors.output->data_as<T>();
  const WeightedQuantization q = data.quant;  // a local: int8 stores may alias the op data
  for (int32_t b = 0; b < data.batches; ++b) {
    const T* x = input + int64_t{b} * depth;
    for (int32_t unit = 0; unit < units; ++unit) {
      const W* k = filter_data + int64_t{unit} * depth;
      Sum sum = 0;
      if constexpr (kFloat) {
        for (int32_t d = 0; d < depth; ++d) sum += x[d] * k[d];
      } else {
        sum = OffsetDotProduct<Sum>(x, k, depth, q.input_offset, q.filter_offset);
      }
      if constexpr (kFloat) {
        const float bias_value = bias != nullptr ? bias->data_as<float>()[unit] : 0.0f;
        *out++ = ApplyFloatRange(sum + bias_value, data.float_range);
      } else {
        int32_t kept = 0;
        if constexpr (std::is_same<Sum, WrappingInt32Sum>::value) {
          // Register_FULLY_CONNECTED_INT8: int8 has an int32 bias or none
          // (CheckWeightedOpTypes); the wrapped sum converts from int32.
          const WrappingInt32Sum biased =
              sum + (bias != nullptr ? static_cast<WrappingInt32Sum>(bias->data_as<int32_t>()[unit])
                                     : WrappingInt32Sum{0});
          kept = static_cast<int32_t>(biased);
        } else {
          int64_t acc = sum;
          if (bias != nullptr) acc = AddQuantizedBias(acc, *bias, unit);
          if (q.int64_accumulator) {
            *out++ = RequantizeInDouble<T>(static_cast<double>(acc), data.output_scales[unit], q);
            continue;
          }
          kept = WrapToInt32(acc);
        }
        // round(double(kept) * E) from the bits (exact_scales.h: no double
        // arithmetic on a microcontroller), + zp_out, clamped: LiteRT's
        // bytes (it converts to int32 before adding zp_out; the sum in int64
        // is the same wherever that conversion is defined).
        const int64_t shifted = RoundAwayProduct(kept, data.output_scales[unit]) + q.output_offset;
        *out++ = static_cast<T>(std::min<int64_t>(std::max<int64_t>(shifted, q.range.min),
                                                  q.range.max));
      }
    }
  }
}

template <typename T, typename W = T>
void MultiplyMatrix(const FullyConnectedData& data, const WeightedOpTensors& tensors) {
  if constexpr (std::is_same<T, float>::value) {
    MultiplyMatrix<float, float, float>(data, tensors);
  } else if (ProductSumFitsInt32<T, W>(tensors.filter->dim(1), data.quant.input_offset,
                                       data.quant.filter_offset)) {
    MultiplyMatrix<T, W, int32_t>(data, tensors);
  } else {
    MultiplyMatrix<T, W, int64_t>(data, tensors);
  }
}

template <bool kInt8Only>
Status EvalImpl(KernelContext& context, const FullyConnectedData& data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  if (kInt8Only) {  // Prepare admitted int8 only
    MultiplyMatrix<int8_t, int8_t, WrappingInt32Sum>(data, tensors);
    return Status::Ok();
  }
  if (data.hybrid != nullptr) return EvalHybridFullyConnected(context, data);
  switch (tensors.input->type) {
    case DataType::kFloat32: MultiplyMatrix<float>(data, tensors); break;
    case DataType::kInt8: MultiplyMatrix<int8_t>(data, tensors); break;
    case DataType::kUInt8: MultiplyMatrix<uint8_t>(data, tensors); break;
    case DataType::kInt16: MultiplyMatrix<int16_t, int8_t>(data, tensors); break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "unexpected type %s",
                                   DataTypeName(tensors.input->type));
  }
  return Status::Ok();
}

}  // namespace

Status PrepareFullyConnectedReference(KernelContext& context, FullyConnectedData* data) {
  return PrepareImpl<false>(context, data);
}

Status EvalFullyConnectedReference(KernelContext& context, const FullyConnectedData& data) {
  return EvalImpl<false>(context, data);
}

Status PrepareFullyConnectedInt8(KernelContext& context, FullyConnectedData* data) {
  return PrepareImpl<true>(context, data);
}

Status EvalFullyConnectedInt8(KernelContext& context, const FullyConnectedData& data) {
  return EvalImpl<true>(context, data);
}

// Nothing refers to these weakly (unlike the convolutions, fold_pad.cc): the
// linker drops the one an application does not register.
const OpKernel* Register_FULLY_CONNECTED() {
  static const OpKernel kernel = {
      "FULLY_CONNECTED", PrepareWithOpData<FullyConnectedData, PrepareFullyConnectedReference>,
      EvalWithOpData<FullyConnectedData, EvalFullyConnectedReference>,
      internal::ParseFullyConnectedOptions};
  return &kernel;
}

const OpKernel* Register_FULLY_CONNECTED_INT8() {
  static const OpKernel kernel = {
      "FULLY_CONNECTED", PrepareWithOpData<FullyConnectedData, PrepareFullyConnectedInt8>,
      EvalWithOpData<FullyConnectedData, EvalFullyConnectedInt8>,
      internal::ParseFullyConnectedOptions};
  return &kernel;
}

}  // namespace brasa
