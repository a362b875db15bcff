// f32_spmm with AVX-512: spmm tiles of up to 128 pixels (64 for deep
// weights: F32SpmmTileRows), T = 1..8 zmm of pixels per output channel and
// channels in the packing's pairs (2T accumulators, one loop over both
// channels' entries: 2 broadcasts, 2T loads and 2T FMAs a step); spmv slices
// of 16 output channels with 16-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

constexpr int32_t kLanes = 16;

inline __m512 Clamp(__m512 x, __m512 bias, __m512 low, __m512 high) {
  return _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(x, bias), low), high);
}

// out[p * stride + n] = in[n * MR + p] for p < rows, n < count (<= 16):
// a full group of 16 channels goes out in 16x16 in-register transposes, one
// 64-byte store per pixel (the output is written once, in whole rows of the
// group); the rest through TransposeRowsOut's 8x8 blocks.
template <int32_t MR>
inline void StoreTransposed(int32_t rows, int32_t count, const float* in, float* out,
                            size_t stride) {
  if (count == 16) {
    int32_t p = 0;
    for (; p + 16 <= rows; p += 16) {
      __m512 r[16];
      for (int i = 0; i < 16; ++i) r[i] = _mm512_load_ps(in + i * MR + p);
      __m512 t[16];
      for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
      }
      for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
      }
      for (int i = 0; i < 4; ++i) {
        t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
        t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
      }
      for (int i = 0; i < 4; ++i) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
        r[i + 4] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0x88);
        r[i + 12] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0xdd);
      }
      // r[j]: column j, pixel p + j's 16 channels.
      for (int j = 0; j < 16; ++j) _mm512_storeu_ps(out + (p + j) * stride, r[j]);
    }
    TransposeRowsOut<MR>(rows - p, 0, count, in + p, out + p * stride, stride);
    return;
  }
  TransposeRowsOut<MR>(rows, 0, count, in, out, stride);
}

// acc[t] += value * (the 16 pixels t of the entry's input channel), for
// each of `count` entries in order.
template <int T>
inline void AddEntries(const F32SparseEntry* e, int32_t count, const char* at, __m512 acc[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m512 v = _mm512_set1_ps(e[i].value);
    const float* x = reinterpret_cast<const float*>(at + e[i].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = _mm512_fmadd_ps(_mm512_load_ps(x + 16 * t), v, acc[t]);
  }
}

// Two channels' sums side by side while both have entries left (the whole
// of both, for a pair the packing padded to the same count).
template <int T>
inline void AddEntryPairs(const F32SparseEntry* e0, const F32SparseEntry* e1, int32_t count,
                          const char* at, __m512 acc0[T], __m512 acc1[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m512 v0 = _mm512_set1_ps(e0[i].value), v1 = _mm512_set1_ps(e1[i].value);
    const float* x0 = reinterpret_cast<const float*>(at + e0[i].offset);
    const float* x1 = reinterpret_cast<const float*>(at + e1[i].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
      acc0[t] = _mm512_fmadd_ps(_mm512_load_ps(x0 + 16 * t), v0, acc0[t]);
      acc1[t] = _mm512_fmadd_ps(_mm512_load_ps(x1 + 16 * t), v1, acc1[t]);
    }
  }
}

template <int T>
inline void StoreChannel(const __m512 acc[T], float bias, __m512 low, __m512 high, float* out) {
  const __m512 b = _mm512_set1_ps(bias);
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) _mm512_store_ps(out + 16 * t, Clamp(acc[t], b, low, high));
}

// Asks for the next `lines` cache lines of `next` into L2 (the rows of A
// the following tile transposes, spread over this tile's arithmetic).
inline uintptr_t Prefetch(uintptr_t next, int32_t lines) {
  for (int32_t i = 0; i < lines; ++i, next += 64) {
    _mm_prefetch(reinterpret_cast<const char*>(next), _MM_HINT_T1);
  }
  return next;
}

struct TileJob {
  int32_t rows;
  const F32SparseRows& w;
  const float* at;  // [depth][MR]: the transposed rows of A
  float* tile;
  float* c;
  size_t c_stride;
  const F32GemmParams& params;
  uintptr_t next;  // the address to prefetch from (maybe past the end of A)
  int32_t next_lines;
};

// The tile's channels, kF32SpmmOutGroup at a time into `tile` ([16][MR]),
// then transposed into C; meanwhile `next_lines` lines from `next` are
// prefetched.
template <int32_t MR, int T>
void SpmmTile(const TileJob& job) {
  const int32_t rows = job.rows;
  const F32SparseRows& w = job.w;
  const F32GemmParams& params = job.params;
  float* const tile = job.tile;
  uintptr_t next = job.next;
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const char* base = reinterpret_cast<const char*>(job.at);
  const int32_t pairs = (w.rows + 1) / 2;
  const int32_t lines_per_pair = std::min((job.next_lines + pairs - 1) / pairs, 8);
  // The group's output lines, a share per pair, so that the stores of its
  // transposition find them in cache (measured 5-7% on 56x56x64 -> 128).
  const int32_t out_rows_per_pair = (rows + kF32SpmmOutGroup / 2 - 1) / (kF32SpmmOutGroup / 2);
  for (int32_t first = 0; first < w.rows; first += kF32SpmmOutGroup) {
    const int32_t size = std::min(kF32SpmmOutGroup, w.rows - first);
    const uint8_t* order = w.order + first;
    int32_t out_row = 0;
    int32_t j = 0;
    for (; j + 1 < size; j += 2) {
      const int32_t n0 = first + order[j], n1 = first + order[j + 1];
      next = Prefetch(next, lines_per_pair);
      for (int32_t q = 0; q < out_rows_per_pair && out_row < rows; ++q, ++out_row) {
        _mm_prefetch(reinterpret_cast<const char*>(job.c + first + out_row * job.c_stride),
                     _MM_HINT_T0);
      }
      __m512 acc0[T], acc1[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) acc0[t] = acc1[t] = _mm512_setzero_ps();
      const F32SparseEntry* e0 = w.entries + w.starts[n0];
      const F32SparseEntry* e1 = w.entries + w.starts[n1];
      const int32_t both = std::min(w.counts[n0], w.counts[n1]);
      AddEntryPairs<T>(e0, e1, both, base, acc0, acc1);
      // Nothing left after a pair the packing padded.
      if (w.counts[n0] != w.counts[n1]) {
        AddEntries<T>(e0 + both, w.counts[n0] - both, base, acc0);
        AddEntries<T>(e1 + both, w.counts[n1] - both, base, acc1);
      }
      StoreChannel<T>(acc0, w.bias[n0], low, high, tile + order[j] * MR);
      StoreChannel<T>(acc1, w.bias[n1], low, high, tile + order[j + 1] * MR);
    }
    if (j < size) {
      const int32_t n = first + order[j];
      __m512 acc[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
      AddEntries<T>(w.entries + w.starts[n], w.counts[n], base, acc);
      StoreChannel<T>(acc, w.bias[n], low, high, tile + order[j] * MR);
    }
    StoreTransposed<MR>(rows, size, tile, job.c + first, job.c_stride);
  }
}

template <int32_t MR>
void Spmm(int32_t rows, const float* a, size_t a_stride, const F32SparseRows& w, float* c,
          size_t c_stride, float* scratch, const F32GemmParams& params) {
  const int32_t vectors = (rows + 15) / 16;
  float* at = AlignSpmmScratch(scratch);                     // [depth][MR]
  float* tile = at + static_cast<size_t>(w.depth) * MR;     // [kF32SpmmOutGroup][MR]
  TransposeRowsIn<MR>(rows, vectors * 16, w.depth, a, a_stride, at);
  // The next tile's rows of A, when a full one follows (prefetches never
  // fault, but needless ones cost bandwidth).
  const uintptr_t next =
      reinterpret_cast<uintptr_t>(a) + static_cast<size_t>(rows) * a_stride * sizeof(float);
  const int32_t next_lines =
      rows == MR ? static_cast<int32_t>(static_cast<size_t>(MR) * a_stride * sizeof(float) / 64)
                 : 0;
  const TileJob job{rows, w, at, tile, c, c_stride, params, next, next_lines};
  switch (vectors) {
    case 1: SpmmTile<MR, std::min(1, MR / 16)>(job); break;
    case 2: SpmmTile<MR, std::min(2, MR / 16)>(job); break;
    case 3: SpmmTile<MR, std::min(3, MR / 16)>(job); break;
    case 4: SpmmTile<MR, std::min(4, MR / 16)>(job); break;
    case 5: SpmmTile<MR, std::min(5, MR / 16)>(job); break;
    case 6: SpmmTile<MR, std::min(6, MR / 16)>(job); break;
    case 7: SpmmTile<MR, std::min(7, MR / 16)>(job); break;
    default: SpmmTile<MR, MR / 16>(job); break;
  }
}

}  // namespace

void f32_spmm_128__avx512_spmm(int32_t rows, const float* a, size_t a_stride,
                               const F32SparseRows& w, float* c, size_t c_stride, float* scratch,
                               const F32GemmParams& params) {
  // The packing's tile: 128 rows, or 64 for deep weights.
  if (w.mr == 64) {
    Spmm<64>(rows, a, a_stride, w, c, c_stride, scratch, params);
  } else {
    Spmm<128>(rows, a, a_stride, w, c, c_stride, scratch, params);
  }
}

void f32_spmm_128__avx512_spmv(int32_t rows, const float* a, size_t a_stride,
                               const F32SlicedWeights& w, float* c, size_t c_stride,
                               const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t m = 0; m < rows; ++m) {
    const float* in = a + static_cast<size_t>(m) * a_stride;
    float* out = c + static_cast<size_t>(m) * c_stride;
    const float* step = static_cast<const float*>(w.slices);
    for (int32_t first = 0, s = 0; first < w.rows; first += kLanes, ++s) {
      __m512 sum = _mm512_setzero_ps();
      for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kLanes) {
        const __m512i index = _mm512_loadu_si512(step + kLanes);
        const __m512 x = _mm512_i32gather_ps(index, in, 4);
        sum = _mm512_fmadd_ps(x, _mm512_loadu_ps(step), sum);
      }
      const __m512 result = Clamp(sum, _mm512_loadu_ps(w.bias + first), low, high);
      const int32_t count = std::min(kLanes, w.rows - first);
      _mm512_mask_storeu_ps(out + first, static_cast<__mmask16>((1u << count) - 1), result);
    }
  }
}

}  // namespace brasa
