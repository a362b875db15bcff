// Peak probe: vfmadd231ps on zmm registers (32 FLOP each). Compiled with
// -mavx512f. 16 accumulators cover FMA latency (4 cycles) times up to two
// 512-bit ports.
#include <immintrin.h>

#include "bench/peak/mac_loop.h"
#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {
namespace {

struct Avx512Fma {
  using Vector = __m512;
  using Scalar = float;
  static constexpr int kLanes = 16;
  static constexpr int kAccumulators = 16;
  static constexpr int kOpsPerInstruction = 16 * 2;
  static Vector Multiplier(float) { return _mm512_set1_ps(0.999f); }
  static Vector Addend(float seed) { return _mm512_set1_ps(seed); }
  static Vector Start(float seed, int a) { return _mm512_set1_ps(seed * (a + 1)); }
  static Vector Mac(Vector acc, Vector m1, Vector m2) { return _mm512_fmadd_ps(acc, m1, m2); }
  static Vector Add(Vector a, Vector b) { return _mm512_add_ps(a, b); }
  static void Store(float* lanes, Vector v) { _mm512_storeu_ps(lanes, v); }
};

}  // namespace

float F32FmaLoopAvx512(int64_t iterations, float seed, double* ops) {
  return RunMacLoop<Avx512Fma>(iterations, seed, ops);
}

}  // namespace bench
}  // namespace brasa
