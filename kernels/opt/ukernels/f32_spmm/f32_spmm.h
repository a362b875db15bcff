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
// Two shapes of work, two weight layouts:
// - `spmm` (many rows of A: a convolution's pixels, a large batch): a tile
//   of up to mr rows of A is transposed once into scratch, input channel k
//   becoming a contiguous row of mr floats (the tile's pixels). Each output
//   channel then walks its own nonzeros (F32SparseRows: value and the byte
//   offset of its input channel's row), one weight broadcast + one vector
//   load of that row per vector of pixels + one FMA into the channel's
//   accumulators: no padding, no index arithmetic. The results of 16
//   channels go back to A's row-major layout through a small transposition.
// - `spmv` (a few rows: a FULLY_CONNECTED batch of 1): output channels are
//   vectorized instead, `lanes` at a time, gathering the inputs each needs
//   (F32SlicedWeights).
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

// One nonzero weight of an spmm row: its value, and where its input
// channel k lies in the transposed tile, k * mr * sizeof(float) bytes in.
struct F32SparseEntry {
  float value;
  int32_t offset;
};

// Rows (output channels) of pruned weights for spmm, packed for a tile of
// `mr` rows of A in depth slices of `slice_depth` input channels (the last
// maybe shorter): the kernels transpose one slice of the tile at a time and
// run every output channel over it, so that the rows their nonzeros read at
// random stay in the L1 data cache (a whole 64-row tile of a 512-deep layer
// is 128 KB). Sums carry from slice to slice in scratch ([rows][mr]),
// exactly: each still adds its products in increasing k.
//
// Per slice s, row n has counts[s * stride + n] entries from
// entries + starts[s * stride + n]: its nonzeros of the slice in increasing
// k, then zero padding; an entry's offset is from the slice's first channel.
//
// The SIMD kernels run the channels of each group of kF32SpmmOutGroup in
// pairs, both sums of a pair in one loop over their entries: per slice,
// `order` lists each group's channels (group-local indices) by nonzero
// count, and each pair (order[2i], order[2i + 1]) of a group is padded with
// zero entries (value 0, the row's last offset) to the same count. Sorting
// keeps the padding small; equal counts leave one loop exit per pair, and
// the pairs' counts rise through the group, so the branch predictor learns
// them instead of missing at the end of every channel.
struct F32SparseRows {
  int32_t rows = 0, depth = 0, mr = 0;
  int32_t slice_depth = 0, slices = 0;
  int32_t stride = 0;                     // the packed rows (F32SparseRowsPart keeps it)
  const int32_t* counts = nullptr;        // [slices][stride] (with the padding)
  const uint32_t* starts = nullptr;       // [slices][stride]: the row's first entry
  const uint8_t* order = nullptr;         // [slices][stride]: per group, its channels by count
  const F32SparseEntry* entries = nullptr;
  const float* bias = nullptr;            // [rows] (zeros without a bias)
};

// Output channels [first, end) of `w` as rows of their own (to split a
// tile's work across threads): whole groups of kF32SpmmOutGroup (first a
// multiple of it, end too or w.rows), as `order` pairs channels within them.
F32SparseRows F32SparseRowsPart(const F32SparseRows& w, int32_t first, int32_t end);

// rows (<= mr) rows of A, `a_stride` floats apart, times the weights into
// rows of C `c_stride` floats apart (w.rows columns). scratch holds
// F32SpmmScratchFloats(w).
using F32SpmmFn = void (*)(int32_t rows, const float* a, size_t a_stride, const F32SparseRows& w,
                           float* c, size_t c_stride, float* scratch,
                           const F32GemmParams& params);
// Any number of rows of A times weights sliced in the variant's `lanes`, one
// row at a time.
using F32SpmvFn = void (*)(int32_t rows, const float* a, size_t a_stride,
                           const F32SlicedWeights& w, float* c, size_t c_stride,
                           const F32GemmParams& params);

struct F32SpmmVariant {
  const char* name;
  Isa isa;
  int32_t mr;       // rows of A per spmm tile (at most): the packing's mr
  int32_t lanes;    // output channels per spmv slice; also spmm's rows per vector
  F32SpmmFn spmm;
  F32SpmvFn spmv;
};

const UkernelTable<F32SpmmVariant>& F32SpmmTable();

// The output channels one spmm stores per transposition out of scratch.
constexpr int32_t kF32SpmmOutGroup = 16;

// The bytes of a transposed depth slice ([slice_depth][mr] floats): most of
// the 48 KB L1 data cache, the rest left to the streams of entries, partial
// sums and outputs.
constexpr int32_t kF32SpmmSliceBytes = 32 * 1024;

// The depth slice for tiles of mr rows: the whole depth when its tile fits
// kF32SpmmSliceBytes, else equal slices (multiples of 8 channels, the
// transposition's blocks) that do.
inline int32_t F32SpmmSliceDepth(int32_t mr, int32_t depth) {
  const int32_t most = kF32SpmmSliceBytes / (mr * static_cast<int32_t>(sizeof(float)));
  if (depth <= most) return depth;
  const int32_t slices = (depth + most - 1) / most;
  return ((depth + slices - 1) / slices + 7) / 8 * 8;
}

// Scratch for spmm on w (plus 64 bytes: the kernels align it to a cache
// line, since a row of the tile split over two lines costs each of its
// vector loads twice): a transposed slice, a group's outputs and, with
// more than one slice, the partial sums of every row.
inline size_t F32SpmmScratchFloats(int32_t mr, int32_t slice_depth, int32_t slices,
                                   int32_t rows) {
  const size_t partial = slices > 1 ? static_cast<size_t>(rows) : 0;
  return static_cast<size_t>(mr) * (static_cast<size_t>(slice_depth) + kF32SpmmOutGroup + partial) +
         16;
}
inline size_t F32SpmmScratchFloats(const F32SparseRows& w) {
  return F32SpmmScratchFloats(w.mr, w.slice_depth, w.slices, w.rows);
}

// `scratch` rounded up to a 64-byte boundary (F32SpmmScratchFloats leaves room).
inline float* AlignSpmmScratch(float* scratch) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(scratch);
  return scratch + ((64 - at % 64) % 64) / sizeof(float);
}

// Nonzero weights of a [rows][depth] matrix.
int64_t CountNonzeroWeights(const float* weights, int32_t rows, int32_t depth);

// Bytes PackF32SparseRows writes for `weights` ([rows][depth], row major)
// in slices of slice_depth.
size_t F32SparseRowsBytes(const float* weights, int32_t rows, int32_t depth,
                          int32_t slice_depth);

// Packs into `memory` (16-byte aligned, of the size above) for tiles of mr
// rows in slices of slice_depth (sorted and padded as F32SparseRows says)
// and points `out` at it; bias may be null (zeros).
void PackF32SparseRows(const float* weights, const float* bias, int32_t rows, int32_t depth,
                       int32_t mr, int32_t slice_depth, void* memory, F32SparseRows* out);

// Bytes PackF32Sliced writes for `weights` ([rows][depth], row major).
size_t F32SlicedBytes(const float* weights, int32_t rows, int32_t depth, int32_t lanes);

// Packs into `memory` (16-byte aligned, of the size above) and points `out`
// at it; bias may be null (zeros).
void PackF32Sliced(const float* weights, const float* bias, int32_t rows, int32_t depth,
                   int32_t lanes, void* memory, F32SlicedWeights* out);

#define BRASA_F32_SPMM_VARIANT(NAME)                                                        \
  void NAME##_spmm(int32_t rows, const float* a, size_t a_stride, const F32SparseRows& w,   \
                   float* c, size_t c_stride, float* scratch, const F32GemmParams& params); \
  void NAME##_spmv(int32_t rows, const float* a, size_t a_stride,                           \
                   const F32SlicedWeights& w, float* c, size_t c_stride,                    \
                   const F32GemmParams& params);
BRASA_F32_SPMM_VARIANT(f32_spmm_8__scalar)
BRASA_F32_SPMM_VARIANT(f32_spmm_64__avx2)
BRASA_F32_SPMM_VARIANT(f32_spmm_64__avx512)
#undef BRASA_F32_SPMM_VARIANT

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_H_
