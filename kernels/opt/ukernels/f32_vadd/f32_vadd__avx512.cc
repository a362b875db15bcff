// f32_vadd with AVX-512F: 64 elements per step in four vectors, then single
// vectors, then the tail under a mask (nothing read or written past it).
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {

void f32_vadd__avx512(size_t count, const float* a, const float* b, float* out, float low,
                      float high) {
  const __m512 lo = _mm512_set1_ps(low), hi = _mm512_set1_ps(high);
  auto add = [&](__m512 x, __m512 y) {
    return _mm512_min_ps(hi, _mm512_max_ps(lo, _mm512_add_ps(x, y)));
  };
  size_t i = 0;
  for (; i + 64 <= count; i += 64) {
    const __m512 s0 = add(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    const __m512 s1 = add(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
    const __m512 s2 = add(_mm512_loadu_ps(a + i + 32), _mm512_loadu_ps(b + i + 32));
    const __m512 s3 = add(_mm512_loadu_ps(a + i + 48), _mm512_loadu_ps(b + i + 48));
    _mm512_storeu_ps(out + i, s0);
    _mm512_storeu_ps(out + i + 16, s1);
    _mm512_storeu_ps(out + i + 32, s2);
    _mm512_storeu_ps(out + i + 48, s3);
  }
  for (; i + 16 <= count; i += 16) {
    _mm512_storeu_ps(out + i, add(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i < count) {
    const __mmask16 mask = static_cast<__mmask16>((1u << (count - i)) - 1);
    _mm512_mask_storeu_ps(out + i, mask,
                          add(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i)));
  }
}

}  // namespace brasa
