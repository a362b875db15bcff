// The FULLY_CONNECTED reference kernel's op data and phases, for the
// optimized kernel (kernels/opt/fully_connected.cc); see conv_2d.h.
#ifndef BRASA_KERNELS_REF_FULLY_CONNECTED_H_
#define BRASA_KERNELS_REF_FULLY_CONNECTED_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/hybrid_weighted.h"

namespace brasa {

struct FullyConnectedData {
  int32_t batches = 0;
  FloatRange float_range;
  WeightedQuantization quant;  // per-channel weights are symmetric: no zp_w
  const double* output_scales = nullptr;  // E[c] = s_in * s_w[c] / s_out, per unit
  // Float input with int8 weights (hybrid_fully_connected.cc); null otherwise.
  const HybridWeights* hybrid = nullptr;
};

// Validates the node and fills `data` (allocated by the caller and set as
// the node's op data); sets the output shape.
Status PrepareFullyConnectedReference(KernelContext& context, FullyConnectedData* data);
Status EvalFullyConnectedReference(KernelContext& context, const FullyConnectedData& data);
// The same for int8 input and filter only (Register_FULLY_CONNECTED_INT8): other types
// are refused with UNSUPPORTED.
Status PrepareFullyConnectedInt8(KernelContext& context, FullyConnectedData* data);
Status EvalFullyConnectedInt8(KernelContext& context, const FullyConnectedData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_FULLY_CONNECTED_H_
