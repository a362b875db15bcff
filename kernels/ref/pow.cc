// POW: a ^ b with NumPy broadcasting, float32 and int32 (LiteRT's pow.cc).
// LiteRT evaluates std::pow for both: float in float, int32 through double
// and a conversion back; a negative int32 exponent is an error at Invoke.
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/binary_function.h"

namespace brasa {
namespace {

// The double result converted to int32; out-of-range results give INT32_MIN,
// what the x86 conversion LiteRT runs on produces, instead of undefined
// behaviour.
int32_t IntegerPower(int32_t base, int32_t exponent) {
  const double result = std::pow(static_cast<double>(base), static_cast<double>(exponent));
  if (!(result >= -2147483648.0 && result < 2147483648.0)) {
    return std::numeric_limits<int32_t>::min();
  }
  return static_cast<int32_t>(result);
}

Status Prepare(KernelContext& context) {
  return PrepareBinaryFunction(context, {DataType::kFloat32, DataType::kInt32});
}

Status Eval(KernelContext& context) {
  if (context.input(0)->type == DataType::kFloat32) {
    EvalBinaryFunction<float>(context, [](float a, float b) { return std::pow(a, b); });
    return Status::Ok();
  }
  const Tensor& exponents = *context.input(1);
  const int32_t* values = exponents.data_as<int32_t>();
  for (int64_t i = 0; i < exponents.element_count(); ++i) {
    if (values[i] < 0) {
      return context.Error("negative int32 exponent %d (element %lld)", values[i],
                           static_cast<long long>(i));
    }
  }
  EvalBinaryFunction<int32_t>(context, IntegerPower);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_POW() {
  static const OpKernel kernel = {"POW", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
