#include "kernels/opt/f32_gemm_plan.h"

#include <algorithm>

#include "kernels/ref/common/conv_common.h"

namespace brasa {

Status PrepareF32GemmPlan(KernelContext& context, const float* weights, const float* bias,
                          int32_t columns, int32_t depth, const FloatRange& range,
                          F32GemmPlan* plan) {
  const F32GemmVariant* selected = SelectSimdUkernel(F32GemmTable(), context.isa());
  if (selected == nullptr) return Status::Ok();  // plan->variant stays null
  const size_t floats = F32GemmPackedFloats(selected->nr, columns, depth);
  void* packed = context.AllocatePersistent(sizeof(float) * std::max<size_t>(floats, 1));
  if (packed == nullptr) return OutOfMemory(context);
  PackF32Gemm(weights, bias, columns, depth, selected->nr, static_cast<float*>(packed));
  plan->variant = selected;
  plan->packed = static_cast<const float*>(packed);
  plan->block_floats = F32GemmPackedFloats(selected->nr, selected->nr, depth);
  plan->columns = columns;
  plan->depth = depth;
  plan->params.min = range.min;
  plan->params.max = range.max;
  return Status::Ok();
}

void RunF32Gemm(const F32GemmPlan& plan, int32_t rows, const float* a, size_t a_stride,
                int32_t first_column, int32_t columns, float* c, size_t c_stride) {
  const F32GemmVariant& variant = *plan.variant;
  const float* packed =
      plan.packed + static_cast<size_t>(first_column / variant.nr) * plan.block_floats;
  c += first_column;
  // Column blocks outside, row tiles inside: one block's packed weights
  // (depth x nr floats) stay in cache while every row tile uses them.
  for (int32_t n = 0; n < columns; n += variant.nr, packed += plan.block_floats) {
    const int32_t block_columns = std::min(variant.nr, columns - n);
    for (int32_t m = 0; m < rows; m += variant.mr) {
      const int32_t count = std::min(variant.mr, rows - m);
      variant.fn(count, block_columns, plan.depth, a + m * a_stride, a_stride, packed,
                 c + m * c_stride + n, c_stride, plan.params);
    }
  }
}

}  // namespace brasa
