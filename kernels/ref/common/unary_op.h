// The input/output check every one-input, one-output kernel starts with.
#ifndef BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
#define BRASA_KERNELS_REF_COMMON_UNARY_OP_H_

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

// Exactly one input (present) and one output.
inline Status CheckOneInputOneOutput(const KernelContext& context) {
  if (context.num_inputs() != 1 || context.num_outputs() != 1) {
    return context.Error("expects 1 input and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  if (context.input(0) == nullptr) return context.Error("input 0 is missing");
  return Status::Ok();
}

// CheckOneInputOneOutput, and the output has the input's dtype.
inline Status CheckSameTypeUnary(const KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const DataType in = context.input(0)->type;
  const DataType out = context.output(0)->type;
  if (in == out) return Status::Ok();
  return context.Error("output type %s differs from input type %s", DataTypeName(out),
                       DataTypeName(in));
}

// Both tensors are quantized with zero points in the range of T; int16 zero
// points must be 0 (TensorFlow Lite's symmetric int16).
template <typename T>
inline Status CheckUnaryQuantization(const KernelContext& context, const Tensor& input,
                                     const Tensor& output) {
  if (!input.quantization.is_quantized() || !output.quantization.is_quantized()) {
    return context.Error("%s input and output must be quantized", DataTypeName(input.type));
  }
  const bool int16 = input.type == DataType::kInt16;
  for (int32_t zp : {input.quantization.zero_point(), output.quantization.zero_point()}) {
    if ((int16 && zp != 0) || zp < TypeMin<T>() || zp > TypeMax<T>()) {
      return context.Error("zero point %d is out of range for %s%s", zp, DataTypeName(input.type),
                           int16 ? " (must be 0)" : "");
    }
  }
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
