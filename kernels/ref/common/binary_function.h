// Two-input element-wise ops without quantization arithmetic (MAXIMUM,
// MINIMUM, FLOOR_DIV, FLOOR_MOD, POW, and the unquantized paths of others):
// NumPy broadcasting up to 6-D, one dtype for both inputs and the output.
#ifndef BRASA_KERNELS_REF_COMMON_BINARY_FUNCTION_H_
#define BRASA_KERNELS_REF_COMMON_BINARY_FUNCTION_H_

#include <initializer_list>

#include "brasa/kernel.h"
#include "kernels/ref/common/elementwise.h"

namespace brasa {

// Checks the inputs and output, sets the output shape and stores the
// broadcast map as the node's op data; `types` lists the dtypes the op takes.
inline Status PrepareBinaryFunction(KernelContext& context,
                                    std::initializer_list<DataType> types) {
  ElementwiseShape* shape = context.NewOpData<ElementwiseShape>();
  if (shape == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  BRASA_RETURN_IF_ERROR(PrepareElementwiseShape(context, shape));
  const DataType type = context.input(0)->type;
  for (DataType allowed : types) {
    if (type == allowed) return Status::Ok();
  }
  return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                               DataTypeName(type));
}

// out = f(a, b) element by element, for the dtype T chosen by the caller.
template <typename T, typename F>
inline void EvalBinaryFunction(KernelContext& context, F f) {
  const ElementwiseShape& shape = *context.op_data<ElementwiseShape>();
  ElementwiseApply(shape, context.input(0)->data_as<T>(), context.input(1)->data_as<T>(),
                   context.output(0)->data_as<T>(), f);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_BINARY_FUNCTION_H_
