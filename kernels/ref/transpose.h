// The TRANSPOSE reference kernel's op data and phases, for the optimized
// TRANSPOSE (kernels/opt/transpose.cc), which runs the reference Prepare
// first (validation and the output shape stay in one place) and falls back
// to the reference Eval where its loops do not apply.
#ifndef BRASA_KERNELS_REF_TRANSPOSE_H_
#define BRASA_KERNELS_REF_TRANSPOSE_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

constexpr int kMaxTransposeRank = 6;

struct TransposeData {
  int32_t rank = 0;
  int32_t output_dims[kMaxTransposeRank];
  // Input stride (in elements) of the dimension that output dimension i reads.
  int64_t input_strides[kMaxTransposeRank];
};

// Validates the node and fills `data` (already allocated by the caller and
// set as the node's op data), and sets the output shape.
Status PrepareTransposeReference(KernelContext& context, TransposeData* data);
Status EvalTransposeReference(KernelContext& context, const TransposeData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_TRANSPOSE_H_
