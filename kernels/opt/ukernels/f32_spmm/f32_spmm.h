// f32_spmm: pruned float32 weights (most of them zero) times dense
// activations, for sparse 1x1 CONV_2D and FULLY_CONNECTED layers.
//
// C[m][n] = clamp(sum_{k : W[n][k] != 0} A[m][k] * W[n][k] + bias[n], min, max)
//
// Each sum starts at zero and adds its nonzero products in increasing k with
// fused multiply-adds, then adds the bias and clamps: the dense kernels'
// order minus the zero products, so results stay within float32's 1e-5 of
// the reference.
//
// Weights are "sliced" (F32SlicedWeights): output channels in slices of a
// few, each lane walking its own channel's nonzeros in step with the others.
// Two shapes of work:
// - `spmm` (many rows of A: a convolution's pixels, a large batch): a tile
//   of mr rows is transposed into scratch so that one weight times one input
//   channel is a vector over mr pixels; a slice of `group` channels keeps
//   group x mr sums in registers (independent FMA chains), then the slice's
//   results go back to A's row-major layout through a small transposition.
// - `spmv` (a few rows: a FULLY_CONNECTED batch of 1): output channels are
//   vectorized instead, `lanes` at a time, gathering the inputs each needs.
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// Rows in slices of `lanes`. Slice s takes steps[s] steps (its longest row's
// nonzero count); each step is `lanes` values then `lanes` indices, lane j
// holding the next nonzero of row s * lanes + j, or value 0 at index 0 once
// that row has run out (adding 0 * A[m][0] leaves a finite sum unchanged).
struct F32SlicedWeights {
  int32_t rows = 0, depth = 0, lanes = 0;
  const int32_t* steps = nullptr;  // ceil(rows / lanes)
  const void* slices = nullptr;    // per step: float values[lanes], int32 indices[lanes]
  const float* bias = nullptr;     // ceil(rows / lanes) * lanes (zero padded)
};

// rows (<= mr) rows of A, `a_stride` floats apart, times the weights
// (sliced in the variant's `group`) into rows of C `c_stride` floats apart
// (w.rows columns). scratch holds F32SpmmScratchFloats(mr, group, depth).
using F32SpmmFn = void (*)(int32_t rows, const float* a, size_t a_stride,
                           const F32SlicedWeights& w, float* c, size_t c_stride, float* scratch,
                           const F32GemmParams& params);
// Any number of rows of A times weights sliced in the variant's `lanes`, one
// row at a time.
using F32SpmvFn = void (*)(int32_t rows, const float* a, size_t a_stride,
                           const F32SlicedWeights& w, float* c, size_t c_stride,
                           const F32GemmParams& params);

struct F32SpmmVariant {
  const char* name;
  Isa isa;
  int32_t mr;     // rows of A per spmm tile
  int32_t group;  // output channels per spmm slice
  int32_t lanes;  // output channels per spmv slice
  F32SpmmFn spmm;
  F32SpmvFn spmv;
};

const UkernelTable<F32SpmmVariant>& F32SpmmTable();

inline size_t F32SpmmScratchFloats(int32_t mr, int32_t group, int32_t depth) {
  return static_cast<size_t>(mr) * (static_cast<size_t>(depth) + static_cast<size_t>(group));
}

// Nonzero weights of a [rows][depth] matrix.
int64_t CountNonzeroWeights(const float* weights, int32_t rows, int32_t depth);

// Bytes PackF32Sliced writes for `weights` ([rows][depth], row major).
size_t F32SlicedBytes(const float* weights, int32_t rows, int32_t depth, int32_t lanes);

// Packs into `memory` (16-byte aligned, of the size above) and points `out`
// at it; bias may be null (zeros).
void PackF32Sliced(const float* weights, const float* bias, int32_t rows, int32_t depth,
                   int32_t lanes, void* memory, F32SlicedWeights* out);

#define BRASA_F32_SPMM_VARIANT(NAME)                                                        \
  void NAME##_spmm(int32_t rows, const float* a, size_t a_stride, const F32SlicedWeights& w,\
                   float* c, size_t c_stride, float* scratch, const F32GemmParams& params); \
  void NAME##_spmv(int32_t rows, const float* a, size_t a_stride,                           \
                   const F32SlicedWeights& w, float* c, size_t c_stride,                    \
                   const F32GemmParams& params);
BRASA_F32_SPMM_VARIANT(f32_spmm_4x4__scalar)
BRASA_F32_SPMM_VARIANT(f32_spmm_8x8__avx2)
BRASA_F32_SPMM_VARIANT(f32_spmm_32x8__avx512)
#undef BRASA_F32_SPMM_VARIANT

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_H_
