// SQUARED_DIFFERENCE: (a - b)^2 with NumPy broadcasting. float32, int32, and
// int8 as LiteRT's squared_difference.cc: both inputs are shifted left by 7
// bits and rescaled to a common scale 2 * max(s1, s2) (multipliers < 1,
// formed in double), subtracted, squared in int32 and rescaled to the output
// with M = (2 max(s1, s2))^2 / (2^14 s_out).
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace {

constexpr int kLeftShift = 7;

struct SquaredDifferenceOpData {
  ElementwiseShape shape;
  int32_t input1_offset = 0;  // -zp
  int32_t input2_offset = 0;
  int32_t output_offset = 0;  // +zp
  QuantizedMultiplier input1, input2, output;
};

Status PrepareInt8(KernelContext& context, SquaredDifferenceOpData* data) {
  const Tensor& in1 = *context.input(0);
  const Tensor& in2 = *context.input(1);
  const Tensor& out = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 0", in1));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 1", in2));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "output", out));
  data->input1_offset = -in1.quantization.zero_point();
  data->input2_offset = -in2.quantization.zero_point();
  data->output_offset = out.quantization.zero_point();
  const double twice_max_input_scale =
      2 * std::max(in1.quantization.scale(), in2.quantization.scale());
  const double real_output = twice_max_input_scale * twice_max_input_scale /
                             ((1 << (2 * kLeftShift)) * out.quantization.scale());
  data->input1 = QuantizeMultiplier(in1.quantization.scale() / twice_max_input_scale);
  data->input2 = QuantizeMultiplier(in2.quantization.scale() / twice_max_input_scale);
  // LiteRT requires M < 1 (a shift of at most 0).
  return QuantizeMultiplierChecked(context, "output multiplier", real_output, 0, &data->output);
}

Status Prepare(KernelContext& context) {
  SquaredDifferenceOpData* data = context.NewOpData<SquaredDifferenceOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  BRASA_RETURN_IF_ERROR(PrepareElementwiseShape(context, &data->shape));
  switch (context.input(0)->type) {
    case DataType::kFloat32:
    case DataType::kInt32: return Status::Ok();
    case DataType::kInt8: return PrepareInt8(context, data);
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(context.input(0)->type));
  }
}

int8_t SquaredDifferenceInt8(const SquaredDifferenceOpData& data, int8_t a, int8_t b) {
  const int32_t scaled1 =
      MultiplyByQuantizedMultiplier((a + data.input1_offset) * (1 << kLeftShift), data.input1);
  const int32_t scaled2 =
      MultiplyByQuantizedMultiplier((b + data.input2_offset) * (1 << kLeftShift), data.input2);
  const int32_t difference = scaled1 - scaled2;  // |d| < 2^15: the square fits
  return ClampTo<int8_t>(MultiplyByQuantizedMultiplier(difference * difference, data.output) +
                         data.output_offset);
}

Status Eval(KernelContext& context) {
  const SquaredDifferenceOpData& data = *context.op_data<SquaredDifferenceOpData>();
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& out = *context.output(0);
  switch (a.type) {
    case DataType::kFloat32:
      ElementwiseApply(data.shape, a.data_as<float>(), b.data_as<float>(), out.data_as<float>(),
                       [](float x, float y) { return (x - y) * (x - y); });
      return Status::Ok();
    case DataType::kInt32:
      ElementwiseApply(data.shape, a.data_as<int32_t>(), b.data_as<int32_t>(),
                       out.data_as<int32_t>(), [](int32_t x, int32_t y) {
                         const int32_t d = WrapSub(x, y);
                         return WrapMul(d, d);
                       });
      return Status::Ok();
    case DataType::kInt8:
      ElementwiseApply(data.shape, a.data_as<int8_t>(), b.data_as<int8_t>(),
                       out.data_as<int8_t>(), [&data](int8_t x, int8_t y) {
                         return SquaredDifferenceInt8(data, x, y);
                       });
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_SQUARED_DIFFERENCE() {
  static const OpKernel kernel = {"SQUARED_DIFFERENCE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
