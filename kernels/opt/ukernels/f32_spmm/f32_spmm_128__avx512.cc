// f32_spmm with AVX-512: spmm tiles of up to 128 pixels (T = 1..8 zmm per
// output channel: T + 1 loads per T FMAs; channels in pairs when T <= 4, so
// that at least 8 FMA chains are in flight); spmv slices of 16 output
// channels with 16-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 128;
constexpr int32_t kLanes = 16;

inline __m512 Clamp(__m512 x, __m512 bias, __m512 low, __m512 high) {
  return _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(x, bias), low), high);
}

// out[p * stride + n] = in[n * kMr + p] for p < rows, n < count (<= 16):
// a full group of 16 channels goes out in 16x16 in-register transposes, one
// 64-byte store per pixel (the output is written once, in whole rows of the
// group); the rest through TransposeRowsOut's 8x8 blocks.
inline void StoreTransposed(int32_t rows, int32_t count, const float* in, float* out,
                            size_t stride) {
  if (count == 16) {
    int32_t p = 0;
    for (; p + 16 <= rows; p += 16) {
      __m512 r[16];
      for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(in + i * kMr + p);
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
    TransposeRowsOut<kMr>(rows - p, 0, count, in + p, out + p * stride, stride);
    return;
  }
  TransposeRowsOut<kMr>(rows, 0, count, in, out, stride);
}

// acc[t] += value * (the 16 pixels t of the entry's input channel), for
// each of `count` entries in order.
template <int T>
inline void AddEntries(const F32SparseEntry* e, int32_t count, const char* at, __m512 acc[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m512 v = _mm512_set1_ps(e[i].value);
    const float* x = reinterpret_cast<const float*>(at + e[i].offset);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = _mm512_fmadd_ps(_mm512_loadu_ps(x + 16 * t), v, acc[t]);
  }
}

// Two channels' sums side by side while both have entries left.
template <int T>
inline void AddEntryPairs(const F32SparseEntry* e0, const F32SparseEntry* e1, int32_t count,
                          const char* at, __m512 acc0[T], __m512 acc1[T]) {
  for (int32_t i = 0; i < count; ++i) {
    const __m512 v0 = _mm512_set1_ps(e0[i].value), v1 = _mm512_set1_ps(e1[i].value);
    const float* x0 = reinterpret_cast<const float*>(at + e0[i].offset);
    const float* x1 = reinterpret_cast<const float*>(at + e1[i].offset);
#pragma GCC unroll 4
    for (int t = 0; t < T; ++t) {
      acc0[t] = _mm512_fmadd_ps(_mm512_loadu_ps(x0 + 16 * t), v0, acc0[t]);
      acc1[t] = _mm512_fmadd_ps(_mm512_loadu_ps(x1 + 16 * t), v1, acc1[t]);
    }
  }
}

template <int T>
inline void StoreChannel(const __m512 acc[T], float bias, __m512 low, __m512 high, float* out) {
  const __m512 b = _mm512_set1_ps(bias);
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) _mm512_storeu_ps(out + 16 * t, Clamp(acc[t], b, low, high));
}

// The tile's channels, kF32SpmmOutGroup at a time into `tile`, then
// transposed into C.
template <int T>
void SpmmTile(int32_t rows, const F32SparseRows& w, const float* at, float* tile, float* c,
              size_t c_stride, const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const char* base = reinterpret_cast<const char*>(at);
  for (int32_t first = 0; first < w.rows; first += kF32SpmmOutGroup) {
    const int32_t end = std::min(first + kF32SpmmOutGroup, w.rows);
    int32_t n = first;
    if (T <= 4) {
      for (; n + 1 < end; n += 2) {
        __m512 acc0[T], acc1[T];
#pragma GCC unroll 4
        for (int t = 0; t < T; ++t) acc0[t] = acc1[t] = _mm512_setzero_ps();
        const F32SparseEntry* e0 = w.entries + w.starts[n];
        const F32SparseEntry* e1 = w.entries + w.starts[n + 1];
        const int32_t both = std::min(w.counts[n], w.counts[n + 1]);
        AddEntryPairs<T>(e0, e1, both, base, acc0, acc1);
        AddEntries<T>(e0 + both, w.counts[n] - both, base, acc0);
        AddEntries<T>(e1 + both, w.counts[n + 1] - both, base, acc1);
        StoreChannel<T>(acc0, w.bias[n], low, high, tile + (n - first) * kMr);
        StoreChannel<T>(acc1, w.bias[n + 1], low, high, tile + (n + 1 - first) * kMr);
      }
    }
    for (; n < end; ++n) {
      __m512 acc[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
      AddEntries<T>(w.entries + w.starts[n], w.counts[n], base, acc);
      StoreChannel<T>(acc, w.bias[n], low, high, tile + (n - first) * kMr);
    }
    StoreTransposed(rows, end - first, tile, c + first, c_stride);
  }
}

}  // namespace

void f32_spmm_128__avx512_spmm(int32_t rows, const float* a, size_t a_stride,
                               const F32SparseRows& w, float* c, size_t c_stride, float* scratch,
                               const F32GemmParams& params) {
  const int32_t vectors = (rows + 15) / 16;
  float* at = scratch;                                          // [depth][kMr]
  float* tile = scratch + static_cast<size_t>(w.depth) * kMr;  // [kF32SpmmOutGroup][kMr]
  TransposeRowsIn<kMr>(rows, vectors * 16, w.depth, a, a_stride, at);
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
