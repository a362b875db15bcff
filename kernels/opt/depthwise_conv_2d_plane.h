// The one-input-channel part of the optimized DEPTHWISE_CONV_2D
// (kernels/opt/depthwise_conv_2d.cc): int8/uint8 nodes whose input has one
// channel (M = depth multiplier output channels from one plane, the first
// layer of person_detect and micro_speech) run qs8_dwplane over a padded
// copy of the plane, built at Eval in scratch (padding = zp_in bytes), one
// output row per task.
#ifndef BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_PLANE_H_
#define BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_PLANE_H_

#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/dwconv_padded_input.h"
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"
#include "kernels/ref/depthwise_conv_2d.h"

namespace brasa {

struct PlaneDepthwisePlan {
  const Qs8DwplaneVariant* variant = nullptr;  // null: not this path
  const void* packed = nullptr;
  Qs8DwplaneParams params;
  PaddedInput padded;      // the padded copy of the plane
  int plane_scratch = -1;  // [batches][padded.image_bytes()]
};

// After the reference Prepare filled `data` for an int8/uint8 node with
// constant weights: plans qs8_dwplane where it applies (one input channel,
// horizontal stride 1 or 2, no horizontal dilation, a SIMD variant at
// context.isa()), else leaves plan->variant null.
Status PreparePlaneDepthwise(KernelContext& context, const DepthwiseData& data,
                             PlaneDepthwisePlan* plan);
Status EvalPlaneDepthwise(KernelContext& context, const DepthwiseData& data,
                          const PlaneDepthwisePlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_PLANE_H_
