// Peak probe: vpdpbusd on ymm registers with the VEX encoding (AVX-VNNI, on
// CPUs such as Alder Lake that lack AVX-512; 32 MACs = 64 ops each).
// Compiled with -mavx2 -mavxvnni. 12 accumulators cover its latency times
// two ports.
#include <immintrin.h>

#include "bench/peak/mac_loop.h"
#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {
namespace {

struct AvxVnni {
  using Vector = __m256i;
  using Scalar = int32_t;
  static constexpr int kLanes = 8;
  static constexpr int kAccumulators = 12;
  static constexpr int kOpsPerInstruction = 32 * 2;
  static Vector Multiplier(int32_t seed) { return _mm256_set1_epi32(seed); }
  static Vector Addend(int32_t seed) { return _mm256_set1_epi32(seed ^ 0x5a5a5a5a); }
  static Vector Start(int32_t seed, int a) { return _mm256_set1_epi32(seed + a); }
  static Vector Mac(Vector acc, Vector u8, Vector s8) {
    return _mm256_dpbusd_avx_epi32(acc, u8, s8);
  }
  static Vector Add(Vector a, Vector b) { return _mm256_add_epi32(a, b); }
  static void Store(int32_t* lanes, Vector v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(lanes), v);
  }
};

}  // namespace

int32_t I8DotLoopAvxVnni(int64_t iterations, int32_t seed, double* ops) {
  return RunMacLoop<AvxVnni>(iterations, seed, ops);
}

}  // namespace bench
}  // namespace brasa
