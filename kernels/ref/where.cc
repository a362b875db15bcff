// WHERE (one input): the coordinates of the condition's non-zero (true)
// elements, in row-major order, as an int64 [count, rank] tensor. The count
// depends on the values, so the condition must be a constant (brasa fixes
// shapes at Prepare); it may be bool, float32, int8, uint8, int32 or int64.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

// Calls f(i) for the flat index of every non-zero element.
template <typename F>
void ForEachTrue(const Tensor& condition, F&& f) {
  const int64_t count = condition.element_count();
  for (int64_t i = 0; i < count; ++i) {
    bool set = false;
    switch (condition.type) {
      case DataType::kFloat32: set = condition.data_as<float>()[i] != 0.0f; break;
      case DataType::kInt32: set = condition.data_as<int32_t>()[i] != 0; break;
      case DataType::kInt64: set = condition.data_as<int64_t>()[i] != 0; break;
      case DataType::kInt8: set = condition.data_as<int8_t>()[i] != 0; break;
      default: set = condition.data_as<uint8_t>()[i] != 0; break;  // bool, uint8
    }
    if (set) f(i);
  }
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor& condition = *context.input(0);
  const DataType type = condition.type;
  if (type != DataType::kBool && type != DataType::kFloat32 && type != DataType::kInt8 &&
      type != DataType::kUInt8 && type != DataType::kInt32 && type != DataType::kInt64) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "condition type %s is not supported",
                                 DataTypeName(type));
  }
  if (context.output(0)->type != DataType::kInt64) {
    return context.Error("output must be int64, got %s", DataTypeName(context.output(0)->type));
  }
  if (condition.allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "output shape depends on a non-constant input (condition)");
  }
  BRASA_RETURN_IF_ERROR(CheckRank(context, condition, "condition"));
  int32_t found = 0;
  ForEachTrue(condition, [&](int64_t) { ++found; });
  return context.ResizeOutput(0, Shape{found, condition.rank()});
}

Status Eval(KernelContext& context) {
  const Tensor& condition = *context.input(0);
  int64_t* out = context.output(0)->data_as<int64_t>();
  const int rank = condition.rank();
  ForEachTrue(condition, [&](int64_t flat) {
    for (int d = rank - 1; d >= 0; --d) {
      out[d] = flat % condition.dim(d);
      flat /= condition.dim(d);
    }
    out += rank;
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_WHERE() {
  static const OpKernel kernel = {"WHERE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
