// A prepared f32_gemm: the chosen micro-kernel, its packed weights and
// clamp bounds, and the loop that runs it over any block of the output.
// Shared by the optimized float CONV_2D and FULLY_CONNECTED.
#ifndef BRASA_KERNELS_OPT_F32_GEMM_PLAN_H_
#define BRASA_KERNELS_OPT_F32_GEMM_PLAN_H_

#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"
#include "kernels/ref/common/activation.h"

namespace brasa {

struct F32GemmPlan {
  const F32GemmVariant* variant = nullptr;  // null: the op runs its reference kernel
  const float* packed = nullptr;
  size_t block_floats = 0;  // packed floats per nr channels
  int32_t columns = 0, depth = 0;
  int32_t tile_rows = 0;  // rows per micro-kernel call (F32GemmTileRows)
  F32GemmParams params;
};

// Picks the best SIMD variant `context.isa()` allows and packs `weights`
// ([columns][depth]) and `bias` (or null) into persistent memory. Leaves
// plan->variant null when only the scalar variant is allowed (see
// SelectSimdUkernel).
Status PrepareF32GemmPlan(KernelContext& context, const float* weights, const float* bias,
                          int32_t columns, int32_t depth, const FloatRange& range,
                          F32GemmPlan* plan);

// Output rows [0, rows) x columns [first_column, first_column + columns) of
// C = A B + bias: A's rows `a_stride` floats apart, C's `c_stride` floats
// apart (C points at row 0, column 0). first_column must be a multiple of nr.
void RunF32Gemm(const F32GemmPlan& plan, int32_t rows, const float* a, size_t a_stride,
                int32_t first_column, int32_t columns, float* c, size_t c_stride);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_F32_GEMM_PLAN_H_
