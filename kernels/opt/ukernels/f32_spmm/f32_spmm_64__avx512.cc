// f32_spmm with AVX-512: spmm tiles of up to 64 pixels, T = 1..4 zmm of
// pixels per output channel and channels in the packing's pairs
// (f32_spmm_tile.h), each group's results out through 16x16 in-register
// transposes; spmv slices of 16 output channels with 16-wide gathers of the
// inputs. Tiles of 128 pixels (T = 8, fewer pairs per pixel) were slower
// even where a whole tile's depth fits L1: 225 against 214 us on
// 56x56x64 -> 128 and 395 against 350 us on 112x112x32 -> 64 at 80% zeros
// (the transposed tile, the group's results and its output lines no longer
// fit the 48 KB L1 together).
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm_tile.h"

namespace brasa {
namespace {

constexpr int32_t kLanes = 16;

// out[j * out_stride + i] = in[i * in_stride + j] for i, j < 16, in
// registers: 64 shuffles, one 64-byte load per row in and one store per
// row out.
inline void Transpose16x16(const float* in, size_t in_stride, float* out, size_t out_stride) {
  __m512 r[16];
  for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(in + i * in_stride);
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
  // r[j]: column j of the block.
  for (int j = 0; j < 16; ++j) _mm512_storeu_ps(out + j * out_stride, r[j]);
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
    for (; p + 16 <= rows; p += 16) Transpose16x16(in + p, MR, out + p * stride, stride);
    TransposeRowsOut<MR>(rows - p, 0, count, in + p, out + p * stride, stride);
    return;
  }
  TransposeRowsOut<MR>(rows, 0, count, in, out, stride);
}

// TransposeRowsIn (out[k * MR + p] = in[p * stride + k], rows <= p < padded
// zero) in 16x16 blocks where whole ones fit: a quarter of the 8x8 blocks'
// loads (whole 64-byte rows, not 16-byte halves) and two thirds of their
// shuffles and inserts. The edges go through TransposeRowsIn.
template <int32_t MR>
inline void LoadTransposed(int32_t rows, int32_t padded, int32_t depth, const float* in,
                           size_t stride, float* out) {
  const int32_t rows16 = rows & ~15, depth16 = depth & ~15;
  for (int32_t p = 0; p < rows16; p += 16) {
    for (int32_t k = 0; k < depth16; k += 16) {
      Transpose16x16(in + p * stride + k, stride, out + k * MR + p, MR);
    }
  }
  if (depth16 < depth) {
    TransposeRowsIn<MR>(rows, padded, depth - depth16, in + depth16, stride, out + depth16 * MR);
  }
  if (depth16 > 0 && rows16 < padded) {
    TransposeRowsIn<MR>(rows - rows16, padded - rows16, depth16, in + rows16 * stride, stride,
                        out + rows16);
  }
}

struct Avx512Ops {
  using Vec = __m512;
  static constexpr int32_t kWidth = 16;
  // 16 accumulators, 2 broadcasts and the loads fit 32 registers.
  static constexpr int kMaxPairT = 8;
  static Vec Zero() { return _mm512_setzero_ps(); }
  static Vec Set1(float x) { return _mm512_set1_ps(x); }
  static Vec Load(const float* p) { return _mm512_load_ps(p); }
  static void Store(float* p, Vec v) { _mm512_store_ps(p, v); }
  static Vec Fma(Vec x, Vec v, Vec acc) { return _mm512_fmadd_ps(x, v, acc); }
  static Vec Clamp(Vec x, Vec bias, Vec low, Vec high) {
    return _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(x, bias), low), high);
  }
  template <int32_t MR>
  static void StoreGroup(int32_t rows, int32_t count, const float* tile, float* out,
                         size_t stride) {
    StoreTransposed<MR>(rows, count, tile, out, stride);
  }
  template <int32_t MR>
  static void TransposeIn(int32_t rows, int32_t padded, int32_t depth, const float* in,
                          size_t stride, float* out) {
    LoadTransposed<MR>(rows, padded, depth, in, stride, out);
  }
};

}  // namespace

void f32_spmm_64__avx512_spmm(int32_t rows, const float* a, size_t a_stride,
                              const F32SparseRows& w, float* c, size_t c_stride, float* scratch,
                              const F32GemmParams& params) {
  RunSpmm<Avx512Ops, 64>(rows, a, a_stride, w, c, c_stride, scratch, params);
}

void f32_spmm_64__avx512_spmv(int32_t rows, const float* a, size_t a_stride,
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
      const __m512 result = Avx512Ops::Clamp(sum, _mm512_loadu_ps(w.bias + first), low, high);
      const int32_t count = std::min(kLanes, w.rows - first);
      _mm512_mask_storeu_ps(out + first, static_cast<__mmask16>((1u << count) - 1), result);
    }
  }
}

}  // namespace brasa
