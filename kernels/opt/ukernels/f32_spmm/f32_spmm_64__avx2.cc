// f32_spmm with AVX2 + FMA: spmm tiles of up to 64 pixels (T = 1..8 ymm per
// output channel: T + 1 loads per T FMAs; channels in pairs when T <= 4, so
// that at least 8 FMA chains are in flight); spmv slices of 8 output
// channels with 8-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 64;
constexpr int32_t kLanes = 8;

inline __m256 Clamp(__m256 x, __m256 bias, __m256 low, __m256 high) {
  return _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(x, bias), low), high);
}

// Stores `count` (1..8) floats of v.
inline void StorePart(float* out, int32_t count, __m256 v) {
  if (count == 8) {
    _mm256_storeu_ps(out, v);
    return;
  }
  float values[8];
  _mm256_storeu_ps(values, v);
  std::memcpy(out, values, sizeof(float) * static_cast<size_t>(count));
}

// acc[t] += value * (the 8 pixels t of the entry's input channel), for
// each of `count` entries in order.
template <int T>
inline void AddEntries(const F32SparseEntry* e, int32_t count, const char* at, __m256 acc[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m256 v = _mm256_set1_ps(e[i].value);
    const float* x = reinterpret_cast<const float*>(at + e[i].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = _mm256_fmadd_ps(_mm256_loadu_ps(x + 8 * t), v, acc[t]);
  }
}

// Two channels' sums side by side while both have entries left.
template <int T>
inline void AddEntryPairs(const F32SparseEntry* e0, const F32SparseEntry* e1, int32_t count,
                          const char* at, __m256 acc0[T], __m256 acc1[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m256 v0 = _mm256_set1_ps(e0[i].value), v1 = _mm256_set1_ps(e1[i].value);
    const float* x0 = reinterpret_cast<const float*>(at + e0[i].offset);
    const float* x1 = reinterpret_cast<const float*>(at + e1[i].offset);
#pragma GCC unroll 4
    for (int t = 0; t < T; ++t) {
      acc0[t] = _mm256_fmadd_ps(_mm256_loadu_ps(x0 + 8 * t), v0, acc0[t]);
      acc1[t] = _mm256_fmadd_ps(_mm256_loadu_ps(x1 + 8 * t), v1, acc1[t]);
    }
  }
}

template <int T>
inline void StoreChannel(const __m256 acc[T], float bias, __m256 low, __m256 high, float* out) {
  const __m256 b = _mm256_set1_ps(bias);
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, Clamp(acc[t], b, low, high));
}

// The tile's channels, kF32SpmmOutGroup at a time into `tile`, then
// transposed into C.
template <int T>
void SpmmTile(int32_t rows, const F32SparseRows& w, const float* at, float* tile, float* c,
              size_t c_stride, const F32GemmParams& params) {
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  const char* base = reinterpret_cast<const char*>(at);
  for (int32_t first = 0; first < w.rows; first += kF32SpmmOutGroup) {
    const int32_t end = std::min(first + kF32SpmmOutGroup, w.rows);
    const uint8_t* order = w.order + first;
    int32_t j = 0;
    if (T <= 4) {
      // The packing's pairs, padded to the same count.
      for (; j + 1 < end - first; j += 2) {
        const int32_t n0 = first + order[j], n1 = first + order[j + 1];
        __m256 acc0[T], acc1[T];
#pragma GCC unroll 4
        for (int t = 0; t < T; ++t) acc0[t] = acc1[t] = _mm256_setzero_ps();
        const F32SparseEntry* e0 = w.entries + w.starts[n0];
        const F32SparseEntry* e1 = w.entries + w.starts[n1];
        const int32_t both = std::min(w.counts[n0], w.counts[n1]);
        AddEntryPairs<T>(e0, e1, both, base, acc0, acc1);
        if (w.counts[n0] != w.counts[n1]) {
          AddEntries<T>(e0 + both, w.counts[n0] - both, base, acc0);
          AddEntries<T>(e1 + both, w.counts[n1] - both, base, acc1);
        }
        StoreChannel<T>(acc0, w.bias[n0], low, high, tile + order[j] * kMr);
        StoreChannel<T>(acc1, w.bias[n1], low, high, tile + order[j + 1] * kMr);
      }
    }
    for (; j < end - first; ++j) {
      const int32_t n = first + order[j];
      __m256 acc[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
      AddEntries<T>(w.entries + w.starts[n], w.counts[n], base, acc);
      StoreChannel<T>(acc, w.bias[n], low, high, tile + order[j] * kMr);
    }
    TransposeRowsOut<kMr>(rows, 0, end - first, tile, c + first, c_stride);
  }
}

}  // namespace

void f32_spmm_64__avx2_spmm(int32_t rows, const float* a, size_t a_stride,
                            const F32SparseRows& w, float* c, size_t c_stride, float* scratch,
                            const F32GemmParams& params) {
  const int32_t vectors = (rows + 7) / 8;
  float* at = AlignSpmmScratch(scratch);                   // [depth][kMr]
  float* tile = at + static_cast<size_t>(w.depth) * kMr;  // [kF32SpmmOutGroup][kMr]
  TransposeRowsIn<kMr>(rows, vectors * 8, w.depth, a, a_stride, at);
  switch (vectors) {
    case 1: SpmmTile<1>(rows, w, at, tile, c, c_stride, params); break;
    case 2: SpmmTile<2>(rows, w, at, tile, c, c_stride, params); break;
    case 3: SpmmTile<3>(rows, w, at, tile, c, c_stride, params); break;
    case 4: SpmmTile<4>(rows, w, at, tile, c, c_stride, params); break;
    case 5: SpmmTile<5>(rows, w, at, tile, c, c_stride, params); break;
    case 6: SpmmTile<6>(rows, w, at, tile, c, c_stride, params); break;
    case 7: SpmmTile<7>(rows, w, at, tile, c, c_stride, params); break;
    default: SpmmTile<8>(rows, w, at, tile, c, c_stride, params); break;
  }
}

void f32_spmm_64__avx2_spmv(int32_t rows, const float* a, size_t a_stride,
                            const F32SlicedWeights& w, float* c, size_t c_stride,
                            const F32GemmParams& params) {
  const __m256 low = _mm256_set1_ps(params.min), high = _mm256_set1_ps(params.max);
  for (int32_t m = 0; m < rows; ++m) {
    const float* in = a + static_cast<size_t>(m) * a_stride;
    float* out = c + static_cast<size_t>(m) * c_stride;
    const float* step = static_cast<const float*>(w.slices);
    for (int32_t first = 0, s = 0; first < w.rows; first += kLanes, ++s) {
      __m256 sum = _mm256_setzero_ps();
      for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * kLanes) {
        const __m256i index =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(step + kLanes));
        const __m256 x = _mm256_i32gather_ps(in, index, 4);
        sum = _mm256_fmadd_ps(x, _mm256_loadu_ps(step), sum);
      }
      StorePart(out + first, std::min(kLanes, w.rows - first),
                Clamp(sum, _mm256_loadu_ps(w.bias + first), low, high));
    }
  }
}

}  // namespace brasa
