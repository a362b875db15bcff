// Declarations of every builtin kernel listed in kernels/ops.def.
#ifndef BRASA_KERNELS_REGISTRY_H_
#define BRASA_KERNELS_REGISTRY_H_

#include "brasa/kernel.h"

namespace brasa {

#define BRASA_OP(NAME, CODE) const OpKernel* Register_##NAME();
#include "kernels/ops.def"
#undef BRASA_OP

}  // namespace brasa

#endif  // BRASA_KERNELS_REGISTRY_H_
