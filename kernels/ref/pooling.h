// The AVERAGE_POOL_2D / MAX_POOL_2D reference kernel's op data and phases,
// for the optimized pooling (kernels/opt/pooling.cc), which runs the
// reference Prepare first (validation, padding and the activation range stay
// in one place) and falls back to the reference Eval where its loops do not
// apply (int16).
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

// Validates the node (every type the reference runs) and fills `data`
// (already allocated by the caller and set as the node's op data), and sets
// the output shape.
Status PreparePoolReference(KernelContext& context, PoolData* data);
Status EvalAveragePoolReference(KernelContext& context, const PoolData& data);
Status EvalMaxPoolReference(KernelContext& context, const PoolData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_POOLING_H_
