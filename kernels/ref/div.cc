// DIV: a / b with NumPy broadcasting and a fused activation (LiteRT's div.cc
// and reference div.h). float32; int32 (truncating); int8 / uint8 / int16 in
// fixed point: the divisor's reciprocal comes from GetReciprocal, the
// dividend is normalised by its headroom, and M = s1 / (s2 * s_out) (float)
// rescales the quotient. LiteRT computes int16 without broadcasting in float
// instead: round(((q1 - zp1) s1) / ((q2 - zp2) s2) / s_out). A divisor equal
// to its zero point is an error at Invoke, as in LiteRT.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/quant_math.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct DivOpData {
  ElementwiseShape shape;
  int32_t input1_offset = 0;  // -zp
  int32_t input2_offset = 0;
  int32_t output_offset = 0;  // +zp
  QuantizedMultiplier multiplier;
  QuantizedRange range;  // quantized or int32 activation range
  FloatRange float_range;
};

template <typename T>
Status PrepareQuantized(KernelContext& context, Activation activation, DivOpData* data) {
  const Tensor& in1 = *context.input(0);
  const Tensor& in2 = *context.input(1);
  const Tensor& out = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 0", in1));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 1", in2));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "output", out));
  data->input1_offset = -in1.quantization.zero_point();
  data->input2_offset = -in2.quantization.zero_point();
  data->output_offset = out.quantization.zero_point();
  data->range = QuantizedActivationRange<T>(activation, out.quantization.scale(),
                                            out.quantization.zero_point());
  const float real_multiplier =
      in1.quantization.scale() / (in2.quantization.scale() * out.quantization.scale());
  // The final shift (multiplier shift - reciprocal shift - headroom) must stay
  // a right shift; a dividend of 16 bits has at least 15 bits of headroom.
  return QuantizeMultiplierChecked(context, "multiplier", real_multiplier, 15, &data->multiplier);
}

Status Prepare(KernelContext& context) {
  DivOpData* data = context.NewOpData<DivOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  BRASA_RETURN_IF_ERROR(PrepareElementwiseShape(context, &data->shape));
  const Activation activation = ElementwiseParamsOf(context).activation;
  BRASA_RETURN_IF_ERROR(CheckElementwiseActivation(context, activation));
  switch (context.output(0)->type) {
    case DataType::kFloat32:
      data->float_range = FloatActivationRange(activation);
      return Status::Ok();
    case DataType::kInt32:
      data->range = Int32ActivationRange(activation);
      return Status::Ok();
    case DataType::kInt8: return PrepareQuantized<int8_t>(context, activation, data);
    case DataType::kUInt8: return PrepareQuantized<uint8_t>(context, activation, data);
    case DataType::kInt16: return PrepareQuantized<int16_t>(context, activation, data);
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(context.output(0)->type));
  }
}

// Redundant sign bits of x (GCC's __builtin_clrsb; 31 for 0 and -1).
int CountLeadingSignBits(int32_t x) {
  return fixed_point::CountLeadingZeros(static_cast<uint32_t>(x < 0 ? ~x : x)) - 1;
}

int32_t DivideQuantized(const DivOpData& data, int32_t q1, int32_t q2) {
  int32_t dividend = data.input1_offset + q1;
  int32_t divisor = data.input2_offset + q2;  // non-zero: checked before
  if (divisor < 0) {  // the reciprocal must be a positive multiplier
    dividend = -dividend;
    divisor = -divisor;
  }
  int reciprocal_shift = 0;
  const int32_t reciprocal = fixed_point::GetReciprocal(divisor, 31, &reciprocal_shift);
  const int headroom = CountLeadingSignBits(dividend);
  const int32_t normalised = static_cast<int32_t>(static_cast<uint32_t>(dividend) << headroom);
  const int32_t unscaled = SaturatingRoundingDoublingHighMul(normalised, reciprocal);
  const int right_shift = reciprocal_shift + headroom - data.multiplier.shift;  // >= 0
  const int32_t high = SaturatingRoundingDoublingHighMul(unscaled, data.multiplier.multiplier);
  // |high| < 2^31 (the multiplier is positive), so past 31 bits the quotient
  // rounds to 0, as in LiteRT (a dividend at its zero point has 31 bits of
  // headroom). RoundingDivideByPOT itself must not shift an int32 that far.
  const int32_t scaled = right_shift > 31 ? 0 : RoundingDivideByPOT(high, right_shift);
  return ClampToRange(data.output_offset + scaled, data.range);
}

// LiteRT's int16 path without broadcasting: dequantize, divide, requantize.
int16_t DivideInt16InFloat(const DivOpData& data, const Tensor& a, const Tensor& b,
                           const Tensor& out, int16_t q1, int16_t q2) {
  const float lhs = static_cast<float>(q1 + data.input1_offset) * a.quantization.scale();
  const float rhs = static_cast<float>(q2 + data.input2_offset) * b.quantization.scale();
  const int32_t q = QuantizeClamped(lhs / rhs, out.quantization.scale(), data.output_offset,
                                    data.range.min, data.range.max);
  return static_cast<int16_t>(q);
}

template <typename T>
Status EvalQuantized(KernelContext& context, const DivOpData& data) {
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& out = *context.output(0);
  const T* divisors = b.data_as<T>();
  for (int64_t i = 0; i < b.element_count(); ++i) {
    if (divisors[i] + data.input2_offset == 0) {
      return context.Error("division by zero (input 1, element %lld)", static_cast<long long>(i));
    }
  }
  if (sizeof(T) == 2 && !data.shape.broadcast) {
    ElementwiseApply(data.shape, a.data_as<T>(), divisors, out.data_as<T>(), [&](T x, T y) {
      return static_cast<T>(DivideInt16InFloat(data, a, b, out, x, y));
    });
    return Status::Ok();
  }
  ElementwiseApply(data.shape, a.data_as<T>(), divisors, out.data_as<T>(),
                   [&data](T x, T y) { return static_cast<T>(DivideQuantized(data, x, y)); });
  return Status::Ok();
}

Status EvalInt32(KernelContext& context, const DivOpData& data) {
  const Tensor& b = *context.input(1);
  const int32_t* divisors = b.data_as<int32_t>();
  for (int64_t i = 0; i < b.element_count(); ++i) {
    if (divisors[i] == 0) {
      return context.Error("division by zero (input 1, element %lld)", static_cast<long long>(i));
    }
  }
  ElementwiseApply(data.shape, context.input(0)->data_as<int32_t>(), divisors,
                   context.output(0)->data_as<int32_t>(), [&data](int32_t x, int32_t y) {
                     // INT32_MIN / -1 overflows: it wraps to INT32_MIN.
                     const int32_t q = y == -1 ? WrapSub(0, x) : x / y;
                     return ClampToRange(q, data.range);
                   });
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const DivOpData& data = *context.op_data<DivOpData>();
  switch (context.output(0)->type) {
    case DataType::kFloat32:
      ElementwiseApply(data.shape, context.input(0)->data_as<float>(),
                       context.input(1)->data_as<float>(), context.output(0)->data_as<float>(),
                       [&data](float x, float y) {
                         return ApplyFloatRange(x / y, data.float_range);
                       });
      return Status::Ok();
    case DataType::kInt32: return EvalInt32(context, data);
    case DataType::kInt8: return EvalQuantized<int8_t>(context, data);
    case DataType::kUInt8: return EvalQuantized<uint8_t>(context, data);
    case DataType::kInt16: return EvalQuantized<int16_t>(context, data);
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_DIV() {
  static const OpKernel kernel = {"DIV", Prepare, Eval, internal::ParseDivOptions};
  return &kernel;
}

}  // namespace brasa
