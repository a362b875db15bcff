// The CONV_2D reference kernel's op data and phases, for the optimized
// kernel (kernels/opt/conv_2d.cc), which runs the reference Prepare first so
// validation and quantization parameters live in one place, and falls back
// to the reference Eval where no micro-kernel applies.
#ifndef BRASA_KERNELS_REF_CONV_2D_H_
#define BRASA_KERNELS_REF_CONV_2D_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

struct ConvData : ConvState {
  int32_t filters_per_group = 1;
  int patch_scratch = -1;  // quantized types: one window's int16 input patch
};

// Validates the node and fills `data` (already allocated by the caller and
// set as the node's op data), sets the output shape and requests scratch.
Status PrepareConv2dReference(KernelContext& context, ConvData* data);
Status EvalConv2dReference(KernelContext& context, const ConvData& data);
// The same for int8 input and filter only (Register_CONV_2D_INT8): other types
// are refused with UNSUPPORTED.
Status PrepareConv2dInt8(KernelContext& context, ConvData* data);
Status EvalConv2dInt8(KernelContext& context, const ConvData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_CONV_2D_H_
