// FLOOR_MOD: a - floor(a / b) * b with NumPy broadcasting for float32, int64,
// int32, int16 and int8 (raw values). As LiteRT's FloorMod: the truncated
// remainder (% or fmod) moved onto the divisor's sign when they differ. An
// integer zero divisor is an error at Invoke; float follows fmod (NaN).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/ref/common/binary_function.h"

namespace brasa {
namespace {

template <typename T>
T FloorModulo(T a, T b) {
  T truncated;
  if constexpr (std::is_integral<T>::value) {
    truncated = b == -1 ? T{0} : static_cast<T>(a % b);  // a % -1 can overflow
  } else {
    truncated = std::fmod(a, b);
  }
  return truncated != 0 && ((b < 0) != (truncated < 0)) ? static_cast<T>(truncated + b)
                                                        : truncated;
}

Status Prepare(KernelContext& context) {
  return PrepareBinaryFunction(context, {DataType::kFloat32, DataType::kInt64, DataType::kInt32,
                                         DataType::kInt16, DataType::kInt8});
}

template <typename T>
Status EvalTyped(KernelContext& context) {
  if constexpr (std::is_integral<T>::value) {
    const Tensor& divisor = *context.input(1);
    const T* values = divisor.data_as<T>();
    for (int64_t i = 0; i < divisor.element_count(); ++i) {
      if (values[i] == 0) return context.Error("division by zero (input 1, element %lld)",
                                               static_cast<long long>(i));
    }
  }
  EvalBinaryFunction<T>(context, FloorModulo<T>);
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  switch (context.input(0)->type) {
    case DataType::kFloat32: return EvalTyped<float>(context);
    case DataType::kInt64: return EvalTyped<int64_t>(context);
    case DataType::kInt32: return EvalTyped<int32_t>(context);
    case DataType::kInt16: return EvalTyped<int16_t>(context);
    case DataType::kInt8: return EvalTyped<int8_t>(context);
    default: return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

}  // namespace

const OpKernel* Register_FLOOR_MOD() {
  static const OpKernel kernel = {"FLOOR_MOD", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
