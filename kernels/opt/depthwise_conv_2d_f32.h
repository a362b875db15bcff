// The float32 part of the optimized DEPTHWISE_CONV_2D
// (kernels/opt/depthwise_conv_2d.cc): an f32_dwconv micro-kernel over the
// indirection lists of dwconv_indirection.h, output row by output row across
// threads, padding taps pointing at a row of 0.0f. Depth multipliers above 1
// run the reference kernel.
#ifndef BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_
#define BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"
#include "kernels/ref/depthwise_conv_2d.h"

namespace brasa {

struct F32DepthwisePlan {
  const F32DwconvVariant* variant = nullptr;  // null: the reference Eval runs
  const float* packed = nullptr;
  const float* padding_row = nullptr;  // `channels` zeros
  F32DwconvParams params;
};

// After the reference Prepare filled `data`: plans the micro-kernel where it
// applies (constant weights, multiplier 1), else leaves plan->variant null.
Status PrepareF32Depthwise(KernelContext& context, const DepthwiseData& data,
                           F32DepthwisePlan* plan);
Status EvalF32Depthwise(KernelContext& context, const DepthwiseData& data,
                        const F32DepthwisePlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_
