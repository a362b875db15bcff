// ELU: x < 0 ? exp(x) - 1 : x. float32, and int8 through LiteRT's 256-entry
// table of the same float function (activations.cc EluPrepare).
#include <cmath>

#include "brasa/kernel.h"
#include "kernels/ref/common/lut_activation.h"

namespace brasa {
namespace {

float Elu(float x) { return x < 0.0f ? std::expm1(x) : x; }

Status Prepare(KernelContext& context) {
  return PrepareLutActivation(context, Elu, kLutInt8);
}

}  // namespace

const OpKernel* Register_ELU() {
  static const OpKernel kernel = {"ELU", Prepare, EvalLutActivation};
  return &kernel;
}

}  // namespace brasa
