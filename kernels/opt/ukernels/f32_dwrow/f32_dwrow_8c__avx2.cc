// f32_dwrow with AVX2 + FMA: 8 channels per packed block, interior output
// pixels 4 at a time (16 registers hold 4 sums and the columns; the weights
// that do not fit are read from the stack as FMA operands). The last block
// (fewer than 8 channels) is loaded and stored under a mask.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_dwrow_simd.h"

namespace brasa {
namespace {

struct Avx2Lanes {
  using V = __m256;
  using Mask = __m256i;
  static constexpr int32_t kCb = 8;
  static constexpr int32_t kTile = 4;
  static Mask TailMask(int32_t lanes) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(lanes), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  template <bool kTail>
  static V Load(const float* p, Mask mask) {
    return kTail ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
  }
  static V LoadFull(const float* p) { return _mm256_loadu_ps(p); }
  template <bool kTail>
  static void Store(float* p, V v, Mask mask) {
    if (kTail) {
      _mm256_maskstore_ps(p, mask, v);
    } else {
      _mm256_storeu_ps(p, v);
    }
  }
  static V Zero() { return _mm256_setzero_ps(); }
  static V Set1(float x) { return _mm256_set1_ps(x); }
  static V Fma(V a, V b, V acc) { return _mm256_fmadd_ps(a, b, acc); }
  static V Add(V a, V b) { return _mm256_add_ps(a, b); }
  static V Clamp(V x, V low, V high) { return _mm256_min_ps(_mm256_max_ps(x, low), high); }
};

}  // namespace

void f32_dwrow_8c__avx2(const F32DwrowArgs& args, const float* packed, float* output,
                        const F32DwconvParams& params) {
  Dwrow<Avx2Lanes>(args, packed, output, params);
}

void f32_dwrow_copy_8c__avx2(const float* from, size_t from_pixel, float* to, size_t to_pixel,
                             int32_t pixels, int32_t floats) {
  DwrowCopy<Avx2Lanes>(from, from_pixel, to, to_pixel, pixels, floats);
}

}  // namespace brasa
