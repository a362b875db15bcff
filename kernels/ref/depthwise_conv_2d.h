// The DEPTHWISE_CONV_2D reference kernel's op data and phases, for the
// optimized kernel (kernels/opt/depthwise_conv_2d.cc); see conv_2d.h.
#ifndef BRASA_KERNELS_REF_DEPTHWISE_CONV_2D_H_
#define BRASA_KERNELS_REF_DEPTHWISE_CONV_2D_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

struct DepthwiseData : ConvState {
  int32_t depth_multiplier = 1;
};

// Validates the node and fills `data` (allocated by the caller and set as
// the node's op data); sets the output shape.
Status PrepareDepthwiseConv2dReference(KernelContext& context, DepthwiseData* data);
Status EvalDepthwiseConv2dReference(KernelContext& context, const DepthwiseData& data);
// The same for int8 input and filter only (Register_DEPTHWISE_CONV_2D_INT8): other types
// are refused with UNSUPPORTED.
Status PrepareDepthwiseConv2dInt8(KernelContext& context, DepthwiseData* data);
Status EvalDepthwiseConv2dInt8(KernelContext& context, const DepthwiseData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_DEPTHWISE_CONV_2D_H_
