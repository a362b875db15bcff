// Peak probe: vfmadd231ps on ymm registers. Compiled with -mavx2 -mfma.
// 12 independent accumulators cover FMA latency (4-5 cycles) times two FMA
// ports, leaving registers for the two multiplicands.
#include <immintrin.h>

#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {

float F32FmaLoopAvx2(int64_t iterations, float seed, double* ops) {
  const __m256 x = _mm256_set1_ps(0.999f), y = _mm256_set1_ps(seed);
  __m256 a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y;
  __m256 a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
  for (int64_t i = 0; i < iterations; ++i) {
    a0 = _mm256_fmadd_ps(a0, x, y);
    a1 = _mm256_fmadd_ps(a1, x, y);
    a2 = _mm256_fmadd_ps(a2, x, y);
    a3 = _mm256_fmadd_ps(a3, x, y);
    a4 = _mm256_fmadd_ps(a4, x, y);
    a5 = _mm256_fmadd_ps(a5, x, y);
    a6 = _mm256_fmadd_ps(a6, x, y);
    a7 = _mm256_fmadd_ps(a7, x, y);
    a8 = _mm256_fmadd_ps(a8, x, y);
    a9 = _mm256_fmadd_ps(a9, x, y);
    a10 = _mm256_fmadd_ps(a10, x, y);
    a11 = _mm256_fmadd_ps(a11, x, y);
  }
  *ops = static_cast<double>(iterations) * 12 * 8 * 2;
  const __m256 sum = _mm256_add_ps(
      _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                    _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7))),
      _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
  return _mm256_cvtss_f32(sum);
}

}  // namespace bench
}  // namespace brasa
