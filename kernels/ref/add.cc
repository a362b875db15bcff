// ADD: a + b with NumPy broadcasting up to 6-D and a fused activation.
// float32, int32, int8, uint8, int16 (QUANTIZATION.md §2.4). The math is
// shared with SUB in kernels/ref/common/add_sub.h.
#include "brasa/kernel.h"
#include "kernels/ref/common/add_sub.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) { return PrepareAddSub(context); }

Status Eval(KernelContext& context) { return EvalAddSub</*kSubtract=*/false>(context); }

}  // namespace

const OpKernel* Register_ADD() {
  static const OpKernel kernel = {"ADD", Prepare, Eval, internal::ParseAddOptions};
  return &kernel;
}

}  // namespace brasa
