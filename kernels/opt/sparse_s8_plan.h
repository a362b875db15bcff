// A prepared qs8_spmv: a pruned int8 FULLY_CONNECTED's weights packed in
// 1x4 blocks (kernels/opt/ukernels/qs8_spmv), and the loop that runs them
// over the batch rows and requantizes exactly as the dense reference does.
#ifndef BRASA_KERNELS_OPT_SPARSE_S8_PLAN_H_
#define BRASA_KERNELS_OPT_SPARSE_S8_PLAN_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"
#include "kernels/ref/fully_connected.h"

namespace brasa {

// The fraction of all-zero 1x4 weight blocks from which qs8_spmv beats the
// dense qs8_gemm on this project's AVX-512 VNNI machine, measured with
// bench/sparse_bench.cc (BM_SparseS8; README "Pruned (sparse) models"): the
// dense GEMV streams the int8 weights 64 at a time, the sparse one gathers
// 4 inputs per kept block. Dense/sparse time on a 1x1024 -> 1000
// FULLY_CONNECTED: 0.44 at 80%, 0.97 at 90%, 1.12 at 95% zero blocks; with
// 8 batch rows the dense GEMM wins even at 95% (0.55), so only a batch of 1
// goes sparse.
constexpr double kSparseS8MinZeroBlockFraction = 0.93;
constexpr int32_t kSparseS8MaxRows = 1;

struct SparseS8Plan {
  const Qs8SpmvVariant* variant = nullptr;  // null: the dense kernel runs
  Qs8BlockRows weights;
  const double* output_scales = nullptr;  // the reference's E[c]
  int32_t output_offset = 0;
  QuantizedRange range;
  int32_t rows = 0;  // batches
  int32_t tasks = 1;
  int sums_scratch = -1;  // rows x units int32
  double zero_block_fraction = 0.0;
};

// For an int8 FULLY_CONNECTED with constant symmetric int8 weights
// ([units][depth], depth a multiple of 4), an int32 bias (or none) and at
// most kSparseS8MaxRows batch rows: chooses sparse when a SIMD variant is
// allowed and the fraction of zero 1x4 blocks is at least the threshold, then packs and requests scratch;
// otherwise leaves plan->variant null. `reference` is the reference
// Prepare's result (quantization, E[c]).
Status PrepareSparseS8Plan(KernelContext& context, const FullyConnectedData& reference,
                           SparseS8Plan* plan);

void RunSparseS8Plan(const KernelContext& context, const SparseS8Plan& plan, const int8_t* input,
                     int8_t* output);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_SPARSE_S8_PLAN_H_
