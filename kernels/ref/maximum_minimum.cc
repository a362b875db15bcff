// MAXIMUM and MINIMUM with NumPy broadcasting: float32, int8, uint8, int16,
// int32, int64. Quantized values are compared raw, without requantization,
// as LiteRT's maximum_minimum.cc does (the converter gives inputs and output
// one scale). The comparison order decides which NaN operand is returned.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/binary_function.h"

namespace brasa {
namespace {

template <bool kMaximum>
struct Choose {
  template <typename T>
  T operator()(T a, T b) const {
    if (kMaximum) return a > b ? a : b;
    return a < b ? a : b;
  }
};

Status Prepare(KernelContext& context) {
  return PrepareBinaryFunction(context, {DataType::kFloat32, DataType::kInt8, DataType::kUInt8,
                                         DataType::kInt16, DataType::kInt32, DataType::kInt64});
}

template <bool kMaximum>
Status Eval(KernelContext& context) {
  const Choose<kMaximum> choose;
  switch (context.input(0)->type) {
    case DataType::kFloat32: EvalBinaryFunction<float>(context, choose); break;
    case DataType::kInt8: EvalBinaryFunction<int8_t>(context, choose); break;
    case DataType::kUInt8: EvalBinaryFunction<uint8_t>(context, choose); break;
    case DataType::kInt16: EvalBinaryFunction<int16_t>(context, choose); break;
    case DataType::kInt32: EvalBinaryFunction<int32_t>(context, choose); break;
    case DataType::kInt64: EvalBinaryFunction<int64_t>(context, choose); break;
    default: return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_MAXIMUM() {
  static const OpKernel kernel = {"MAXIMUM", Prepare, Eval<true>};
  return &kernel;
}

const OpKernel* Register_MINIMUM() {
  static const OpKernel kernel = {"MINIMUM", Prepare, Eval<false>};
  return &kernel;
}

}  // namespace brasa
