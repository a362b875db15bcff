// The input/output check every one-input, one-output kernel starts with.
#ifndef BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
#define BRASA_KERNELS_REF_COMMON_UNARY_OP_H_

#include <initializer_list>

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

// CheckSameTypeUnary, the dtype is one of `types`, and the output takes the
// input's shape.
inline Status PrepareUnaryFunction(KernelContext& context, std::initializer_list<DataType> types) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const DataType type = context.input(0)->type;
  for (DataType allowed : types) {
    if (type == allowed) return context.ResizeOutput(0, context.input(0)->shape);
  }
  return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                               DataTypeName(type));
}

// out[i] = f(in[i]) over the whole tensor, for the dtype T chosen by the caller.
template <typename T, typename F>
inline void ApplyUnaryFunction(KernelContext& context, F f) {
  const Tensor& input = *context.input(0);
  const T* in = input.data_as<T>();
  T* out = context.output(0)->data_as<T>();
  for (int64_t i = 0; i < input.element_count(); ++i) out[i] = f(in[i]);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
