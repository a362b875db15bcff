// RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1 as standalone ops: float32, int8, uint8, and
// int16 for RELU / RELU6 as in LiteRT (QUANTIZATION.md §2.16, LiteRT's
// activations.cc QuantizedReluX). Quantized
// inputs are requantized to the output scale with M = float(s_in / s_out),
// then clamped to the quantized bounds of [lower, upper].
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

enum class ReluKind { kRelu, kRelu6, kReluN1To1, kRelu0To1 };

struct ReluBounds {
  float lower;
  float upper;  // +infinity: no upper bound
};

constexpr ReluBounds BoundsOf(ReluKind kind) {
  return kind == ReluKind::kRelu    ? ReluBounds{0.0f, std::numeric_limits<float>::infinity()}
         : kind == ReluKind::kRelu6 ? ReluBounds{0.0f, 6.0f}
         : kind == ReluKind::kRelu0To1 ? ReluBounds{0.0f, 1.0f}
                                    : ReluBounds{-1.0f, 1.0f};
}

struct ReluOpData {
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
  int32_t min = 0;  // clamp bounds in output units
  int32_t max = 0;
};

template <typename T>
Status PrepareQuantized(KernelContext& context, ReluBounds bounds, const Tensor& input,
                        const Tensor& output, ReluOpData* data) {
  BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<T>(context, input, output));
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  data->input_zero_point = qi.zero_point();
  data->output_zero_point = qo.zero_point();
  // The quotient is rounded to float before QuantizeMultiplier (LiteRT).
  const float real_multiplier = qi.scale() / qo.scale();
  // MBQM shifts (q - zp) left when M >= 1; it must stay within int32.
  BRASA_RETURN_IF_ERROR(QuantizeMultiplierForRange(
      context, "input/output scale ratio", static_cast<double>(real_multiplier),
      int64_t{TypeMax<T>()} - TypeMin<T>(), &data->multiplier));
  const int32_t zp = qo.zero_point();
  data->min = QuantizeClamped(bounds.lower, qo.scale(), zp, TypeMin<T>(), TypeMax<T>());
  data->max = std::isinf(bounds.upper)
                  ? TypeMax<T>()
                  : QuantizeClamped(bounds.upper, qo.scale(), zp, TypeMin<T>(), TypeMax<T>());
  return Status::Ok();
}

template <ReluKind kKind>
Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor& output = *context.output(0);
  if (output.type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(input->type));
  }
  ReluOpData* data = context.NewOpData<ReluOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  Status status;
  switch (input->type) {
    case DataType::kFloat32: break;
    case DataType::kInt8:
      status = PrepareQuantized<int8_t>(context, BoundsOf(kKind), *input, output, data);
      break;
    case DataType::kUInt8:
      status = PrepareQuantized<uint8_t>(context, BoundsOf(kKind), *input, output, data);
      break;
    case DataType::kInt16:  // LiteRT has no int16 RELU_N1_TO_1 / RELU_0_TO_1
      if (kKind == ReluKind::kReluN1To1 || kKind == ReluKind::kRelu0To1) {
        return context.ErrorWithCode(StatusCode::kUnsupported, "type int16 is not supported");
      }
      status = PrepareQuantized<int16_t>(context, BoundsOf(kKind), *input, output, data);
      break;
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(input->type));
  }
  if (!status.ok()) return status;
  return context.ResizeOutput(0, input->shape);
}

// The comparisons let NaN through, like the reference float kernels.
template <ReluKind kKind>
float ReluFloat(float x) {
  constexpr ReluBounds bounds = BoundsOf(kKind);
  if (kKind != ReluKind::kRelu && x > bounds.upper) return bounds.upper;
  return x < bounds.lower ? bounds.lower : x;
}

template <typename T>
void ReluQuantized(const ReluOpData& data, const T* in, T* out, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    const int32_t requantized =
        data.output_zero_point +
        MultiplyByQuantizedMultiplier(in[i] - data.input_zero_point, data.multiplier);
    out[i] = static_cast<T>(std::min(std::max(requantized, data.min), data.max));
  }
}

template <ReluKind kKind>
Status Eval(KernelContext& context) {
  const ReluOpData& data = *context.op_data<ReluOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t size = input.element_count();
  switch (input.type) {
    case DataType::kFloat32: {
      const float* in = input.data_as<float>();
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < size; ++i) out[i] = ReluFloat<kKind>(in[i]);
      return Status::Ok();
    }
    case DataType::kInt8:
      ReluQuantized(data, input.data_as<int8_t>(), output.data_as<int8_t>(), size);
      return Status::Ok();
    case DataType::kUInt8:
      ReluQuantized(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), size);
      return Status::Ok();
    case DataType::kInt16:
      ReluQuantized(data, input.data_as<int16_t>(), output.data_as<int16_t>(), size);
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_RELU() {
  static const OpKernel kernel = {"RELU", Prepare<ReluKind::kRelu>, Eval<ReluKind::kRelu>};
  return &kernel;
}

const OpKernel* Register_RELU6() {
  static const OpKernel kernel = {"RELU6", Prepare<ReluKind::kRelu6>, Eval<ReluKind::kRelu6>};
  return &kernel;
}

const OpKernel* Register_RELU_N1_TO_1() {
  static const OpKernel kernel = {"RELU_N1_TO_1", Prepare<ReluKind::kReluN1To1>,
                                  Eval<ReluKind::kReluN1To1>};
  return &kernel;
}

const OpKernel* Register_RELU_0_TO_1() {
  static const OpKernel kernel = {"RELU_0_TO_1", Prepare<ReluKind::kRelu0To1>,
                                  Eval<ReluKind::kRelu0To1>};
  return &kernel;
}

}  // namespace brasa
