// LOGISTIC: 1 / (1 + exp(-x)). float32, int8 and uint8 (LiteRT's 256-entry
// table), int16 (interpolated sigmoid table); QUANTIZATION.md §2.8 and §3.
// The math is shared with TANH in kernels/ref/common/logistic_tanh.h.
#include "brasa/kernel.h"
#include "kernels/ref/common/logistic_tanh.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) { return PrepareLogisticTanh</*kTanh=*/false>(context); }

Status Eval(KernelContext& context) { return EvalLogisticTanh</*kTanh=*/false>(context); }

}  // namespace

const OpKernel* Register_LOGISTIC() {
  static const OpKernel kernel = {"LOGISTIC", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
