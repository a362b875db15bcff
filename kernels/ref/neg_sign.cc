// NEG (float32, int32, int64) and SIGN (float32, int32), as LiteRT's neg.cc
// and sign.cc. Integer negation wraps (-INT_MIN is INT_MIN) instead of
// being undefined; SIGN of NaN is 0.
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

template <typename T>
T WrapNegate(T x) {
  using Unsigned = typename std::make_unsigned<T>::type;
  return static_cast<T>(Unsigned{0} - static_cast<Unsigned>(x));
}

template <typename T>
T Sign(T x) {
  return static_cast<T>((T(0) < x) - (x < T(0)));
}

Status PrepareNeg(KernelContext& context) {
  return PrepareUnaryFunction(context, {DataType::kFloat32, DataType::kInt32, DataType::kInt64});
}

Status EvalNeg(KernelContext& context) {
  switch (context.input(0)->type) {
    case DataType::kFloat32: ApplyUnaryFunction<float>(context, [](float x) { return -x; }); break;
    case DataType::kInt32: ApplyUnaryFunction<int32_t>(context, WrapNegate<int32_t>); break;
    case DataType::kInt64: ApplyUnaryFunction<int64_t>(context, WrapNegate<int64_t>); break;
    default: return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
  return Status::Ok();
}

Status PrepareSign(KernelContext& context) {
  return PrepareUnaryFunction(context, {DataType::kFloat32, DataType::kInt32});
}

Status EvalSign(KernelContext& context) {
  if (context.input(0)->type == DataType::kFloat32) {
    ApplyUnaryFunction<float>(context, Sign<float>);
  } else {
    ApplyUnaryFunction<int32_t>(context, Sign<int32_t>);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_NEG() {
  static const OpKernel kernel = {"NEG", PrepareNeg, EvalNeg};
  return &kernel;
}

const OpKernel* Register_SIGN() {
  static const OpKernel kernel = {"SIGN", PrepareSign, EvalSign};
  return &kernel;
}

}  // namespace brasa
