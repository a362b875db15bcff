// FLOOR_DIV: floor(a / b) with NumPy broadcasting for float32, int32, int16
// and int8 (raw values: LiteRT's floor_div.cc has no quantized arithmetic).
// The quotient is formed in double and floored, as LiteRT's FloorDiv does;
// a zero divisor is an error at Invoke, as in LiteRT.
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/binary_function.h"

namespace brasa {
namespace {

template <typename T>
T FloorDivide(T a, T b) {
  return static_cast<T>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
}

Status Prepare(KernelContext& context) {
  return PrepareBinaryFunction(
      context, {DataType::kFloat32, DataType::kInt32, DataType::kInt16, DataType::kInt8});
}

template <typename T>
Status EvalTyped(KernelContext& context) {
  const Tensor& divisor = *context.input(1);
  const T* values = divisor.data_as<T>();
  for (int64_t i = 0; i < divisor.element_count(); ++i) {
    if (values[i] == 0) return context.Error("division by zero (input 1, element %lld)",
                                             static_cast<long long>(i));
  }
  EvalBinaryFunction<T>(context, FloorDivide<T>);
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  switch (context.input(0)->type) {
    case DataType::kFloat32: return EvalTyped<float>(context);
    case DataType::kInt32: return EvalTyped<int32_t>(context);
    case DataType::kInt16: return EvalTyped<int16_t>(context);
    case DataType::kInt8: return EvalTyped<int8_t>(context);
    default: return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_FLOOR_DIV() {
  static const OpKernel kernel = {"FLOOR_DIV", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
