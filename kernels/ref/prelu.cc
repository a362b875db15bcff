// PRELU: x >= 0 ? x : x * alpha, alpha broadcast to the input's shape (NumPy
// rules). float32, int8, uint8 as LiteRT's reference prelu.h: non-negative
// inputs are requantized with M1 = s_in / s_out, negative ones multiplied by
// (alpha - zp_alpha) and requantized with M2 = s_in * s_alpha / s_out (both
// multipliers formed in float).
#include <algorithm>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace {

struct PreluOpData {
  ElementwiseShape shape;
  int32_t input_offset = 0;  // -zp
  int32_t alpha_offset = 0;
  int32_t output_offset = 0;  // +zp
  QuantizedMultiplier identity;
  QuantizedMultiplier alpha;
};

template <typename T>
int64_t MaxCentered(const Tensor& tensor) {
  const int64_t zp = tensor.quantization.zero_point();
  return std::max<int64_t>(TypeMax<T>() - zp, zp - TypeMin<T>());
}

template <typename T>
Status PrepareQuantized(KernelContext& context, PreluOpData* data) {
  const Tensor& input = *context.input(0);
  const Tensor& alpha = *context.input(1);
  const Tensor& output = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input", input));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "alpha", alpha));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "output", output));
  if (alpha.quantization.scales.size() > 1) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "per-channel alpha is not supported");
  }
  data->input_offset = -input.quantization.zero_point();
  data->alpha_offset = -alpha.quantization.zero_point();
  data->output_offset = output.quantization.zero_point();
  const float s_in = input.quantization.scale();
  const float s_out = output.quantization.scale();
  const float identity_multiplier = s_in / s_out;
  const float alpha_multiplier = s_in * alpha.quantization.scale() / s_out;
  // MBQM shifts its int32 argument left when M >= 1: it must not overflow.
  BRASA_RETURN_IF_ERROR(QuantizeMultiplierForRange(context, "identity multiplier",
                                                   identity_multiplier, MaxCentered<T>(input),
                                                   &data->identity));
  return QuantizeMultiplierForRange(context, "alpha multiplier", alpha_multiplier,
                                    MaxCentered<T>(input) * MaxCentered<T>(alpha), &data->alpha);
}

Status Prepare(KernelContext& context) {
  PreluOpData* data = context.NewOpData<PreluOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  BRASA_RETURN_IF_ERROR(PrepareElementwiseShape(context, &data->shape));
  const Tensor& input = *context.input(0);
  if (context.output(0)->shape != input.shape) {
    return context.Error("alpha of shape %s does not broadcast to the input shape %s",
                         ShapeToString(context.input(1)->shape).c_str(),
                         ShapeToString(input.shape).c_str());
  }
  switch (input.type) {
    case DataType::kFloat32: return Status::Ok();
    case DataType::kInt8: return PrepareQuantized<int8_t>(context, data);
    case DataType::kUInt8: return PrepareQuantized<uint8_t>(context, data);
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(input.type));
  }
}

template <typename T>
void EvalQuantized(const PreluOpData& data, const Tensor& input, const Tensor& alpha,
                   Tensor& output) {
  ElementwiseApply(data.shape, input.data_as<T>(), alpha.data_as<T>(), output.data_as<T>(),
                   [&data](T x, T a) {
                     const int32_t centered = data.input_offset + x;
                     const int32_t value =
                         centered >= 0
                             ? MultiplyByQuantizedMultiplier(centered, data.identity)
                             : MultiplyByQuantizedMultiplier(centered * (data.alpha_offset + a),
                                                             data.alpha);
                     return ClampTo<T>(value + data.output_offset);
                   });
}

Status Eval(KernelContext& context) {
  const PreluOpData& data = *context.op_data<PreluOpData>();
  const Tensor& input = *context.input(0);
  const Tensor& alpha = *context.input(1);
  Tensor& output = *context.output(0);
  switch (input.type) {
    case DataType::kFloat32:
      ElementwiseApply(data.shape, input.data_as<float>(), alpha.data_as<float>(),
                       output.data_as<float>(),
                       [](float x, float a) { return x >= 0.0f ? x : x * a; });
      return Status::Ok();
    case DataType::kInt8: EvalQuantized<int8_t>(data, input, alpha, output); return Status::Ok();
    case DataType::kUInt8: EvalQuantized<uint8_t>(data, input, alpha, output); return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_PRELU() {
  static const OpKernel kernel = {"PRELU", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
