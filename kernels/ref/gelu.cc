// GELU: 0.5 x (1 + erf(x / sqrt 2)), written with erfc as LiteRT does to
// avoid cancellation for large negative x; with `approximate`, the tanh form
// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). float32, and int8 / uint8
// through LiteRT's 256-entry table of the same float function.
#include <cmath>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/lut_activation.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr double kInverseSqrt2 = 0.70710678118654752440;
constexpr float kSqrt2OverPi = static_cast<float>(0.79788456080286535588);

float Gelu(float x) { return 0.5f * x * std::erfc(x * static_cast<float>(-kInverseSqrt2)); }

float GeluApproximate(float x) {
  return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

Status Prepare(KernelContext& context) {
  const bool approximate =
      context.raw_params() != nullptr && context.params<GeluParams>().approximate;
  return PrepareLutActivation(context, approximate ? GeluApproximate : Gelu,
                              kLutUInt8);
}

}  // namespace

const OpKernel* Register_GELU() {
  static const OpKernel kernel = {"GELU", Prepare, EvalLutActivation, internal::ParseGeluOptions};
  return &kernel;
}

}  // namespace brasa
