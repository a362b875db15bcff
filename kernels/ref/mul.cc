// MUL: a * b with NumPy broadcasting up to 6-D and a fused activation.
// float32, int32, int8, uint8, int16 (QUANTIZATION.md §2.5, LiteRT's mul.cc):
// y = zp_out + MBQM((q1 - zp1) * (q2 - zp2), M), M = s1 * s2 / s_out in float.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/quant_math.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct MulOpData {
  ElementwiseShape shape;
  int32_t input1_offset = 0;  // -zp
  int32_t input2_offset = 0;
  int32_t output_offset = 0;  // +zp
  QuantizedMultiplier multiplier;
  QuantizedRange range;  // quantized or int32 activation range
  FloatRange float_range;
};

// Largest |q - zp| a tensor of type T can hold.
template <typename T>
int64_t MaxCentered(const Tensor& tensor) {
  const int64_t zp = tensor.quantization.zero_point();
  return std::max<int64_t>(TypeMax<T>() - zp, zp - TypeMin<T>());
}

template <typename T>
Status PrepareQuantized(KernelContext& context, Activation activation, MulOpData* data) {
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
  // LiteRT forms the multiplier in float (TFLM would use double).
  const float real_multiplier =
      in1.quantization.scale() * in2.quantization.scale() / out.quantization.scale();
  // MBQM shifts the int32 product left when M >= 1: it must not overflow
  // (QUANTIZATION.md §4.12).
  return QuantizeMultiplierForRange(context, "multiplier for the int32 product",
                                    static_cast<double>(real_multiplier),
                                    MaxCentered<T>(in1) * MaxCentered<T>(in2), &data->multiplier);
}

Status Prepare(KernelContext& context) {
  MulOpData* data = context.NewOpData<MulOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  if (context.num_inputs() == 2 && context.num_outputs() == 1 && context.input(0) != nullptr &&
      context.input(0)->type == DataType::kInt16 && context.output(0)->type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "int16 inputs with a %s output",
                                 DataTypeName(context.output(0)->type));
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

template <typename T>
void EvalQuantized(const MulOpData& data, const Tensor& a, const Tensor& b, Tensor& out) {
  ElementwiseApply(data.shape, a.data_as<T>(), b.data_as<T>(), out.data_as<T>(),
                   [&data](T x, T y) {
                     const int32_t product = (x + data.input1_offset) * (y + data.input2_offset);
                     const int32_t scaled =
                         MultiplyByQuantizedMultiplier(product, data.multiplier);
                     return static_cast<T>(ClampToRange(scaled + data.output_offset, data.range));
                   });
}

Status Eval(KernelContext& context) {
  const MulOpData& data = *context.op_data<MulOpData>();
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& out = *context.output(0);
  switch (out.type) {
    case DataType::kFloat32:
      ElementwiseApply(data.shape, a.data_as<float>(), b.data_as<float>(), out.data_as<float>(),
                       [&data](float x, float y) { return ApplyFloatRange(x * y, data.float_range); });
      return Status::Ok();
    case DataType::kInt32:
      ElementwiseApply(data.shape, a.data_as<int32_t>(), b.data_as<int32_t>(),
                       out.data_as<int32_t>(), [&data](int32_t x, int32_t y) {
                         return ClampToRange(WrapMul(x, y), data.range);
                       });
      return Status::Ok();
    case DataType::kInt8: EvalQuantized<int8_t>(data, a, b, out); return Status::Ok();
    case DataType::kUInt8: EvalQuantized<uint8_t>(data, a, b, out); return Status::Ok();
    case DataType::kInt16: EvalQuantized<int16_t>(data, a, b, out); return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_MUL() {
  static const OpKernel kernel = {"MUL", Prepare, Eval, internal::ParseMulOptions};
  return &kernel;
}

}  // namespace brasa
