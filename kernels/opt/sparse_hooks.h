// Sparse (pruned) float32 weights for the optimized CONV_2D and
// FULLY_CONNECTED kernels: each wraps its dense Prepare and Eval in these, in
// its Register_<OP>_OPT():
//
//   static const OpKernel kernel = {"CONV_2D", SparseConv2dOr<Prepare>, SparseEvalOr<Eval>};
//
// At Prepare, a float32 node whose constant weights are at least the
// measured threshold zero (sparse_f32_plan.h) and whose shape an f32_spmm
// computes (a 1x1, stride-1, unpadded convolution; any FULLY_CONNECTED),
// or an int8 FULLY_CONNECTED whose weights' 1x4 blocks are mostly zero
// (sparse_s8_plan.h), gets the sparse kernel; every other node runs the dense kernel's Prepare
// and Eval exactly as before, its own op data swapped in around its Eval.
#ifndef BRASA_KERNELS_OPT_SPARSE_HOOKS_H_
#define BRASA_KERNELS_OPT_SPARSE_HOOKS_H_

#include "brasa/kernel.h"
#include "kernels/opt/sparse_f32_plan.h"
#include "kernels/opt/sparse_s8_plan.h"

namespace brasa {

using KernelPhase = Status (*)(KernelContext& context);

// The node's op data when the sparse wrappers run.
struct SparseOpData {
  void* dense = nullptr;  // the dense kernel's op data: it runs
  SparseF32Plan plan;     // float32 (plan.variant set)
  SparseS8Plan s8;        // int8 FULLY_CONNECTED (s8.variant set)
};

Status PrepareSparseConv2dOr(KernelContext& context, KernelPhase dense_prepare);
Status PrepareSparseFullyConnectedOr(KernelContext& context, KernelPhase dense_prepare);
Status EvalSparseOr(KernelContext& context, KernelPhase dense_eval);

template <KernelPhase DensePrepare>
Status SparseConv2dOr(KernelContext& context) {
  return PrepareSparseConv2dOr(context, DensePrepare);
}

template <KernelPhase DensePrepare>
Status SparseFullyConnectedOr(KernelContext& context) {
  return PrepareSparseFullyConnectedOr(context, DensePrepare);
}

template <KernelPhase DenseEval>
Status SparseEvalOr(KernelContext& context) {
  return EvalSparseOr(context, DenseEval);
}

namespace internal {
// Allocates the wrapper's op data and runs the dense Prepare under it
// (sparse_conv_2d.cc and sparse_fully_connected.cc).
Status PrepareDenseUnder(KernelContext& context, SparseOpData* data, KernelPhase dense_prepare);
}  // namespace internal

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_SPARSE_HOOKS_H_
