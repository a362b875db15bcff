// ADD_N: the element-wise sum of two or more inputs of one shape (no
// broadcasting), float32 and int32 (LiteRT's add_n.cc). Each element is
// summed from 0 in input order, as the reference does; int32 wraps.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/elementwise.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  if (context.num_inputs() < 2 || context.num_outputs() != 1) {
    return context.Error("expects at least 2 inputs and 1 output, got %d and %d",
                         context.num_inputs(), context.num_outputs());
  }
  const Tensor* first = context.input(0);
  if (first == nullptr) return context.Error("input 0 is missing");
  if (first->type != DataType::kFloat32 && first->type != DataType::kInt32) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                 DataTypeName(first->type));
  }
  for (int i = 1; i < context.num_inputs(); ++i) {
    const Tensor* input = context.input(i);
    if (input == nullptr) return context.Error("input %d is missing", i);
    if (input->type != first->type || input->shape != first->shape) {
      return context.Error("input %d is %s%s, input 0 is %s%s; all must match", i,
                           DataTypeName(input->type), ShapeToString(input->shape).c_str(),
                           DataTypeName(first->type), ShapeToString(first->shape).c_str());
    }
  }
  if (context.output(0)->type != first->type) {
    return context.Error("output type %s differs from input type %s",
                         DataTypeName(context.output(0)->type), DataTypeName(first->type));
  }
  return context.ResizeOutput(0, first->shape);
}

template <typename T, typename Add>
void Sum(KernelContext& context, Add add) {
  const int64_t size = context.input(0)->element_count();
  T* out = context.output(0)->data_as<T>();
  for (int64_t i = 0; i < size; ++i) {
    T total = 0;
    for (int j = 0; j < context.num_inputs(); ++j) {
      total = add(total, context.input(j)->data_as<T>()[i]);
    }
    out[i] = total;
  }
}

Status Eval(KernelContext& context) {
  if (context.input(0)->type == DataType::kFloat32) {
    Sum<float>(context, [](float a, float b) { return a + b; });
  } else {
    Sum<int32_t>(context, WrapAdd);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_ADD_N() {
  static const OpKernel kernel = {"ADD_N", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
