// EXP: e^x. float32 (std::exp), and int8 through LiteRT's 256-entry table of
// the float function (exp.cc). LiteRT's int16 table is not implemented here.
#include <cmath>

#include "brasa/kernel.h"
#include "kernels/ref/common/lut_activation.h"

namespace brasa {
namespace {

float Exp(float x) { return std::exp(x); }

Status Prepare(KernelContext& context) {
  return PrepareLutActivation(context, Exp, kLutInt16);
}

}  // namespace

const OpKernel* Register_EXP() {
  static const OpKernel kernel = {"EXP", Prepare, EvalLutActivation};
  return &kernel;
}

}  // namespace brasa
