// HARD_SWISH: x * relu6(x + 3) / 6. float32, and int8 / uint8 in 16-bit fixed
// point exactly as LiteRT's reference hard_swish.h (QUANTIZATION.md §2.15):
// the input is moved to a "high resolution" scale s_in / 128, multiplied by
// the output multiplier, and by a "relu-ish" factor in [0, 1] that maps
// [-3, 3] onto [0, 1]; multipliers are 16-bit, formed in float.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/add_sub.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

struct HardSwishOpData {
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  int16_t output_multiplier = 0;  // Q0.15
  int32_t output_exponent = 0;    // <= 0
  int16_t reluish_multiplier = 0;
  int32_t reluish_exponent = 0;
};

// gemmlowp's DownScaleInt32ToInt16Multiplier: round the Q0.31 multiplier to
// Q0.15, saturating at the top.
int16_t DownScaleToInt16(int32_t multiplier) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRoundingOffset) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((multiplier + kRoundingOffset) >> 16);
}

// 16-bit SaturatingRoundingDoublingHighMul: round(a*b / 2^15), ties up.
int16_t RoundingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) {
    return std::numeric_limits<int16_t>::max();
  }
  const int32_t product = int32_t{a} * int32_t{b};
  const int32_t nudge = product >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((product + nudge) / (1 << 15));
}

// The same product truncated toward zero (ARM SQDMULH).
int16_t TruncatingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((int32_t{a} * int32_t{b}) / (1 << 15));
}

int16_t SaturatingLeftShift16(int16_t value, int amount) {
  const int64_t shifted = static_cast<int64_t>(value) * (int64_t{1} << amount);
  return static_cast<int16_t>(std::min<int64_t>(std::max<int64_t>(shifted, -32768), 32767));
}

template <typename T>
Status PrepareQuantized(KernelContext& context, const Tensor& input, const Tensor& output,
                        HardSwishOpData* data) {
  BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<T>(context, input, output));
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  data->input_zero_point = qi.zero_point();
  data->output_zero_point = qo.zero_point();
  const float hires_input_scale = (1.0f / 128.0f) * qi.scale();
  const float output_multiplier = hires_input_scale / qo.scale();
  const float reluish_multiplier = hires_input_scale / (3.0f / 32768.0f);
  const QuantizedMultiplier out = QuantizeMultiplier(output_multiplier);
  const QuantizedMultiplier reluish = QuantizeMultiplier(reluish_multiplier);
  // LiteRT requires a non-positive output exponent. Below -15 its int16
  // rounding shift degenerates (§2.15): reject those scale ratios too.
  if (out.shift > 0 || out.shift < -15) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input/output scale ratio %g is out of the supported range",
                                 static_cast<double>(qi.scale() / qo.scale()));
  }
  if (reluish.shift > 31) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input scale %g is too large",
                                 static_cast<double>(qi.scale()));
  }
  data->output_multiplier = DownScaleToInt16(out.multiplier);
  data->output_exponent = out.shift;
  data->reluish_multiplier = DownScaleToInt16(reluish.multiplier);
  data->reluish_exponent = reluish.shift;
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  HardSwishOpData* data = context.NewOpData<HardSwishOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  Status status;
  switch (input.type) {
    case DataType::kFloat32: break;
    case DataType::kInt8: status = PrepareQuantized<int8_t>(context, input, output, data); break;
    case DataType::kUInt8: status = PrepareQuantized<uint8_t>(context, input, output, data); break;
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(input.type));
  }
  if (!status.ok()) return status;
  return context.ResizeOutput(0, input.shape);
}

template <typename T>
void EvalQuantized(const HardSwishOpData& data, const T* in, T* out, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    const int16_t hires = static_cast<int16_t>((in[i] - data.input_zero_point) * (1 << 7));
    const int16_t preshift_output = RoundingHighMul16(hires, data.output_multiplier);
    // Rescale to [-1, 1] (3.0 is 32768), saturating: all but one bit of a left
    // shift first, so that only the last bit can saturate.
    int16_t reluish = hires;
    if (data.reluish_exponent > 0) {
      reluish = SaturatingLeftShift16(reluish, data.reluish_exponent - 1);
    }
    reluish = RoundingHighMul16(reluish, data.reluish_multiplier);
    if (data.reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, 1);
    if (data.reluish_exponent < 0) {
      reluish = static_cast<int16_t>(RoundingDivideByPOTInt16(reluish, -data.reluish_exponent));
    }
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);  // [-1, 1] -> [0, 1]
    const int16_t preshift = TruncatingHighMul16(reluish, preshift_output);
    // The zero point is added in int16, as in LiteRT, then clamped.
    const int16_t value = static_cast<int16_t>(
        RoundingDivideByPOTInt16(preshift, -data.output_exponent) + data.output_zero_point);
    out[i] = ClampTo<T>(value);
  }
}

Status Eval(KernelContext& context) {
  const HardSwishOpData& data = *context.op_data<HardSwishOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t size = input.element_count();
  switch (input.type) {
    case DataType::kFloat32: {
      const float* in = input.data_as<float>();
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < size; ++i) {
        out[i] = in[i] * std::min(6.0f, std::max(0.0f, in[i] + 3.0f)) / 6.0f;
      }
      return Status::Ok();
    }
    case DataType::kInt8:
      EvalQuantized(data, input.data_as<int8_t>(), output.data_as<int8_t>(), size);
      return Status::Ok();
    case DataType::kUInt8:
      EvalQuantized(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), size);
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_HARD_SWISH() {
  static const OpKernel kernel = {"HARD_SWISH", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
