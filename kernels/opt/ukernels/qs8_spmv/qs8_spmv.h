// qs8_spmv: pruned int8 FULLY_CONNECTED weights (most 1x4 blocks all zero)
// times int8 input rows, giving the int32 sums the dense path requantizes.
//
// sums[m][n] = bias[n] + sum over the nonzero blocks b of row n of
//              sum_{i < 4} (A[m][k_b + i] + input_offset) * W[n][k_b + i]
//
// computed modulo 2^32, as the dense reference's int32 sum wraps: the
// weights are symmetric (a pruned weight adds exactly nothing), so the
// result is bit for bit the dense one however the products are grouped.
// The input offset's share, input_offset * sum(W[n]), is folded into the
// packed bias, leaving products of the raw int8 values.
//
// Weights are packed in TensorFlow Lite's 1x4 block layout: along each row,
// the 4-aligned groups of 4 weights with any nonzero, each as the byte
// offset of its first input (k_b) and its 4 int8 values. Blocks pruned by
// the converter's 1x4 block sparsity are full; unstructured pruning leaves
// zeros inside the kept blocks (multiplied, adding nothing).
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_SPMV_QS8_SPMV_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_SPMV_QS8_SPMV_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

struct Qs8BlockRows {
  int32_t rows = 0, depth = 0;        // depth: a multiple of 4
  const int32_t* counts = nullptr;    // [rows]: nonzero blocks per row
  const uint32_t* starts = nullptr;   // [rows + 1]: row n's first block
  const int32_t* offsets = nullptr;   // per block: k_b
  const int8_t* values = nullptr;     // per block: W[n][k_b .. k_b + 3]
  const int32_t* bias = nullptr;      // [rows]: bias + input_offset * sum(W[n]) (mod 2^32)
  const int32_t* weight_sums = nullptr;  // [rows]: sum(W[n])
};

// Output channels [first, end) of `w` as rows of their own (threads split
// the channels).
Qs8BlockRows Qs8BlockRowsPart(const Qs8BlockRows& w, int32_t first, int32_t end);

// `rows` rows of A (`a_stride` bytes apart, w.depth each) times the weights
// into rows of int32 sums `sums_stride` apart (w.rows each).
using Qs8SpmvFn = void (*)(int32_t rows, const int8_t* a, size_t a_stride, const Qs8BlockRows& w,
                           int32_t* sums, size_t sums_stride);

struct Qs8SpmvVariant {
  const char* name;
  Isa isa;
  Qs8SpmvFn spmv;
};

const UkernelTable<Qs8SpmvVariant>& Qs8SpmvTable();

// Row by row of `weights` ([rows][depth], depth a multiple of 4): nonzero
// weights, and 4-aligned blocks of 4 with at least one nonzero.
void CountQs8Blocks(const int8_t* weights, int32_t rows, int32_t depth, int64_t* nonzeros,
                    int64_t* blocks);

// Bytes PackQs8BlockRows writes for `blocks` nonzero blocks in `rows` rows.
size_t Qs8BlockRowsBytes(int32_t rows, int64_t blocks);

// Packs into `memory` (16-byte aligned, of the size above) and points `out`
// at it; bias may be null (zeros).
void PackQs8BlockRows(const int8_t* weights, const int32_t* bias, int32_t input_offset,
                      int32_t rows, int32_t depth, void* memory, Qs8BlockRows* out);

void qs8_spmv_1x4__scalar(int32_t rows, const int8_t* a, size_t a_stride, const Qs8BlockRows& w,
                          int32_t* sums, size_t sums_stride);
void qs8_spmv_1x4__avx2(int32_t rows, const int8_t* a, size_t a_stride, const Qs8BlockRows& w,
                        int32_t* sums, size_t sums_stride);
void qs8_spmv_1x4__avx512vnni(int32_t rows, const int8_t* a, size_t a_stride,
                              const Qs8BlockRows& w, int32_t* sums, size_t sums_stride);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_SPMV_QS8_SPMV_H_
