// Peak probe: vpdpbusd on zmm registers (u8 x s8 -> s32, 4 products summed
// per lane). Compiled with -mavx512f -mavx512vnni. 16 independent
// accumulators cover its latency (5 cycles) times up to two ports.
#include <immintrin.h>

#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {

int32_t I8DotLoopAvx512Vnni(int64_t iterations, int32_t seed, double* ops) {
  const __m512i u = _mm512_set1_epi32(seed), s = _mm512_set1_epi32(seed ^ 0x5a5a5a5a);
  __m512i a0 = u, a1 = u, a2 = u, a3 = u, a4 = u, a5 = u, a6 = u, a7 = u;
  __m512i a8 = u, a9 = u, a10 = u, a11 = u, a12 = u, a13 = u, a14 = u, a15 = u;
  for (int64_t i = 0; i < iterations; ++i) {
    a0 = _mm512_dpbusd_epi32(a0, u, s);
    a1 = _mm512_dpbusd_epi32(a1, u, s);
    a2 = _mm512_dpbusd_epi32(a2, u, s);
    a3 = _mm512_dpbusd_epi32(a3, u, s);
    a4 = _mm512_dpbusd_epi32(a4, u, s);
    a5 = _mm512_dpbusd_epi32(a5, u, s);
    a6 = _mm512_dpbusd_epi32(a6, u, s);
    a7 = _mm512_dpbusd_epi32(a7, u, s);
    a8 = _mm512_dpbusd_epi32(a8, u, s);
    a9 = _mm512_dpbusd_epi32(a9, u, s);
    a10 = _mm512_dpbusd_epi32(a10, u, s);
    a11 = _mm512_dpbusd_epi32(a11, u, s);
    a12 = _mm512_dpbusd_epi32(a12, u, s);
    a13 = _mm512_dpbusd_epi32(a13, u, s);
    a14 = _mm512_dpbusd_epi32(a14, u, s);
    a15 = _mm512_dpbusd_epi32(a15, u, s);
  }
  *ops = static_cast<double>(iterations) * 16 * 64 * 2;
  const __m512i low = _mm512_add_epi32(
      _mm512_add_epi32(_mm512_add_epi32(a0, a1), _mm512_add_epi32(a2, a3)),
      _mm512_add_epi32(_mm512_add_epi32(a4, a5), _mm512_add_epi32(a6, a7)));
  const __m512i high = _mm512_add_epi32(
      _mm512_add_epi32(_mm512_add_epi32(a8, a9), _mm512_add_epi32(a10, a11)),
      _mm512_add_epi32(_mm512_add_epi32(a12, a13), _mm512_add_epi32(a14, a15)));
  alignas(64) int32_t lanes[16];
  _mm512_store_si512(lanes, _mm512_add_epi32(low, high));
  uint32_t sum = 0;  // wraps, like the lanes
  for (int32_t lane : lanes) sum += static_cast<uint32_t>(lane);
  return static_cast<int32_t>(sum);
}

}  // namespace bench
}  // namespace brasa
