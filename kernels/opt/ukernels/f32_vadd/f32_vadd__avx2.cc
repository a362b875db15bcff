// f32_vadd with AVX: 32 elements per step in four vectors, then single
// vectors, then the reference's loop for the last few.
#include <immintrin.h>

#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"
#include "kernels/ref/common/activation.h"

namespace brasa {

void f32_vadd__avx2(size_t count, const float* a, const float* b, float* out, float low,
                    float high) {
  const __m256 lo = _mm256_set1_ps(low), hi = _mm256_set1_ps(high);
  auto add = [&](__m256 x, __m256 y) {
    return _mm256_min_ps(hi, _mm256_max_ps(lo, _mm256_add_ps(x, y)));
  };
  size_t i = 0;
  for (; i + 32 <= count; i += 32) {
    const __m256 s0 = add(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    const __m256 s1 = add(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
    const __m256 s2 = add(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16));
    const __m256 s3 = add(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24));
    _mm256_storeu_ps(out + i, s0);
    _mm256_storeu_ps(out + i + 8, s1);
    _mm256_storeu_ps(out + i + 16, s2);
    _mm256_storeu_ps(out + i + 24, s3);
  }
  for (; i + 8 <= count; i += 8) {
    _mm256_storeu_ps(out + i, add(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  }
  const FloatRange range{low, high};
  for (; i < count; ++i) out[i] = ApplyFloatRange(a[i] + b[i], range);
}

}  // namespace brasa
