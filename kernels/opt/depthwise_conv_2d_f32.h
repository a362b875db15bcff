// The float32 part of the optimized DEPTHWISE_CONV_2D
// (kernels/opt/depthwise_conv_2d.cc). Windows 3 or 5 wide with horizontal
// stride 1 or 2 (MobileNets') run an f32_dwrow micro-kernel along whole
// output rows; other windows an f32_dwconv micro-kernel over the indirection
// lists of dwconv_indirection.h, padding taps pointing at a row of 0.0f.
// Either way the tasks are ranges of output rows (and of channels, when the
// rows are too few for the threads). Depth multipliers above 1 run the
// reference kernel.
#ifndef BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_
#define BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"
#include "kernels/opt/ukernels/f32_dwrow/f32_dwrow.h"
#include "kernels/ref/depthwise_conv_2d.h"

namespace brasa {

struct F32DepthwisePlan {
  const F32DwrowVariant* rows = nullptr;  // set: f32_dwrow runs
  const F32DwconvVariant* variant = nullptr;  // else set: f32_dwconv runs
  const float* packed = nullptr;  // with the cb of whichever runs
  const float* padding_row = nullptr;  // `channels` zeros
  F32DwconvParams params;
  // f32_dwrow over compact copies of the window's rows (see
  // depthwise_conv_2d_f32.cc) where > 0: blocks per copy, scratch per task
  // (floats) and the task count the scratch was sized for.
  int32_t compact_blocks = 0;
  size_t compact_floats = 0;
  int32_t compact_tasks = 0;
  int compact_scratch = -1;
  bool active() const { return rows != nullptr || variant != nullptr; }
};

// After the reference Prepare filled `data`: plans the micro-kernel where it
// applies (constant weights, multiplier 1), else leaves both variants null.
Status PrepareF32Depthwise(KernelContext& context, const DepthwiseData& data,
                           F32DepthwisePlan* plan);
Status EvalF32Depthwise(KernelContext& context, const DepthwiseData& data,
                        const F32DepthwisePlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_F32_H_
