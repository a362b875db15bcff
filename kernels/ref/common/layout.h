// Checks shared by the layout ops (DEPTH_TO_SPACE, SPACE_TO_DEPTH,
// SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND), which move whole elements and never
// requantize: the output has the input's type and, for 8/16-bit types, its
// scale and zero point (int16: zero point 0), as LiteRT requires.
#ifndef BRASA_KERNELS_REF_COMMON_LAYOUT_H_
#define BRASA_KERNELS_REF_COMMON_LAYOUT_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

inline Status CheckLayoutTypes(const KernelContext& context, const Tensor& input,
                               const Tensor& output) {
  const DataType type = input.type;
  if (type != DataType::kFloat32 && type != DataType::kUInt8 && type != DataType::kInt8 &&
      type != DataType::kInt16 && type != DataType::kInt32 && type != DataType::kInt64) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output.type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(type));
  }
  if (type != DataType::kUInt8 && type != DataType::kInt8 && type != DataType::kInt16) {
    return Status::Ok();
  }
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  if (qi.is_quantized() != qo.is_quantized() ||
      (qi.is_quantized() && (qi.scale() != qo.scale() || qi.zero_point() != qo.zero_point()))) {
    return context.Error("output quantization differs from the input's");
  }
  if (type == DataType::kInt16 && qi.is_quantized() && qi.zero_point() != 0) {
    return context.Error("int16 zero point must be 0, got %d", qi.zero_point());
  }
  return Status::Ok();
}

// A constant int32 input with `count` elements (block shape, paddings, crops).
inline Status GetConstantInt32(const KernelContext& context, int index, const char* role,
                               int64_t count, const int32_t** values) {
  const Tensor* tensor = context.input(index);
  if (tensor == nullptr) return context.Error("%s is missing", role);
  if (tensor->type != DataType::kInt32 || tensor->element_count() != count) {
    return context.Error("%s must be int32 with %lld elements, got %s%s", role,
                         static_cast<long long>(count), DataTypeName(tensor->type),
                         ShapeToString(tensor->shape).c_str());
  }
  if (tensor->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s is not a constant tensor (brasa fixes shapes at Prepare)",
                                 role);
  }
  *values = tensor->data_as<int32_t>();
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LAYOUT_H_
