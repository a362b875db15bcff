// LOGISTIC and TANH share their structure (QUANTIZATION.md §2.8 and §3,
// LiteRT's activations.cc with the reference kernels): float32 math, a
// 256-entry float-built table for int8 / uint8, and the interpolated
// sigmoid table for int16. kernels/ref/logistic.cc and tanh.cc register them.
#ifndef BRASA_KERNELS_REF_COMMON_LOGISTIC_TANH_H_
#define BRASA_KERNELS_REF_COMMON_LOGISTIC_TANH_H_

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "brasa/kernel.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/lut.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/sigmoid_table.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {

struct LogisticTanhOpData {
  uint8_t table[256] = {};  // int8 / uint8: raw output byte per raw input byte
  // int16: v = (q * input_multiplier + round) >> input_left_shift puts the
  // input on the sigmoid table's scale (1/(3 * 4096) per unit).
  int32_t input_multiplier = 0;
  int32_t input_left_shift = 0;
};

// The functions LiteRT tabulates for 8-bit types (float, libm expf / tanhf).
inline float LogisticForTable(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float TanhForTable(float x) { return std::tanh(x); }

// Reference float logistic with its saturation cut-offs (§3).
inline float LogisticFloat(float x) {
  if (x > 16.619047164916992188f) return 1.0f;
  if (x < -9.0f) return std::exp(x);
  return 1.0f / (1.0f + std::exp(-x));
}

template <bool kTanh>
Status PrepareLogisticTanhInt16(KernelContext& context, const Tensor& input, const Tensor& output,
                                LogisticTanhOpData* data) {
  if (input.quantization.zero_point() != 0 || output.quantization.zero_point() != 0) {
    return context.Error("int16 zero points must be 0 (input %d, output %d)",
                         input.quantization.zero_point(), output.quantization.zero_point());
  }
  int output_log2 = 0;
  if (!CheckedLog2(output.quantization.scale(), &output_log2) || output_log2 != -15) {
    return context.Error("int16 output scale must be 2^-15, got %g",
                         static_cast<double>(output.quantization.scale()));
  }
  // A power-of-two input scale already matching the table needs no multiply
  // (tanh also accepts one doubling); otherwise build a 15-bit multiplier.
  int input_log2 = 0;
  const bool input_pot = CheckedLog2(input.quantization.scale(), &input_log2);
  const int shift = 12 + input_log2;  // (15 - 3 integer bits) + log2(s_in)
  if (input_pot && (shift == 0 || (kTanh && shift == 1))) {
    data->input_multiplier = 3 << shift;
    data->input_left_shift = 0;
    return Status::Ok();
  }
  double multiplier = static_cast<double>(input.quantization.scale()) * 4096.0 * 3.0;
  int left_shift = 0;
  while (multiplier <= 32767.0 / 2.0 && left_shift <= 30) {
    ++left_shift;
    multiplier *= 2.0;
  }
  if (multiplier > 65535.0) {  // q * multiplier must fit int32
    return context.ErrorWithCode(StatusCode::kUnsupported, "int16 input scale %g is too large",
                                 static_cast<double>(input.quantization.scale()));
  }
  data->input_multiplier = static_cast<int32_t>(multiplier);
  data->input_left_shift = left_shift;
  return Status::Ok();
}

template <bool kTanh>
Status PrepareLogisticTanh(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor& output = *context.output(0);
  if (output.type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(input->type));
  }
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                 DataTypeName(type));
  }
  LogisticTanhOpData* data = context.NewOpData<LogisticTanhOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  if (type != DataType::kFloat32) {
    const Quantization& qi = input->quantization;
    const Quantization& qo = output.quantization;
    if (!qi.is_quantized() || !qo.is_quantized()) {
      return context.Error("%s input and output must be quantized", DataTypeName(type));
    }
    if (type == DataType::kInt16) {
      BRASA_RETURN_IF_ERROR(PrepareLogisticTanhInt16<kTanh>(context, *input, output, data));
    } else {
      const bool is_int8 = type == DataType::kInt8;
      // LiteRT requires logistic's output to be [0, 1) in steps of 1/256.
      if (!kTanh && (qo.zero_point() != (is_int8 ? -128 : 0) || qo.scale() != 1.0f / 256)) {
        return context.Error("%s output must have scale 1/256 and zero point %d, got %g and %d",
                             DataTypeName(type), is_int8 ? -128 : 0,
                             static_cast<double>(qo.scale()), qo.zero_point());
      }
      float (*transform)(float) = kTanh ? TanhForTable : LogisticForTable;
      if (is_int8) {
        PopulateLut8<int8_t>(qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point(), transform, data->table);
      } else {
        PopulateLut8<uint8_t>(qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point(), transform, data->table);
      }
    }
  }
  return context.ResizeOutput(0, input->shape);
}

// §2.8 int16: |v| indexes the sigmoid(i/24) table (tanh reads it at twice the
// rate, tanh(x) = 2 sigmoid(2x) - 1); 9 (8) low bits interpolate; negative
// inputs use the function's symmetry.
template <bool kTanh>
int16_t LogisticTanhInt16(int16_t q, const LogisticTanhOpData& data) {
  const int shift = data.input_left_shift;
  const int32_t round = shift > 0 ? 1 << (shift - 1) : 0;
  const int32_t v = (q * data.input_multiplier + round) >> shift;
  const uint32_t abs_v = static_cast<uint32_t>(std::abs(v));
  const int fraction_bits = kTanh ? 8 : 9;
  const uint32_t index = abs_v >> fraction_bits;
  int32_t r;
  if (index >= 255) {
    r = kTanh ? 0xFFFF << 8 : 0x7FFF << 10;
  } else {
    const uint32_t lo = kSigmoidTableUint16[index], hi = kSigmoidTableUint16[index + 1];
    const uint32_t fraction = abs_v & ((1u << fraction_bits) - 1);
    r = static_cast<int32_t>((lo << fraction_bits) + fraction * (hi - lo));
  }
  if (kTanh) {
    r = v >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
    return static_cast<int16_t>(r >> 8);
  }
  r = v >= 0 ? r + (1 << 9) : (1 << 25) - r + (1 << 9) - 1;
  return static_cast<int16_t>(r >> 10);
}

template <bool kTanh>
Status EvalLogisticTanh(KernelContext& context) {
  const LogisticTanhOpData& data = *context.op_data<LogisticTanhOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t size = input.element_count();
  switch (input.type) {
    case DataType::kFloat32: {
      const float* in = input.data_as<float>();
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < size; ++i) out[i] = kTanh ? std::tanh(in[i]) : LogisticFloat(in[i]);
      return Status::Ok();
    }
    case DataType::kInt8:
    case DataType::kUInt8: {  // the table maps raw bytes to raw bytes
      const uint8_t* in = static_cast<const uint8_t*>(input.data);
      uint8_t* out = static_cast<uint8_t*>(output.data);
      for (int64_t i = 0; i < size; ++i) out[i] = data.table[in[i]];
      return Status::Ok();
    }
    case DataType::kInt16: {
      const int16_t* in = input.data_as<int16_t>();
      int16_t* out = output.data_as<int16_t>();
      for (int64_t i = 0; i < size; ++i) out[i] = LogisticTanhInt16<kTanh>(in[i], data);
      return Status::Ok();
    }
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LOGISTIC_TANH_H_
