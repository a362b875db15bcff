// The AVERAGE_POOL_2D / MAX_POOL_2D reference kernel's op data and phases,
// for the optimized pooling (kernels/opt/pooling.cc): its Prepare is the
// reference one (validation, padding and the activation range stay in one
// place; there is nothing more to precompute), and it falls back to the
// reference Eval for the types its loops do not run (int16).
#ifndef BRASA_KERNELS_REF_POOLING_H_
#define BRASA_KERNELS_REF_POOLING_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/activation.h"

namespace brasa {

struct PoolData {
  int32_t pad_h = 0;
  int32_t pad_w = 0;
  QuantizedRange range;  // fused activation, raw quantized units
  FloatRange float_range;
};

// The reference phases: Prepare validates the node (every type the
// reference runs), allocates a PoolData as the node's op data and sets the
// output shape.
Status PreparePoolReference(KernelContext& context);
Status EvalAveragePoolReference(KernelContext& context);
Status EvalMaxPoolReference(KernelContext& context);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_POOLING_H_
