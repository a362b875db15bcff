// QUANTIZE (QUANTIZATION.md §2.10): float32 -> int8/uint8/int16 with
// q = clamp(round(x / s) + zp), a float division rounded half away from zero,
// per tensor or per channel; and integer requantization
// y = clamp(MBQM(q - zp_in, M) + zp_out) with M = double(s_in) / double(s_out).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/quantize_layout.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

struct QuantizeData {
  ChannelLayout layout;            // float -> int
  QuantizedMultiplier multiplier;  // int -> int
};

bool IsRequantizePair(DataType in, DataType out) {
  switch (in) {
    case DataType::kInt8:
      return out == DataType::kInt8 || out == DataType::kUInt8 || out == DataType::kInt16 ||
             out == DataType::kInt32;
    case DataType::kUInt8:
      return out == DataType::kInt8 || out == DataType::kUInt8 || out == DataType::kInt16;
    case DataType::kInt16:
      return out == DataType::kInt8 || out == DataType::kInt16 || out == DataType::kInt32;
    case DataType::kInt32: return out == DataType::kInt8 || out == DataType::kInt16;
    default: return false;
  }
}

// The values an integer input can hold (for the overflow check).
struct ValueRange {
  int64_t lo;
  int64_t hi;
};
ValueRange TypeRange(DataType type) {
  switch (type) {
    case DataType::kInt8: return {-128, 127};
    case DataType::kUInt8: return {0, 255};
    case DataType::kInt16: return {-32768, 32767};
    default: return {INT32_MIN, INT32_MAX};
  }
}

Status PrepareFloatInput(KernelContext& context, const Tensor& input, const Tensor& output,
                         QuantizeData* data) {
  if (output.type != DataType::kInt8 && output.type != DataType::kUInt8 &&
      output.type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "float32 input with %s output is not supported",
                                 DataTypeName(output.type));
  }
  return ComputeChannelLayout(context, "output", output.quantization, input.shape, &data->layout);
}

Status PrepareIntegerInput(KernelContext& context, const Tensor& input, const Tensor& output,
                           QuantizeData* data) {
  if (!IsRequantizePair(input.type, output.type)) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s input with %s output is not supported",
                                 DataTypeName(input.type), DataTypeName(output.type));
  }
  if (!input.quantization.is_quantized()) return context.Error("input is not quantized");
  if (input.quantization.is_per_channel() || output.quantization.is_per_channel()) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "per-channel requantization is not supported");
  }
  const int32_t zp_in = input.quantization.zero_point();
  if (input.type == DataType::kInt16 && output.type == DataType::kInt16 &&
      (zp_in != 0 || output.quantization.zero_point() != 0)) {
    return context.Error("int16 requantization needs zero points of 0, got %d and %d", zp_in,
                         output.quantization.zero_point());
  }
  data->multiplier = QuantizeMultiplier(static_cast<double>(input.quantization.scale()) /
                                        static_cast<double>(output.quantization.scale()));
  // MBQM computes (q - zp_in) * 2^shift in int32 (§4.12): reject overflow.
  const ValueRange range = TypeRange(input.type);
  const double factor = std::ldexp(1.0, std::max<int32_t>(data->multiplier.shift, 0));
  if (static_cast<double>(range.lo - zp_in) * factor < INT32_MIN ||
      static_cast<double>(range.hi - zp_in) * factor > INT32_MAX) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "scale ratio %g overflows the int32 requantization",
                                 input.quantization.scale() / output.quantization.scale());
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor* output = context.output(0);
  if (!output->quantization.is_quantized()) return context.Error("output is not quantized");
  QuantizeData* data = context.NewOpData<QuantizeData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  if (input->type == DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareFloatInput(context, *input, *output, data));
  } else {
    BRASA_RETURN_IF_ERROR(PrepareIntegerInput(context, *input, *output, data));
  }
  return context.ResizeOutput(0, input->shape);
}

// clamp(round(x / s) + zp). LiteRT casts the rounded float straight to int32
// (undefined past its range); saturating gives the same result inside it.
template <typename T>
T QuantizeValue(float x, float scale, int32_t zero_point) {
  const float rounded = RoundAway(x / scale);
  if (std::isnan(rounded)) return static_cast<T>(TypeMin<T>());
  const float bounded = std::min(std::max(rounded, -2147483648.0f), 2147483648.0f);
  const int64_t value = static_cast<int64_t>(bounded) + zero_point;
  return static_cast<T>(std::min<int64_t>(std::max<int64_t>(value, TypeMin<T>()), TypeMax<T>()));
}

template <typename T>
void QuantizeFloat(const QuantizeData& data, const Quantization& q, int64_t count,
                   const float* input, T* output) {
  for (int64_t i = 0; i < count; ++i) {
    const size_t c = data.layout.channel(i);
    output[i] = QuantizeValue<T>(input[i], q.scales[c], ChannelZeroPoint(q, c));
  }
}

template <typename In, typename Out>
void Requantize(const QuantizeData& data, int64_t count, int32_t zp_in, int32_t zp_out,
                const In* input, Out* output) {
  for (int64_t i = 0; i < count; ++i) {
    const int32_t x = static_cast<int32_t>(static_cast<int64_t>(input[i]) - zp_in);
    const int64_t y =
        static_cast<int64_t>(MultiplyByQuantizedMultiplier(x, data.multiplier)) + zp_out;
    output[i] =
        static_cast<Out>(std::min<int64_t>(std::max<int64_t>(y, TypeMin<Out>()), TypeMax<Out>()));
  }
}

template <typename In>
Status RequantizeFrom(KernelContext& context, const QuantizeData& data, int64_t count) {
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  const int32_t zp_in = input->quantization.zero_point();
  const int32_t zp_out = output->quantization.zero_point();
  const In* in = input->data_as<In>();
  switch (output->type) {
    case DataType::kInt8:
      Requantize(data, count, zp_in, zp_out, in, output->data_as<int8_t>());
      break;
    case DataType::kUInt8:
      Requantize(data, count, zp_in, zp_out, in, output->data_as<uint8_t>());
      break;
    case DataType::kInt16:
      Requantize(data, count, zp_in, zp_out, in, output->data_as<int16_t>());
      break;
    case DataType::kInt32:
      Requantize(data, count, zp_in, zp_out, in, output->data_as<int32_t>());
      break;
    default: return context.Error("unexpected output type");
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const QuantizeData& data = *context.op_data<QuantizeData>();
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  const int64_t count = output->element_count();
  if (input->type == DataType::kFloat32) {
    const float* in = input->data_as<float>();
    const Quantization& q = output->quantization;
    switch (output->type) {
      case DataType::kInt8: QuantizeFloat(data, q, count, in, output->data_as<int8_t>()); break;
      case DataType::kUInt8: QuantizeFloat(data, q, count, in, output->data_as<uint8_t>()); break;
      case DataType::kInt16: QuantizeFloat(data, q, count, in, output->data_as<int16_t>()); break;
      default: return context.Error("unexpected output type");
    }
    return Status::Ok();
  }
  switch (input->type) {
    case DataType::kInt8: return RequantizeFrom<int8_t>(context, data, count);
    case DataType::kUInt8: return RequantizeFrom<uint8_t>(context, data, count);
    case DataType::kInt16: return RequantizeFrom<int16_t>(context, data, count);
    case DataType::kInt32: return RequantizeFrom<int32_t>(context, data, count);
    default: return context.Error("unexpected input type");
  }
}

}  // namespace

const OpKernel* Register_QUANTIZE() {
  static const OpKernel kernel = {"QUANTIZE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
