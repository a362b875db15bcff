// ABS: |x|. float32, int32, int16 without quantization (raw values), and
// quantized int8 / int16 as LiteRT's elementwise.cc: |q - zp_in| requantized
// with M = s_in / s_out (skipped when the scales are equal), plus zp_out.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "brasa/kernel.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

struct AbsOpData {
  bool quantized = false;
  bool rescale = false;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
};

template <typename T>
Status PrepareQuantized(KernelContext& context, AbsOpData* data) {
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<T>(context, input, output));
  data->quantized = true;
  data->input_zero_point = input.quantization.zero_point();
  data->output_zero_point = output.quantization.zero_point();
  const float s_in = input.quantization.scale();
  const float s_out = output.quantization.scale();
  data->rescale = s_in != s_out;
  if (!data->rescale) return Status::Ok();
  // |q - zp| < 2^16 is shifted left when M >= 1: it must stay in int32.
  return QuantizeMultiplierChecked(context, "input/output scale ratio", s_in / s_out, 15,
                                   &data->multiplier);
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(PrepareUnaryFunction(
      context, {DataType::kFloat32, DataType::kInt32, DataType::kInt8, DataType::kInt16}));
  AbsOpData* data = context.NewOpData<AbsOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  const Tensor& input = *context.input(0);
  if (input.type == DataType::kInt8) return PrepareQuantized<int8_t>(context, data);
  if (input.type == DataType::kInt16 && input.quantization.is_quantized()) {
    return PrepareQuantized<int16_t>(context, data);
  }
  return Status::Ok();
}

template <typename T>
void EvalQuantized(KernelContext& context, const AbsOpData& data) {
  ApplyUnaryFunction<T>(context, [&data](T q) {
    const int32_t magnitude = std::abs(q - data.input_zero_point);
    const int32_t scaled =
        data.rescale ? MultiplyByQuantizedMultiplier(magnitude, data.multiplier) : magnitude;
    return ClampTo<T>(scaled + data.output_zero_point);
  });
}

Status Eval(KernelContext& context) {
  const AbsOpData& data = *context.op_data<AbsOpData>();
  switch (context.input(0)->type) {
    case DataType::kFloat32:
      ApplyUnaryFunction<float>(context, [](float x) { return std::fabs(x); });
      return Status::Ok();
    case DataType::kInt32:  // |INT32_MIN| wraps to INT32_MIN
      ApplyUnaryFunction<int32_t>(context, [](int32_t x) {
        return x < 0 ? static_cast<int32_t>(0u - static_cast<uint32_t>(x)) : x;
      });
      return Status::Ok();
    case DataType::kInt8: EvalQuantized<int8_t>(context, data); return Status::Ok();
    case DataType::kInt16:
      if (data.quantized) {
        EvalQuantized<int16_t>(context, data);
      } else {  // raw values; |-32768| wraps to -32768 as in LiteRT
        ApplyUnaryFunction<int16_t>(context, [](int16_t x) {
          return static_cast<int16_t>(std::abs(static_cast<int32_t>(x)));
        });
      }
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_ABS() {
  static const OpKernel kernel = {"ABS", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
