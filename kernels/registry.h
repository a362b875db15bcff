// Declarations of every builtin kernel listed in kernels/ops.def (reference)
// and kernels/opt/opt_ops.def (optimized).
#ifndef BRASA_KERNELS_REGISTRY_H_
#define BRASA_KERNELS_REGISTRY_H_

#include "brasa/kernel.h"

namespace brasa {

#define BRASA_OP(NAME, CODE) const OpKernel* Register_##NAME();
#include "kernels/ops.def"
#undef BRASA_OP

#define BRASA_OPT_OP(NAME, CODE) const OpKernel* Register_##NAME##_OPT();
#include "kernels/opt/opt_ops.def"
#undef BRASA_OPT_OP

// Custom operators, registered by name (TensorFlow Lite's custom_code).
const OpKernel* Register_DETECTION_POSTPROCESS();  // "TFLite_Detection_PostProcess"

}  // namespace brasa

#endif  // BRASA_KERNELS_REGISTRY_H_
