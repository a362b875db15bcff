// The input/output check every one-input, one-output kernel starts with.
#ifndef BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
#define BRASA_KERNELS_REF_COMMON_UNARY_OP_H_

#include "brasa/kernel.h"

namespace brasa {

// Exactly one input (present) and one output.
inline Status CheckOneInputOneOutput(const KernelContext& context) {
  if (context.num_inputs() != 1 || context.num_outputs() != 1) {
    return context.Error("expects 1 input and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  if (context.input(0) == nullptr) return context.Error("input 0 is missing");
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_UNARY_OP_H_
