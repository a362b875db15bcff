// The MEAN/SUM reference kernel's op data and phases, for the optimized MEAN
// (kernels/opt/mean.cc), which runs the reference Prepare first so validation
// and the quantized multiplier live in one place, and falls back to the
// reference Eval where its loop does not apply.
#ifndef BRASA_KERNELS_REF_MEAN_H_
#define BRASA_KERNELS_REF_MEAN_H_

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/reduce.h"

namespace brasa {

struct MeanData {
  ReduceGeometry geometry;
  bool is_sum = false;
  // Quantized: M = s_in / s_out with 1/N folded in as LiteRT does.
  QuantizedMultiplier multiplier;
  int sum_scratch = -1;  // int32 sums, one per output
};

// Validates the node and fills `data` (already allocated by the caller and
// set as the node's op data), sets the output shape and requests scratch.
Status PrepareMeanReference(KernelContext& context, MeanData* data);
Status EvalMeanReference(KernelContext& context, const MeanData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_MEAN_H_
