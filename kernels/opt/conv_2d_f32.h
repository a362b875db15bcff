// The float32 part of the optimized CONV_2D (kernels/opt/conv_2d.cc): an
// f32_gemm with rows = output pixels, columns = output channels, depth = the
// filter window. 1x1 stride-1 convolutions read the input directly; other
// windows are gathered a few rows at a time into per-task im2col scratch,
// padding taps set to 0.0f (so they add nothing to the sum).
#ifndef BRASA_KERNELS_OPT_CONV_2D_F32_H_
#define BRASA_KERNELS_OPT_CONV_2D_F32_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/f32_gemm_plan.h"
#include "kernels/ref/conv_2d.h"

namespace brasa {

struct F32ConvPlan {
  F32GemmPlan gemm;  // gemm.variant null: the reference Eval runs
  bool pointwise = false;
  int32_t rows = 0;  // batches * out_h * out_w
  int im2col_scratch = -1;
  int32_t im2col_tasks = 0;
};

// After the reference Prepare filled `data`: plans the GEMM where it applies
// (constant weights, no groups), else leaves plan->gemm.variant null.
Status PrepareF32Conv(KernelContext& context, const ConvData& data, F32ConvPlan* plan);
Status EvalF32Conv(KernelContext& context, const ConvData& data, const F32ConvPlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_CONV_2D_F32_H_
