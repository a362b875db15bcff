// L2_NORMALIZATION over the last dimension, as LiteRT's reference kernels.
// float32: x / max(sqrt(sum x^2), 1e-6), the sum in order. int8 (output
// scale 1/128, zero point 0): d = x - zp_in, s = sum d^2 (int32),
// (m, e) = InvSqrtMultiplier(s), y = clamp(MBQM(d, m, e + 7)). uint8 (output
// 1/128, zero point 128): y = clamp(128 + MBQM(128 d, m, e), 0, 255).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/inv_sqrt.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct L2NormData {
  int64_t outer = 0;
  int64_t depth = 0;
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (context.raw_params() != nullptr &&
      context.params<L2NormParams>().activation != Activation::kNone) {
    return context.Error("fused activation %d is not supported (LiteRT allows none)",
                         static_cast<int>(context.params<L2NormParams>().activation));
  }
  const DataType type = input.type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input type %s is not supported (float32, int8, uint8)",
                                 DataTypeName(type));
  }
  if (output.type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(type));
  }
  if (input.rank() < 1) return context.Error("input must have rank 1 or more");
  if (type != DataType::kFloat32) {
    const Quantization& qi = input.quantization;
    const Quantization& qo = output.quantization;
    const int32_t zp_out = type == DataType::kUInt8 ? 128 : 0;
    if (!qi.is_quantized() || !qo.is_quantized() || qo.scale() != 1.0f / 128.0f ||
        qo.zero_point() != zp_out) {
      return context.Error("quantized output must have scale 1/128 and zero point %d", zp_out);
    }
  }
  L2NormData* data = context.NewOpData<L2NormData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->depth = input.dim(input.rank() - 1);
  data->outer = data->depth > 0 ? input.element_count() / data->depth : 0;
  return context.ResizeOutput(0, input.shape);
}

void EvalFloat(const L2NormData& d, const float* in, float* out) {
  for (int64_t i = 0; i < d.outer; ++i, in += d.depth, out += d.depth) {
    float squares = 0.0f;
    for (int64_t c = 0; c < d.depth; ++c) squares += in[c] * in[c];
    const float norm = std::max(std::sqrt(squares), 1e-6f);
    for (int64_t c = 0; c < d.depth; ++c) out[c] = in[c] / norm;
  }
}

template <typename T>
void EvalQuantized(const L2NormData& d, int32_t zp_in, const T* in, T* out) {
  const bool is_uint8 = std::is_same<T, uint8_t>::value;
  for (int64_t i = 0; i < d.outer; ++i, in += d.depth, out += d.depth) {
    uint32_t squares = 0;  // LiteRT's int32 sum, wrapping
    for (int64_t c = 0; c < d.depth; ++c) {
      const int32_t diff = int32_t{in[c]} - zp_in;
      squares += static_cast<uint32_t>(diff * diff);
    }
    int shift = 0;
    const int32_t multiplier = InvSqrtMultiplier(static_cast<int32_t>(squares), &shift);
    for (int64_t c = 0; c < d.depth; ++c) {
      const int32_t diff = int32_t{in[c]} - zp_in;
      const int32_t value = is_uint8
                                ? 128 + MultiplyByQuantizedMultiplier(128 * diff, multiplier, shift)
                                : MultiplyByQuantizedMultiplier(diff, multiplier, shift + 7);
      out[c] = ClampTo<T>(value);
    }
  }
}

Status Eval(KernelContext& context) {
  const L2NormData& d = *context.op_data<L2NormData>();
  const Tensor* in = context.input(0);
  Tensor* out = context.output(0);
  const int32_t zp_in = in->quantization.is_quantized() ? in->quantization.zero_point() : 0;
  switch (in->type) {
    case DataType::kFloat32: EvalFloat(d, in->data_as<float>(), out->data_as<float>()); break;
    case DataType::kInt8:
      EvalQuantized(d, zp_in, in->data_as<int8_t>(), out->data_as<int8_t>());
      break;
    case DataType::kUInt8:
      EvalQuantized(d, zp_in, in->data_as<uint8_t>(), out->data_as<uint8_t>());
      break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_L2_NORMALIZATION() {
  static const OpKernel kernel = {"L2_NORMALIZATION", Prepare, Eval, internal::ParseL2NormOptions};
  return &kernel;
}

}  // namespace brasa
