// TANH: float32, int8 and uint8 (LiteRT's 256-entry table), int16
// (interpolated sigmoid table, tanh(x) = 2 sigmoid(2x) - 1); QUANTIZATION.md
// §2.8 and §3. The math is shared with LOGISTIC in
// kernels/ref/common/logistic_tanh.h.
#include "brasa/kernel.h"
#include "kernels/ref/common/logistic_tanh.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) { return PrepareLogisticTanh</*kTanh=*/true>(context); }

Status Eval(KernelContext& context) { return EvalLogisticTanh</*kTanh=*/true>(context); }

}  // namespace

const OpKernel* Register_TANH() {
  static const OpKernel kernel = {"TANH", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
