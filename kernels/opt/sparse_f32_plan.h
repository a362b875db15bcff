// A prepared f32_spmm: pruned float32 weights ([columns][depth], mostly
// zero) packed for the sparse micro-kernels, and the loop that runs them
// over the rows of A (a 1x1 convolution's pixels or a FULLY_CONNECTED's
// batches). Shared by sparse_conv_2d.cc and sparse_fully_connected.cc.
#ifndef BRASA_KERNELS_OPT_SPARSE_F32_PLAN_H_
#define BRASA_KERNELS_OPT_SPARSE_F32_PLAN_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"
#include "kernels/ref/common/activation.h"

namespace brasa {

// The break-even sparsity (fraction of zero weights) above which the sparse
// kernels beat the dense f32_gemm ones on this project's AVX-512 machine,
// measured with bench/sparse_bench.cc (README "Pruned (sparse) models", the
// table and the command): below it, the weights are used dense.
//
// spmm (1x1 CONV_2D; FULLY_CONNECTED with at least half a vector of rows):
// each pixel tile is transposed in, a depth slice at a time (so that the
// slice stays in L1, sums carried between slices), and its outputs back;
// per nonzero, one broadcast and T vector loads feed T FMAs, two channels
// at a time. Dense / sparse real time (Google Benchmark medians, six runs
// on a shared machine under quiet.sh, README table; median and range of
// the six) at 70%, 80% and 90% zeros: 1.36 (1.14-1.68), 1.60 (1.40-1.77),
// 2.12 (1.97-2.38) on 56x56x64->128; 1.42, 2.16, 2.86 on 14x14x256->256;
// 1.36, 1.82, 3.20 on 7x7x512->1024; 1.39, 1.92 at 60-70% on a
// 64x512->512 FULLY_CONNECTED (earlier round). The break-even is at 50-60%
// zeros by shape; 70% keeps a margin, except on the shallowest layer
// measured, 112x112x32->64, which moves 4.8 MB for few multiply-adds:
// 0.94 (0.85-1.25) at 70%, 1.13 at 80%, 1.20 at 90%. (With AVX2 the sparse
// kernel wins by 2.6x or more at 70%.)
constexpr double kSparseSpmmMinZeroFraction = 0.70;
// spmv (FULLY_CONNECTED with fewer rows: a batch of 1): the dense GEMV
// streams every weight; gathering the nonzeros breaks even at 70% zeros
// (0.96 at 70%, 1.73 at 80%, 4.2 at 90% on 1x1024->1000).
constexpr double kSparseSpmvMinZeroFraction = 0.72;

// The threshold for a kernel whose measured default is `measured`; tests and
// benches may force every node sparse (0) or dense (anything above 1).
double SparseWeightThreshold(double measured);
// Negative: back to the measured thresholds.
void SetSparseWeightThresholdForTesting(double threshold);
bool SparseThresholdIsForced();

struct SparseF32Plan {
  const F32SpmmVariant* variant = nullptr;  // null: the op runs its dense kernel
  bool spmv = false;  // few rows: spmv (weights sliced in lanes), else spmm (rows)
  F32SlicedWeights sliced;  // spmv
  F32SparseRows weights;    // spmm
  F32GemmParams params;
  int32_t rows = 0;  // rows of A and C
  int32_t parts = 1;  // spmm: each tile's output channels split in this many parts
  int32_t tasks = 0;
  int scratch = -1;  // spmm: per-task transposition tiles and partial sums
  size_t task_scratch_floats = 0;
  double zero_fraction = 0.0;
};

// Chooses sparse or dense for `weights`: sparse when a SIMD variant is
// allowed and their zero fraction is at least the threshold of the kernel
// `rows` calls for (spmv or spmm); then packs them (and bias, or null) into
// persistent memory and requests scratch. Otherwise leaves plan->variant
// null.
Status PrepareSparseF32Plan(KernelContext& context, const float* weights, const float* bias,
                            int32_t columns, int32_t depth, int32_t rows, const FloatRange& range,
                            SparseF32Plan* plan);

// C[rows][columns] = A[rows][depth] x weights^T + bias, clamped.
void RunSparseF32Plan(const KernelContext& context, const SparseF32Plan& plan, const float* a,
                      float* c);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_SPARSE_F32_PLAN_H_
