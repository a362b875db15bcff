// Peak probe: vpdpbusd on ymm registers with the VEX encoding (AVX-VNNI, on
// CPUs such as Alder Lake that lack AVX-512). Compiled with -mavx2 -mavxvnni.
// 12 independent accumulators cover its latency times two ports.
#include <immintrin.h>

#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {

int32_t I8DotLoopAvxVnni(int64_t iterations, int32_t seed, double* ops) {
  const __m256i u = _mm256_set1_epi32(seed), s = _mm256_set1_epi32(seed ^ 0x5a5a5a5a);
  __m256i a0 = u, a1 = u, a2 = u, a3 = u, a4 = u, a5 = u;
  __m256i a6 = u, a7 = u, a8 = u, a9 = u, a10 = u, a11 = u;
  for (int64_t i = 0; i < iterations; ++i) {
    a0 = _mm256_dpbusd_avx_epi32(a0, u, s);
    a1 = _mm256_dpbusd_avx_epi32(a1, u, s);
    a2 = _mm256_dpbusd_avx_epi32(a2, u, s);
    a3 = _mm256_dpbusd_avx_epi32(a3, u, s);
    a4 = _mm256_dpbusd_avx_epi32(a4, u, s);
    a5 = _mm256_dpbusd_avx_epi32(a5, u, s);
    a6 = _mm256_dpbusd_avx_epi32(a6, u, s);
    a7 = _mm256_dpbusd_avx_epi32(a7, u, s);
    a8 = _mm256_dpbusd_avx_epi32(a8, u, s);
    a9 = _mm256_dpbusd_avx_epi32(a9, u, s);
    a10 = _mm256_dpbusd_avx_epi32(a10, u, s);
    a11 = _mm256_dpbusd_avx_epi32(a11, u, s);
  }
  *ops = static_cast<double>(iterations) * 12 * 32 * 2;
  const __m256i sum = _mm256_add_epi32(
      _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3)),
                       _mm256_add_epi32(_mm256_add_epi32(a4, a5), _mm256_add_epi32(a6, a7))),
      _mm256_add_epi32(_mm256_add_epi32(a8, a9), _mm256_add_epi32(a10, a11)));
  return _mm256_extract_epi32(sum, 0) + _mm256_extract_epi32(sum, 7);
}

}  // namespace bench
}  // namespace brasa
