// BATCH_MATMUL's op data, shared with its hybrid path
// (kernels/ref/hybrid_batch_matmul.cc).
#ifndef BRASA_KERNELS_REF_BATCH_MATMUL_H_
#define BRASA_KERNELS_REF_BATCH_MATMUL_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/hybrid_weighted.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

constexpr int kMaxBatchDims = 3;

struct BatchMatMulData {
  int32_t batches[kMaxBatchDims] = {1, 1, 1};    // output batch dims, left-padded with 1
  int64_t lhs_batch_stride[kMaxBatchDims] = {};  // 0 along broadcast dims
  int64_t rhs_batch_stride[kMaxBatchDims] = {};
  int32_t rows = 0, cols = 0, depth = 0;
  // Element strides of A[i, k] and B[k, j] inside one matrix (adj_x / adj_y).
  int64_t a_row = 0, a_depth = 0, b_depth = 0, b_col = 0;
  int32_t lhs_offset = 0, rhs_offset = 0, output_offset = 0;
  QuantizedMultiplier multiplier;
  bool int64_sum = false;
  // Hybrid (float lhs, int8 rhs): each row of A is quantized on its own.
  HybridWeights hybrid;
};

// Calls matrix(lhs, rhs, out) for each output batch (row-major), with the
// broadcast operand matrices.
template <typename L, typename R, typename O, typename Matrix>
void ForEachBatch(const BatchMatMulData& d, const L* lhs, const R* rhs, O* out, Matrix matrix) {
  const int64_t out_matrix = int64_t{d.rows} * d.cols;
  for (int32_t b0 = 0; b0 < d.batches[0]; ++b0) {
    for (int32_t b1 = 0; b1 < d.batches[1]; ++b1) {
      for (int32_t b2 = 0; b2 < d.batches[2]; ++b2) {
        const int64_t l =
            b0 * d.lhs_batch_stride[0] + b1 * d.lhs_batch_stride[1] + b2 * d.lhs_batch_stride[2];
        const int64_t r =
            b0 * d.rhs_batch_stride[0] + b1 * d.rhs_batch_stride[1] + b2 * d.rhs_batch_stride[2];
        matrix(lhs + l, rhs + r, out);
        out += out_matrix;
      }
    }
  }
}

// Float lhs with an int8 rhs (per-tensor, symmetric): LiteRT's EvalHybrid.
Status PrepareHybridBatchMatMul(KernelContext& context, bool asymmetric, BatchMatMulData* d);
void EvalHybridBatchMatMul(KernelContext& context, const BatchMatMulData& d);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_BATCH_MATMUL_H_
