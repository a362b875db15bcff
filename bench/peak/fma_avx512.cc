// Peak probe: vfmadd231ps on zmm registers. Compiled with -mavx512f.
// 16 independent accumulators cover FMA latency (4 cycles) times up to two
// 512-bit FMA ports.
#include <immintrin.h>

#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {

float F32FmaLoopAvx512(int64_t iterations, float seed, double* ops) {
  const __m512 x = _mm512_set1_ps(0.999f), y = _mm512_set1_ps(seed);
  __m512 a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y;
  __m512 a8 = y, a9 = y, a10 = y, a11 = y, a12 = y, a13 = y, a14 = y, a15 = y;
  for (int64_t i = 0; i < iterations; ++i) {
    a0 = _mm512_fmadd_ps(a0, x, y);
    a1 = _mm512_fmadd_ps(a1, x, y);
    a2 = _mm512_fmadd_ps(a2, x, y);
    a3 = _mm512_fmadd_ps(a3, x, y);
    a4 = _mm512_fmadd_ps(a4, x, y);
    a5 = _mm512_fmadd_ps(a5, x, y);
    a6 = _mm512_fmadd_ps(a6, x, y);
    a7 = _mm512_fmadd_ps(a7, x, y);
    a8 = _mm512_fmadd_ps(a8, x, y);
    a9 = _mm512_fmadd_ps(a9, x, y);
    a10 = _mm512_fmadd_ps(a10, x, y);
    a11 = _mm512_fmadd_ps(a11, x, y);
    a12 = _mm512_fmadd_ps(a12, x, y);
    a13 = _mm512_fmadd_ps(a13, x, y);
    a14 = _mm512_fmadd_ps(a14, x, y);
    a15 = _mm512_fmadd_ps(a15, x, y);
  }
  *ops = static_cast<double>(iterations) * 16 * 16 * 2;
  const __m512 low = _mm512_add_ps(
      _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
      _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
  const __m512 high = _mm512_add_ps(
      _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)),
      _mm512_add_ps(_mm512_add_ps(a12, a13), _mm512_add_ps(a14, a15)));
  // Summed by hand: GCC 12 warns inside _mm512_reduce_add_ps.
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, _mm512_add_ps(low, high));
  float sum = 0;
  for (float lane : lanes) sum += lane;
  return sum;
}

}  // namespace bench
}  // namespace brasa
