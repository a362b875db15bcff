// EXPAND_DIMS: inserts a size-1 axis at `axis` (an int32/int64 constant with
// one value, in [-rank-1, rank]); the bytes are unchanged (a raw move).
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& input = *context.input(0);
  const Tensor& axis_tensor = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, axis_tensor, "axis"));
  if (axis_tensor.element_count() != 1) {
    return context.Error("axis must hold one value, holds %lld",
                         static_cast<long long>(axis_tensor.element_count()));
  }
  const int rank = input.rank();
  const int64_t value = IndexAt(axis_tensor, 0);
  const int64_t axis = value < 0 ? value + rank + 1 : value;
  if (axis < 0 || axis > rank) {
    return context.Error("axis %lld is out of range for an input of rank %d",
                         static_cast<long long>(value), rank);
  }
  Shape shape = input.shape;
  shape.insert(shape.begin() + axis, 1);
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  if (input.data != output.data && output.bytes > 0) {
    std::memcpy(output.data, input.data, output.bytes);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_EXPAND_DIMS() {
  static const OpKernel kernel = {"EXPAND_DIMS", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
