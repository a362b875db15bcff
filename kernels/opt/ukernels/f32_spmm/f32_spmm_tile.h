// The spmm tile loop f32_spmm's SIMD variants share (the AVX2 and AVX-512
// files include it; each translation unit compiles its own copy with its
// own flags), templated on the variant's vector operations `Ops`:
//
//   using Vec;                          the vector type
//   static constexpr int32_t kWidth;    floats per vector
//   static constexpr int kMaxPairT;     the most vectors per channel that
//                                       still run two channels at a time
//                                       (2T accumulators in registers)
//   Zero(), Set1(float), Load(const float*) (32-byte aligned at least),
//   Store(float*, Vec) (the same), Fma(x, v, acc) = x * v + acc,
//   Clamp(x, bias, low, high) = min(max(x + bias, low), high),
//   StoreGroup<MR>(rows, count, tile, out, stride): out[p * stride + n] =
//     tile[n * MR + p] for p < rows, n < count (a group's results into C),
//   TransposeIn<MR>(rows, padded, depth, in, stride, out): TransposeRowsIn's
//     contract (a slice of the tile into scratch).
//
// A tile of up to MR rows of A runs one depth slice at a time: the slice is
// transposed into scratch (input channel k a row of MR floats, the tile's
// pixels), then every output channel adds its nonzeros of the slice, T
// vectors of pixels per channel, channels in the packing's pairs (2
// broadcasts, 2T loads and 2T FMAs a step). Sums start at zero, carry from
// slice to slice in scratch, and after the last slice get the bias and the
// clamp, kF32SpmmOutGroup channels at a time into a [16][MR] tile that
// StoreGroup transposes into C.
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_TILE_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_TILE_H_

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

// acc[t] += value * (the vector t of pixels of the entry's input channel),
// for each of `count` entries in order.
template <class Ops, int T>
inline void AddEntries(const F32SparseEntry* e, int32_t count, const char* at,
                       typename Ops::Vec acc[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const typename Ops::Vec v = Ops::Set1(e[i].value);
    const float* x = reinterpret_cast<const float*>(at + e[i].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = Ops::Fma(Ops::Load(x + Ops::kWidth * t), v, acc[t]);
  }
}

// Two channels' sums side by side while both have entries left (the whole
// of both, for a pair the packing padded to the same count). The loop walks
// one pointer (the other channel's entries a fixed distance on): the
// spmm loop needs every register it can keep, and a spilled bound costs a
// load a step.
template <class Ops, int T>
inline void AddEntryPairs(const F32SparseEntry* e0, const F32SparseEntry* e1, int32_t count,
                          const char* at, typename Ops::Vec acc0[T], typename Ops::Vec acc1[T]) {
  const ptrdiff_t gap = e1 - e0;
  for (const F32SparseEntry* const end = e0 + count; e0 != end; ++e0) {
    const typename Ops::Vec v0 = Ops::Set1(e0->value), v1 = Ops::Set1(e0[gap].value);
    const float* x0 = reinterpret_cast<const float*>(at + e0->offset);
    const float* x1 = reinterpret_cast<const float*>(at + e0[gap].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
      acc0[t] = Ops::Fma(Ops::Load(x0 + Ops::kWidth * t), v0, acc0[t]);
      acc1[t] = Ops::Fma(Ops::Load(x1 + Ops::kWidth * t), v1, acc1[t]);
    }
  }
}

// Asks for the next `lines` cache lines of `next` into L2 (the rows of A
// the following tile transposes, spread over this tile's arithmetic).
inline uintptr_t Prefetch(uintptr_t next, int32_t lines) {
  for (int32_t i = 0; i < lines; ++i, next += 64) {
    _mm_prefetch(reinterpret_cast<const char*>(next), _MM_HINT_T1);
  }
  return next;
}

struct SpmmJob {
  int32_t rows;
  const float* a;
  size_t a_stride;
  const F32SparseRows& w;
  float* c;
  size_t c_stride;
  const F32GemmParams& params;
  float* at;       // [slice_depth][MR]: a slice of the tile, transposed
  float* tile;     // [kF32SpmmOutGroup][MR]: a group's results
  float* partial;  // [w.rows][MR]: the sums between slices
  uintptr_t next;  // the address to prefetch from (maybe past the end of A)
  int32_t next_lines;
};

// One slice's pass over the output channels (slice s of w.slices).
template <class Ops, int32_t MR, int T>
class SliceRun {
 public:
  using Vec = typename Ops::Vec;

  SliceRun(const SpmmJob& job, int32_t s)
      : job_(job),
        w_(job.w),
        first_(s == 0),
        last_(s + 1 == job.w.slices),
        counts_(job.w.counts + static_cast<size_t>(s) * job.w.stride),
        starts_(job.w.starts + static_cast<size_t>(s) * job.w.stride),
        order_(job.w.order + static_cast<size_t>(s) * job.w.stride),
        base_(reinterpret_cast<const char*>(job.at)),
        low_(Ops::Set1(job.params.min)),
        high_(Ops::Set1(job.params.max)) {}

  // Returns where the prefetch of the next tile got to.
  uintptr_t Run(uintptr_t next, int32_t lines_per_pair) {
    const int32_t rows = job_.rows;
    // The group's output lines, a share per pair, so that the stores of its
    // transposition find them in cache (measured 5-7% on 56x56x64 -> 128).
    const int32_t out_rows_per_pair =
        last_ ? (rows + kF32SpmmOutGroup / 2 - 1) / (kF32SpmmOutGroup / 2) : 0;
    for (int32_t first = 0; first < w_.rows; first += kF32SpmmOutGroup) {
      const int32_t size = std::min(kF32SpmmOutGroup, w_.rows - first);
      const uint8_t* order = order_ + first;
      int32_t j = 0;
      if (T <= Ops::kMaxPairT) {
        int32_t out_row = 0;
        for (; j + 1 < size; j += 2) {
          next = Prefetch(next, lines_per_pair);
          for (int32_t q = 0; q < out_rows_per_pair && out_row < rows; ++q, ++out_row) {
            _mm_prefetch(reinterpret_cast<const char*>(job_.c + first + out_row * job_.c_stride),
                         _MM_HINT_T0);
          }
          Pair(first + order[j], first + order[j + 1], order[j], order[j + 1]);
        }
      }
      for (; j < size; ++j) Single(first + order[j], order[j]);
      if (last_) {
        Ops::template StoreGroup<MR>(rows, size, job_.tile, job_.c + first, job_.c_stride);
      }
    }
    return next;
  }

 private:
  void Start(int32_t n, Vec acc[T]) const {
    const float* partial = job_.partial + static_cast<size_t>(n) * MR;
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
      acc[t] = first_ ? Ops::Zero() : Ops::Load(partial + Ops::kWidth * t);
    }
  }

  // Channel n (index `local` in its group): into the group's tile after the
  // last slice, else back to the partial sums.
  void End(int32_t n, int32_t local, const Vec acc[T]) const {
    if (last_) {
      float* out = job_.tile + static_cast<size_t>(local) * MR;
      const Vec bias = Ops::Set1(w_.bias[n]);
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) {
        Ops::Store(out + Ops::kWidth * t, Ops::Clamp(acc[t], bias, low_, high_));
      }
    } else {
      float* out = job_.partial + static_cast<size_t>(n) * MR;
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) Ops::Store(out + Ops::kWidth * t, acc[t]);
    }
  }

  void Pair(int32_t n0, int32_t n1, int32_t local0, int32_t local1) const {
    Vec acc0[T], acc1[T];
    Start(n0, acc0);
    Start(n1, acc1);
    const F32SparseEntry* e0 = w_.entries + starts_[n0];
    const F32SparseEntry* e1 = w_.entries + starts_[n1];
    const int32_t both = std::min(counts_[n0], counts_[n1]);
    AddEntryPairs<Ops, T>(e0, e1, both, base_, acc0, acc1);
    // Nothing left after a pair the packing padded.
    if (counts_[n0] != counts_[n1]) {
      AddEntries<Ops, T>(e0 + both, counts_[n0] - both, base_, acc0);
      AddEntries<Ops, T>(e1 + both, counts_[n1] - both, base_, acc1);
    }
    End(n0, local0, acc0);
    End(n1, local1, acc1);
  }

  void Single(int32_t n, int32_t local) const {
    Vec acc[T];
    Start(n, acc);
    AddEntries<Ops, T>(w_.entries + starts_[n], counts_[n], base_, acc);
    End(n, local, acc);
  }

  const SpmmJob& job_;
  const F32SparseRows& w_;
  const bool first_, last_;
  const int32_t* counts_;
  const uint32_t* starts_;
  const uint8_t* order_;
  const char* base_;
  const Vec low_, high_;
};

// The tile's slices in order, each transposed in, then run; meanwhile the
// next tile's `next_lines` lines are prefetched, a share per pair.
template <class Ops, int32_t MR, int T>
void RunSpmmTile(const SpmmJob& job) {
  const F32SparseRows& w = job.w;
  const int32_t pairs = std::max(1, (w.rows + 1) / 2 * w.slices);
  const int32_t lines_per_pair = std::min((job.next_lines + pairs - 1) / pairs, 8);
  uintptr_t next = job.next;
  for (int32_t s = 0; s < w.slices; ++s) {
    const int32_t k0 = s * w.slice_depth;
    Ops::template TransposeIn<MR>(job.rows, T * Ops::kWidth,
                                  std::min(w.slice_depth, w.depth - k0), job.a + k0,
                                  job.a_stride, job.at);
    next = SliceRun<Ops, MR, T>(job, s).Run(next, lines_per_pair);
  }
}

// spmm on tiles of MR rows (the packing's mr): T = the tile's vectors.
template <class Ops, int32_t MR>
void RunSpmm(int32_t rows, const float* a, size_t a_stride, const F32SparseRows& w, float* c,
             size_t c_stride, float* scratch, const F32GemmParams& params) {
  constexpr int kMaxT = MR / Ops::kWidth;
  const int32_t vectors = (rows + Ops::kWidth - 1) / Ops::kWidth;
  float* at = AlignSpmmScratch(scratch);
  float* tile = at + static_cast<size_t>(w.slice_depth) * MR;
  float* partial = tile + static_cast<size_t>(kF32SpmmOutGroup) * MR;
  // The next tile's rows of A, when a full one follows (prefetches never
  // fault, but needless ones cost bandwidth).
  const uintptr_t next =
      reinterpret_cast<uintptr_t>(a) + static_cast<size_t>(rows) * a_stride * sizeof(float);
  const int32_t next_lines =
      rows == MR ? static_cast<int32_t>(static_cast<size_t>(MR) * a_stride * sizeof(float) / 64)
                 : 0;
  const SpmmJob job{rows, a, a_stride, w, c, c_stride, params, at, tile, partial, next, next_lines};
  switch (vectors) {
    case 1: RunSpmmTile<Ops, MR, std::min(1, kMaxT)>(job); break;
    case 2: RunSpmmTile<Ops, MR, std::min(2, kMaxT)>(job); break;
    case 3: RunSpmmTile<Ops, MR, std::min(3, kMaxT)>(job); break;
    case 4: RunSpmmTile<Ops, MR, std::min(4, kMaxT)>(job); break;
    case 5: RunSpmmTile<Ops, MR, std::min(5, kMaxT)>(job); break;
    case 6: RunSpmmTile<Ops, MR, std::min(6, kMaxT)>(job); break;
    case 7: RunSpmmTile<Ops, MR, std::min(7, kMaxT)>(job); break;
    default: RunSpmmTile<Ops, MR, kMaxT>(job); break;
  }
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_SPMM_F32_SPMM_TILE_H_
