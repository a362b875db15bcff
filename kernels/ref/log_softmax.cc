// LOG_SOFTMAX over the last dimension: x - max - log(sum(exp(x - max))).
// float32 as LiteRT's reference LogSoftmax (the row maximum subtracted first,
// the exponentials summed in order). int8 / uint8 in fixed point as LiteRT's
// reference kernels: differences to the row maximum scaled to Q5.26,
// exponentials summed in Q12.19, the log of the sum in Q5.26 subtracted, and
// the result written on the fixed output scale 16/256 with zero point at the
// type's maximum (127 / 255); elements far below the maximum get the minimum.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/fixed_point_log.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;
constexpr int kOutputIntegerBits = 4;

struct LogSoftmaxOpData {
  int64_t rows = 0;
  int64_t depth = 0;
  QuantizedMultiplier input;            // input difference -> Q5.26, shift >= 0
  QuantizedMultiplier reverse_scaling;  // Q5.26 -> input units, shift <= 0
  int32_t diff_min = 0;                 // smaller differences contribute 0
};

// PreprocessLogSoftmaxScalingExp with beta 1 and CalculateInputRadius.
template <typename T>
Status PrepareQuantized(KernelContext& context, const Tensor& input, const Tensor& output,
                        LogSoftmaxOpData* data) {
  if (!input.quantization.is_quantized() || !output.quantization.is_quantized()) {
    return context.Error("%s input and output must be quantized", DataTypeName(input.type));
  }
  if (output.quantization.scale() != 16.0f / 256 ||
      output.quantization.zero_point() != TypeMax<T>()) {
    return context.Error("%s output must have scale 16/256 and zero point %d, got %g and %d",
                         DataTypeName(output.type), TypeMax<T>(),
                         static_cast<double>(output.quantization.scale()),
                         output.quantization.zero_point());
  }
  const double input_beta_multiplier =
      std::min(static_cast<double>(input.quantization.scale()) *
                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
               (1LL << 31) - 1.0);
  if (input_beta_multiplier <= 1.0) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input scale %g is too small",
                                 static_cast<double>(input.quantization.scale()));
  }
  data->input = QuantizeMultiplier(input_beta_multiplier);
  const double reverse_scaling =
      static_cast<double>(int64_t{1} << (31 - data->input.shift)) / data->input.multiplier;
  if (data->input.shift < 1 || reverse_scaling >= 1.0) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input scale %g is too large",
                                 static_cast<double>(input.quantization.scale()));
  }
  data->reverse_scaling = QuantizeMultiplier(reverse_scaling);
  const double radius = ((1 << kScaledDiffIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)) /
                        static_cast<double>(int64_t{1} << data->input.shift);
  data->diff_min = -static_cast<int32_t>(std::floor(radius));
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (input.rank() < 1) return context.Error("input must have at least one dimension");
  LogSoftmaxOpData* data = context.NewOpData<LogSoftmaxOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  data->depth = input.shape.back();
  data->rows = data->depth == 0 ? 0 : input.element_count() / data->depth;
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
void LogSoftmaxRow(const LogSoftmaxOpData& data, const T* x, T* y) {
  const int32_t max = *std::max_element(x, x + data.depth);
  int32_t sum_of_exps = 0;  // Q12.19
  for (int64_t c = 0; c < data.depth; ++c) {
    const int32_t diff = x[c] - max;
    if (diff < data.diff_min) continue;
    const int32_t scaled = MultiplyByQuantizedMultiplier(diff, data.input);  // Q5.26
    sum_of_exps = fixed_point::Add(
        sum_of_exps, fixed_point::Rescale(fixed_point::ExpOnNegativeValues(
                                              scaled, kScaledDiffIntegerBits),
                                          0, kAccumulationIntegerBits));
  }
  const int32_t log_sum = fixed_point::LogForXAtLeastOne(sum_of_exps, kAccumulationIntegerBits,
                                                         kScaledDiffIntegerBits);
  // Differences whose result would fall below the smallest Q5.26 value are
  // cut off (note > here where the sum used >=).
  const int32_t adjusted_diff_min = std::max(
      data.diff_min - 1,
      MultiplyByQuantizedMultiplier(fixed_point::Add(log_sum, fixed_point::kInt32Min),
                                    data.reverse_scaling));
  for (int64_t c = 0; c < data.depth; ++c) {
    const int32_t diff = x[c] - max;
    if (diff <= adjusted_diff_min) {
      y[c] = static_cast<T>(TypeMin<T>());
      continue;
    }
    const int32_t scaled = MultiplyByQuantizedMultiplier(diff, data.input);
    const int32_t value =
        RoundingDivideByPOT(fixed_point::Sub(scaled, log_sum),
                            31 - kScaledDiffIntegerBits - kOutputIntegerBits) +
        TypeMax<T>();
    y[c] = ClampTo<T>(value);
  }
}

template <typename T>
void EvalQuantized(const LogSoftmaxOpData& data, const T* in, T* out) {
  for (int64_t row = 0; row < data.rows; ++row) {
    LogSoftmaxRow(data, in + row * data.depth, out + row * data.depth);
  }
}

Status Eval(KernelContext& context) {
  const LogSoftmaxOpData& data = *context.op_data<LogSoftmaxOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  if (input.type == DataType::kInt8) {
    EvalQuantized(data, input.data_as<int8_t>(), output.data_as<int8_t>());
    return Status::Ok();
  }
  if (input.type == DataType::kUInt8) {
    EvalQuantized(data, input.data_as<uint8_t>(), output.data_as<uint8_t>());
    return Status::Ok();
  }
  const float* in = input.data_as<float>();
  float* out = output.data_as<float>();
  for (int64_t row = 0; row < data.rows; ++row) {
    const float* x = in + row * data.depth;
    float* y = out + row * data.depth;
    const float max = *std::max_element(x, x + data.depth);
    float sum = 0.0f;
    for (int64_t c = 0; c < data.depth; ++c) sum += std::exp(x[c] - max);
    const float log_sum = std::log(sum);
    for (int64_t c = 0; c < data.depth; ++c) y[c] = x[c] - max - log_sum;
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_LOG_SOFTMAX() {
  static const OpKernel kernel = {"LOG_SOFTMAX", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
