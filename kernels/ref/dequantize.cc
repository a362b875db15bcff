// DEQUANTIZE (QUANTIZATION.md §2.10): int8/uint8/int16/int32 -> float32 as
// float(double(s) * (q - zp)) per tensor; per channel LiteRT multiplies in
// float, s[c] * float(q - zp[c]) (the same value for 8/16-bit inputs).
// float16 -> float32 is an exact widening.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/quantize_layout.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor* output = context.output(0);
  const DataType type = input->type;
  if (type != DataType::kInt8 && type != DataType::kUInt8 && type != DataType::kInt16 &&
      type != DataType::kInt32 && type != DataType::kFloat16) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output->type != DataType::kFloat32) {
    return context.Error("output type is %s, expected float32", DataTypeName(output->type));
  }
  ChannelLayout* layout = context.NewOpData<ChannelLayout>();
  if (layout == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  if (type != DataType::kFloat16) {
    if (!input->quantization.is_quantized()) return context.Error("input is not quantized");
    BRASA_RETURN_IF_ERROR(
        ComputeChannelLayout(context, "input", input->quantization, input->shape, layout));
  }
  return context.ResizeOutput(0, input->shape);
}

template <typename T>
void DequantizePerTensor(const Quantization& q, int64_t count, const T* input, float* output) {
  const double scale = q.scale();
  const int64_t zero_point = q.zero_point();
  for (int64_t i = 0; i < count; ++i) {
    output[i] = static_cast<float>(scale * static_cast<double>(input[i] - zero_point));
  }
}

template <typename T>
void DequantizePerChannel(const ChannelLayout& layout, const Quantization& q, int64_t count,
                          const T* input, float* output) {
  for (int64_t i = 0; i < count; ++i) {
    const size_t c = layout.channel(i);
    output[i] = q.scales[c] * static_cast<float>(input[i] - int64_t{ChannelZeroPoint(q, c)});
  }
}

template <typename T>
void DequantizeTyped(const ChannelLayout& layout, const Quantization& q, int64_t count,
                     const T* input, float* output) {
  if (q.is_per_channel()) {
    DequantizePerChannel(layout, q, count, input, output);
  } else {
    DequantizePerTensor(q, count, input, output);
  }
}

// IEEE binary16 -> binary32; every half value is exactly representable.
float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  const uint32_t exponent = (half >> 10) & 0x1Fu;
  uint32_t mantissa = half & 0x3FFu;
  uint32_t bits = 0;
  if (exponent == 0x1F) {  // inf or NaN
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {  // normal
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa != 0) {         // subnormal: renormalize
    uint32_t shifted_exponent = 113;  // 127 - 15 + 1
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --shifted_exponent;
    }
    bits = sign | (shifted_exponent << 23) | ((mantissa & 0x3FFu) << 13);
  } else {
    bits = sign;  // signed zero
  }
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

Status Eval(KernelContext& context) {
  const ChannelLayout& layout = *context.op_data<ChannelLayout>();
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  const int64_t count = output->element_count();
  float* out = output->data_as<float>();
  const Quantization& q = input->quantization;
  switch (input->type) {
    case DataType::kInt8: DequantizeTyped(layout, q, count, input->data_as<int8_t>(), out); break;
    case DataType::kUInt8: DequantizeTyped(layout, q, count, input->data_as<uint8_t>(), out); break;
    case DataType::kInt16: DequantizeTyped(layout, q, count, input->data_as<int16_t>(), out); break;
    case DataType::kInt32: DequantizeTyped(layout, q, count, input->data_as<int32_t>(), out); break;
    case DataType::kFloat16: {
      const uint16_t* in = input->data_as<uint16_t>();
      for (int64_t i = 0; i < count; ++i) out[i] = HalfToFloat(in[i]);
      break;
    }
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DEQUANTIZE() {
  static const OpKernel kernel = {"DEQUANTIZE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
