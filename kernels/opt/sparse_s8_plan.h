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

// The fraction of all-zero 1x4 weight blocks above which qs8_spmv beats the
// dense qs8_gemm on this project's AVX-512 VNNI machine, measured with
// bench/sparse_bench.cc (BM_SparseS8; README "Pruned (sparse) models"): the
// dense GEMV streams int8 weights 64 at a time, the sparse one gathers 4
// inputs per kept block. Dense/sparse time on 1x1024 -> 1000 (1x4 blocks):
// see the README table; the threshold sits above the measured break-even.
constexpr double kSparseS8MinZeroBlockFraction = 0.85;

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
// ([units][depth], depth a multiple of 4) and an int32 bias (or none):
// chooses sparse when a SIMD variant is allowed and the fraction of zero
// 1x4 blocks is at least the threshold, then packs and requests scratch;
// otherwise leaves plan->variant null. `reference` is the reference
// Prepare's result (quantization, E[c]).
Status PrepareSparseS8Plan(KernelContext& context, const FullyConnectedData& reference,
                           SparseS8Plan* plan);

void RunSparseS8Plan(const KernelContext& context, const SparseS8Plan& plan, const int8_t* input,
                     int8_t* output);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_SPARSE_S8_PLAN_H_
