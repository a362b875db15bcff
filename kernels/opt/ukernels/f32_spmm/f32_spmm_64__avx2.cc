// f32_spmm with AVX2 + FMA: spmm tiles of up to 64 pixels (T = 1..8 ymm per
// output channel; channels in pairs when T <= 4: f32_spmm_tile.h), each
// group's results out through 8x8 transposes; spmv slices of 8 output
// channels with 8-wide gathers of the inputs.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/common/transpose_avx2.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"
#include "kernels/opt/ukernels/f32_spmm/f32_spmm_tile.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 64;
constexpr int32_t kLanes = 8;

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

struct Avx2Ops {
  using Vec = __m256;
  static constexpr int32_t kWidth = 8;
  // Pairs up to 4 ymm a channel: 8 accumulators, at least 8 FMA chains in
  // flight; more would spill from 16 registers (T > 4 runs one channel).
  static constexpr int kMaxPairT = 4;
  static Vec Zero() { return _mm256_setzero_ps(); }
  static Vec Set1(float x) { return _mm256_set1_ps(x); }
  static Vec Load(const float* p) { return _mm256_load_ps(p); }
  static void Store(float* p, Vec v) { _mm256_store_ps(p, v); }
  static Vec Fma(Vec x, Vec v, Vec acc) { return _mm256_fmadd_ps(x, v, acc); }
  static Vec Clamp(Vec x, Vec bias, Vec low, Vec high) {
    return _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(x, bias), low), high);
  }
  template <int32_t MR>
  static void StoreGroup(int32_t rows, int32_t count, const float* tile, float* out,
                         size_t stride) {
    TransposeRowsOut<MR>(rows, 0, count, tile, out, stride);
  }
  template <int32_t MR>
  static void TransposeIn(int32_t rows, int32_t padded, int32_t depth, const float* in,
                          size_t stride, float* out) {
    TransposeRowsIn<MR>(rows, padded, depth, in, stride, out);
  }
};

}  // namespace

void f32_spmm_64__avx2_spmm(int32_t rows, const float* a, size_t a_stride,
                            const F32SparseRows& w, float* c, size_t c_stride, float* scratch,
                            const F32GemmParams& params) {
  RunSpmm<Avx2Ops, kMr>(rows, a, a_stride, w, c, c_stride, scratch, params);
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
                Avx2Ops::Clamp(sum, _mm256_loadu_ps(w.bias + first), low, high));
    }
  }
}

}  // namespace brasa
