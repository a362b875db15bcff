// RSQRT: 1 / sqrt(x). float32, and int8 as LiteRT's elementwise.cc: for
// v = q - zp_in > 0, 1/sqrt(v) as a multiplier from a Newton-Raphson
// iteration (GetInvSqrtQuantizedMultiplierExp), then rescaled by
// M = 1 / (sqrt(s_in) s_out); v = 0 gives the largest output and v < 0 is an
// error at Invoke. int16 uses LiteRT's interpolated table of the float
// function (non-positive inputs map to the largest output).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/lut.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

constexpr int kHeadroomShift = 20;  // keeps the intermediate an integer

struct RsqrtOpData {
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
  int16_t table16[kInt16LutSize] = {};
};

// 1/sqrt(x) for x > 1 as a multiplier and (right) shift: x is normalised to
// [2^27, 2^29) by pairs of bits, 1/sqrt is iterated five times in Q3.28 from
// 1, and the result scaled by sqrt(2)/2. Returns a left shift.
QuantizedMultiplier InverseSqrt(int32_t x) {
  using fixed_point::Mul;
  using fixed_point::Rescale;
  if (x <= 1) return {std::numeric_limits<int32_t>::max(), 0};
  int right_shift = 11;
  while (x >= (1 << 29)) {
    x /= 4;
    ++right_shift;
  }
  const int left_shift_bit_pairs =
      (fixed_point::CountLeadingZeros(static_cast<uint32_t>(x)) - 1) / 2 - 1;
  right_shift -= left_shift_bit_pairs;
  x <<= 2 * left_shift_bit_pairs;
  const int32_t input = x >> 1;  // Q3.28
  const int32_t half_input = RoundingDivideByPOT(input, 1);
  const int32_t half_three = (1 << 28) + (1 << 27);
  int32_t estimate = 1 << 28;  // 1.0 in Q3.28
  for (int i = 0; i < 5; ++i) {
    const int32_t cube = Rescale(Mul(Mul(estimate, estimate), estimate), 9, 3);
    estimate = Rescale(fixed_point::Sub(Mul(half_three, estimate), Mul(half_input, cube)), 6, 3);
  }
  int32_t result = Mul(estimate, 1518500250);  // * sqrt(2)/2
  if (right_shift < 0) {
    result = static_cast<int32_t>(static_cast<uint32_t>(result) << -right_shift);
    right_shift = 0;
  }
  return {result, static_cast<MultiplierShift>(-right_shift)};
}

// LiteRT rejects inputs below the zero point at Invoke.
template <typename T>
Status CheckNotNegative(const KernelContext& context, const Tensor& input, int32_t zero_point) {
  const T* in = input.data_as<T>();
  for (int64_t i = 0; i < input.element_count(); ++i) {
    if (in[i] < zero_point) {
      return context.Error("input element %lld is negative", static_cast<long long>(i));
    }
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(PrepareUnaryFunction(
      context, {DataType::kFloat32, DataType::kInt8, DataType::kInt16}));
  RsqrtOpData* data = context.NewOpData<RsqrtOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (input.type == DataType::kFloat32) return Status::Ok();
  if (input.type == DataType::kInt16) {
    BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<int16_t>(context, input, output));
    const float largest = 32767 * output.quantization.scale();
    PopulateLutInt16<float>(
        input.quantization.scale(), 0, output.quantization.scale(), 0,
        [largest](float x) { return x <= 0.0f ? largest : 1.0f / std::sqrt(x); }, data->table16);
    return Status::Ok();
  }
  BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<int8_t>(context, input, output));
  data->input_zero_point = input.quantization.zero_point();
  data->output_zero_point = output.quantization.zero_point();
  const float root_scale = std::sqrt(input.quantization.scale()) * output.quantization.scale();
  data->multiplier = QuantizeMultiplier(1.0 / root_scale);
  // Eval applies the multiplier with kHeadroomShift taken off its shift: the
  // result must stay a right shift of at most 31 (a larger one is undefined
  // in TensorFlow Lite too).
  const int32_t applied_shift = data->multiplier.shift - kHeadroomShift;
  if (applied_shift > 0 || applied_shift < -31) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "output multiplier %g is out of range",
                                 1.0 / root_scale);
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  if (context.input(0)->type == DataType::kFloat32) {
    ApplyUnaryFunction<float>(context, [](float x) { return 1.0f / std::sqrt(x); });
    return Status::Ok();
  }
  const RsqrtOpData& data = *context.op_data<RsqrtOpData>();
  const Tensor& input = *context.input(0);
  if (input.type == DataType::kInt16) {
    BRASA_RETURN_IF_ERROR(CheckNotNegative<int16_t>(context, input, 0));
    ApplyUnaryFunction<int16_t>(context,
                                [&data](int16_t q) { return LutLookupInt16(q, data.table16); });
    return Status::Ok();
  }
  BRASA_RETURN_IF_ERROR(CheckNotNegative<int8_t>(context, input, data.input_zero_point));
  ApplyUnaryFunction<int8_t>(context, [&data](int8_t q) {
    const int32_t value = q - data.input_zero_point;
    if (value == 0) return std::numeric_limits<int8_t>::max();
    const QuantizedMultiplier inverse = InverseSqrt(value);
    const int32_t scaled = MultiplyByQuantizedMultiplier(int32_t{1}, inverse.multiplier,
                                                         inverse.shift + kHeadroomShift);
    const int32_t result = MultiplyByQuantizedMultiplier(scaled, data.multiplier.multiplier,
                                                         data.multiplier.shift - kHeadroomShift);
    return ClampTo<int8_t>(result + data.output_zero_point);
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_RSQRT() {
  static const OpKernel kernel = {"RSQRT", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
