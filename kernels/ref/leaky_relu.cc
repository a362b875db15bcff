// LEAKY_RELU: x > 0 ? x : alpha * x. float32, and int8 / uint8 / int16 with
// two requantizations (QUANTIZATION.md §2.14, LiteRT's reference
// leaky_relu.h): zp_out + MBQM(q - zp_in, M) with M = s_in / s_out for
// non-negative inputs and M = s_in * alpha / s_out otherwise, both formed in
// float. A negative alpha multiplies by |M| and negates the result.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct LeakyReluOpData {
  float alpha = 0.0f;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier identity;
  QuantizedMultiplier alpha_magnitude;  // |M_alpha|
  bool alpha_negative = false;
};

// MBQM shifts (q - zp) left when M >= 1: the product must stay within int32.
template <typename T>
bool FitsLeftShift(const LeakyReluOpData& data, const QuantizedMultiplier& m) {
  const int64_t max_centered = std::max<int64_t>(TypeMax<T>() - data.input_zero_point,
                                                 data.input_zero_point - TypeMin<T>());
  const int shift = std::max<int32_t>(m.shift, 0);
  return shift <= 30 && (max_centered << shift) <= std::numeric_limits<int32_t>::max();
}

template <typename T>
Status PrepareQuantized(KernelContext& context, float alpha, const Tensor& input,
                        const Tensor& output, LeakyReluOpData* data) {
  BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<T>(context, input, output));
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  data->input_zero_point = qi.zero_point();
  data->output_zero_point = qo.zero_point();
  // Both quotients are float expressions in LiteRT, widened to double after.
  const float alpha_multiplier = qi.scale() * alpha / qo.scale();
  const float identity_multiplier = qi.scale() / qo.scale();
  const QuantizedMultiplier signed_alpha = QuantizeMultiplier(alpha_multiplier);
  data->identity = QuantizeMultiplier(identity_multiplier);
  data->alpha_negative = signed_alpha.multiplier < 0;
  if (signed_alpha.multiplier == std::numeric_limits<int32_t>::min()) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "alpha %g cannot be negated",
                                 static_cast<double>(alpha));
  }
  data->alpha_magnitude = {std::abs(signed_alpha.multiplier), signed_alpha.shift};
  if (!FitsLeftShift<T>(*data, data->identity) || !FitsLeftShift<T>(*data, data->alpha_magnitude)) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "multipliers %g / %g would overflow int32",
                                 static_cast<double>(identity_multiplier),
                                 static_cast<double>(alpha_multiplier));
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (context.raw_params() == nullptr) return context.Error("LeakyReluOptions are missing");
  LeakyReluOpData* data = context.NewOpData<LeakyReluOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  data->alpha = context.params<LeakyReluParams>().alpha;
  Status status;
  switch (input.type) {
    case DataType::kFloat32: break;
    case DataType::kInt8:
      status = PrepareQuantized<int8_t>(context, data->alpha, input, output, data);
      break;
    case DataType::kUInt8:
      status = PrepareQuantized<uint8_t>(context, data->alpha, input, output, data);
      break;
    case DataType::kInt16:
      status = PrepareQuantized<int16_t>(context, data->alpha, input, output, data);
      break;
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(input.type));
  }
  if (!status.ok()) return status;
  return context.ResizeOutput(0, input.shape);
}

template <typename T>
void EvalQuantized(const LeakyReluOpData& data, const T* in, T* out, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    const int32_t centered = in[i] - data.input_zero_point;
    int32_t value;
    if (centered >= 0) {
      value = MultiplyByQuantizedMultiplier(centered, data.identity);
    } else {
      const int32_t scaled = MultiplyByQuantizedMultiplier(centered, data.alpha_magnitude);
      value = data.alpha_negative ? -scaled : scaled;
    }
    out[i] = ClampTo<T>(data.output_zero_point + value);
  }
}

Status Eval(KernelContext& context) {
  const LeakyReluOpData& data = *context.op_data<LeakyReluOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t size = input.element_count();
  switch (input.type) {
    case DataType::kFloat32: {
      const float* in = input.data_as<float>();
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < size; ++i) out[i] = in[i] > 0 ? in[i] : in[i] * data.alpha;
      return Status::Ok();
    }
    case DataType::kInt8:
      EvalQuantized(data, input.data_as<int8_t>(), output.data_as<int8_t>(), size);
      return Status::Ok();
    case DataType::kUInt8:
      EvalQuantized(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), size);
      return Status::Ok();
    case DataType::kInt16:
      EvalQuantized(data, input.data_as<int16_t>(), output.data_as<int16_t>(), size);
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_LEAKY_RELU() {
  static const OpKernel kernel = {"LEAKY_RELU", Prepare, Eval, internal::ParseLeakyReluOptions};
  return &kernel;
}

}  // namespace brasa
