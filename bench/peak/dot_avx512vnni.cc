// Peak probe: vpdpbusd on zmm registers (u8 x s8 -> s32, 64 MACs = 128 ops
// each). Compiled with -mavx512f -mavx512vnni. 16 accumulators cover its
// latency (5 cycles) times up to two ports.
#include <immintrin.h>

#include "bench/peak/mac_loop.h"
#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {
namespace {

struct Avx512Vnni {
  using Vector = __m512i;
  using Scalar = int32_t;
  static constexpr int kLanes = 16;
  static constexpr int kAccumulators = 16;
  static constexpr int kOpsPerInstruction = 64 * 2;
  static Vector Multiplier(int32_t seed) { return _mm512_set1_epi32(seed); }
  static Vector Addend(int32_t seed) { return _mm512_set1_epi32(seed ^ 0x5a5a5a5a); }
  static Vector Start(int32_t seed, int a) { return _mm512_set1_epi32(seed + a); }
  static Vector Mac(Vector acc, Vector u8, Vector s8) { return _mm512_dpbusd_epi32(acc, u8, s8); }
  static Vector Add(Vector a, Vector b) { return _mm512_add_epi32(a, b); }
  static void Store(int32_t* lanes, Vector v) { _mm512_storeu_si512(lanes, v); }
};

}  // namespace

int32_t I8DotLoopAvx512Vnni(int64_t iterations, int32_t seed, double* ops) {
  return RunMacLoop<Avx512Vnni>(iterations, seed, ops);
}

}  // namespace bench
}  // namespace brasa
