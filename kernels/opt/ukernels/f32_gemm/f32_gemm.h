// f32_gemm: the float32 GEMM family behind float CONV_2D (1x1 directly,
// larger windows through im2col) and FULLY_CONNECTED.
//
// C[m][n] = clamp(sum_k A[m][k] * B[n][k] + bias[n], min, max)
//
// Each sum adds the products in depth order with fused multiply-adds and
// the bias, then clamps. Most variants add the bias after the sum (the
// reference kernels' order, kernels/ref/conv_2d.cc); 12x32__avx512 and
// 6x16__avx2 start their sums from the bias (no add in its epilogue). Either way results differ
// from the reference by a few roundings of sum|products| + |bias|, far
// inside float32's 1e-5 (tests/kernels/opt/f32_ukernel_check.h).
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_GEMM_F32_GEMM_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_GEMM_F32_GEMM_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

struct F32GemmParams {
  float min = 0.0f, max = 0.0f;  // the fused activation's clamp bounds
  // Prefetching of packed weights into L2 (variants may ignore it): the
  // call is row tile `prefetch_tile` of `prefetch_tiles` (0: no prefetch)
  // that walk the same blocks one after the other. Tile 0 prefetches each
  // next block of the call while it computes a block; for the block after
  // the call's last (the next chunk's first, or the next task's), every tile
  // prefetches its 1/prefetch_tiles share, so that stream spreads over the
  // whole pass instead of bursting in the first tile.
  int32_t prefetch_tiles = 0, prefetch_tile = 0;
  // With prefetch_tiles: a second block whose 1/prefetch_tiles share each
  // tile prefetches alongside the block after the call's last (null: none).
  // A column-split task passes the previous task's first block: a thread
  // that walks its tasks downwards runs that one next.
  const float* prefetch_back = nullptr;
};

// Packed weights, for each block of nr output channels (the last block
// padded with zero channels): float bias[nr]; then for each k in
// [0, depth), B[n][k] for the block's nr channels n.
//
// One call computes rows [0, rows) (rows <= mr) x columns [0, columns) of
// C: A's rows `a_stride` floats apart, C's `c_stride` floats apart; packed
// points at the block of column 0.
using F32GemmFn = void (*)(int32_t rows, int32_t columns, int32_t depth, const float* a,
                           size_t a_stride, const float* packed, float* c, size_t c_stride,
                           const F32GemmParams& params);

struct F32GemmVariant {
  const char* name;
  Isa isa;
  int32_t mr, nr;  // rows and columns per tile
  F32GemmFn fn;
  // 0: any layer; else the variant serves only layers of at most this many
  // output channels (a narrow tile the wider ones after it would pad).
  int32_t max_columns = 0;
  // Layers of depth <= shallow_depth run tiles of shallow_mr (< mr) rows
  // instead (0: always mr): see F32GemmTileRows.
  int32_t shallow_mr = 0, shallow_depth = 0;
};

// Rows per tile where A's rows lie a multiple of 4 KB apart (depth a
// multiple of 1024: rows of A are depth floats apart): each depth step reads
// one line of every row of the tile, all in the same L1 set of 8 ways, and
// more rows than 7 (the 12x32 kernel's 10-row tiles of a 49-row layer) evict
// each other's lines on every step; 7 leave a way for the packed weights'
// stream. MobileNetV1's 7x7x1024 -> 1024 layer (7 tiles of 7 rows instead of
// 5 of 10), per-node profile in the model, medians of 16-20 alternating
// rounds of 100 invokes: 1075.7 -> 1038.5 us, 1004.2 -> 971.6 us (a third
// set: 943.2 -> 943.3); alone, 16 rounds of 300: 1013 -> 954 us (fastest
// 886.7 -> 880.5). 5- and 6-row tiles measured no better, nor 8- or 10-row
// ones at depth 512 (rows 2 KB apart: two sets).
constexpr int32_t kSameSetTileRows = 7;

// Rows per tile for a layer of `depth`: mr, or shallow_mr for a shallow
// layer, at most kSameSetTileRows where depth is a multiple of 1024. Every
// call still gets rows <= mr.
inline int32_t F32GemmTileRows(const F32GemmVariant& variant, int32_t depth) {
  const int32_t rows = variant.shallow_mr > 0 && depth <= variant.shallow_depth
                           ? variant.shallow_mr
                           : variant.mr;
  return depth % 1024 == 0 && rows > kSameSetTileRows ? kSameSetTileRows : rows;
}

const UkernelTable<F32GemmVariant>& F32GemmTable();

// The first variant of the table that `usable` allows and that serves a
// layer of `columns` output channels; null when that is the scalar one
// (see SelectSimdUkernel).
const F32GemmVariant* SelectF32Gemm(Isa usable, int32_t columns);

// Floats of the packed weights of `columns` channels of `depth`.
size_t F32GemmPackedFloats(int32_t nr, int32_t columns, int32_t depth);

// weights: [columns][depth] (a CONV_2D OHWI filter or a FULLY_CONNECTED
// [units, depth] one); bias: `columns` floats or null (zero).
void PackF32Gemm(const float* weights, const float* bias, int32_t columns, int32_t depth,
                 int32_t nr, float* packed);

void f32_gemm_4x4__scalar(int32_t rows, int32_t columns, int32_t depth, const float* a,
                          size_t a_stride, const float* packed, float* c, size_t c_stride,
                          const F32GemmParams& params);
void f32_gemm_6x16__avx2(int32_t rows, int32_t columns, int32_t depth, const float* a,
                         size_t a_stride, const float* packed, float* c, size_t c_stride,
                         const F32GemmParams& params);
void f32_gemm_24x16__avx512(int32_t rows, int32_t columns, int32_t depth, const float* a,
                            size_t a_stride, const float* packed, float* c, size_t c_stride,
                            const F32GemmParams& params);
void f32_gemm_12x32__avx512(int32_t rows, int32_t columns, int32_t depth, const float* a,
                            size_t a_stride, const float* packed, float* c, size_t c_stride,
                            const F32GemmParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_GEMM_F32_GEMM_H_
