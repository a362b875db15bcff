// f32_vadd with AVX-512F: 16 elements per vector; the tail under a mask
// (nothing read or written past it).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_vadd_simd.h"
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {
namespace {

struct Avx512Lanes {
  using V = __m512;
  static constexpr size_t kLanes = 16;
  static V Load(const float* p) { return _mm512_loadu_ps(p); }
  static void Store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Set1(float x) { return _mm512_set1_ps(x); }
  static V Add(V x, V y) { return _mm512_add_ps(x, y); }
  static V Max(V x, V y) { return _mm512_max_ps(x, y); }
  static V Min(V x, V y) { return _mm512_min_ps(x, y); }
  static void Tail(size_t count, const float* a, const float* b, float* out, float low,
                   float high) {
    const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
    const V sum = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, a), _mm512_maskz_loadu_ps(mask, b));
    _mm512_mask_storeu_ps(out, mask,
                          _mm512_min_ps(Set1(high), _mm512_max_ps(Set1(low), sum)));
  }
};

}  // namespace

void f32_vadd__avx512(size_t count, const float* a, const float* b, float* out, float low,
                      float high) {
  Vadd<Avx512Lanes>(count, a, b, out, low, high);
}

}  // namespace brasa
