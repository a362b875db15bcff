// Passing tensors into and out of the subgraphs that control-flow ops (IF,
// WHILE) call: Prepare matches types and propagates shapes, Eval copies bytes.
#ifndef BRASA_KERNELS_REF_COMMON_SUBGRAPH_IO_H_
#define BRASA_KERNELS_REF_COMMON_SUBGRAPH_IO_H_

#include <cstring>

#include "brasa/kernel.h"

namespace brasa {

// Prepare: gives `to` (a subgraph input or a node output) the shape of
// `from`. Types must match, and quantization too where both have it (bytes
// are copied as they are). A resource handle is shared, not copied: `to`
// points at the same persistent id, so kernels in the subgraph resolve it
// in their own Prepare. `what` and `i` name `to` in messages.
inline Status PassTensor(const KernelContext& context, const char* what, int i,
                         const Tensor& from, Tensor* to) {
  if (to->type != from.type) {
    return context.Error("%s %d is %s but receives %s", what, i, DataTypeName(to->type),
                         DataTypeName(from.type));
  }
  if (to->allocation == Allocation::kConstant) {
    return context.Error("%s %d is a constant tensor and cannot receive a value", what, i);
  }
  if (from.quantization.is_quantized() && to->quantization.is_quantized() &&
      (from.quantization.scales != to->quantization.scales ||
       from.quantization.zero_points != to->quantization.zero_points)) {
    return context.Error("%s %d has other quantization parameters than the tensor it receives",
                         what, i);
  }
  to->shape = from.shape;
  if (from.type == DataType::kResource) {
    if (from.data == nullptr) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "resource handle for %s %d is not known at prepare", what, i);
    }
    to->data = from.data;
    to->bytes = from.bytes;
    to->allocation = Allocation::kPersistent;
  }
  return Status::Ok();
}

// Eval: copies the bytes of `from` into `to` (sized alike in Prepare); a
// no-op for a shared resource handle.
inline void CopyTensorData(const Tensor& from, Tensor* to) {
  if (from.data != to->data && from.bytes > 0) std::memcpy(to->data, from.data, from.bytes);
}

// Whether a one-element bool tensor (IF's and WHILE's condition) is true.
inline bool ConditionIsTrue(const Tensor& condition) {
  return *condition.data_as<bool>();
}

// Prepare: a condition must be a bool tensor with one element.
inline Status CheckCondition(const KernelContext& context, const char* what,
                             const Tensor* condition) {
  if (condition == nullptr) return context.Error("%s is missing", what);
  if (condition->type != DataType::kBool || condition->element_count() != 1) {
    return context.Error("%s must be a bool tensor of one element, got %s%s", what,
                         DataTypeName(condition->type), ShapeToString(condition->shape).c_str());
  }
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_SUBGRAPH_IO_H_
