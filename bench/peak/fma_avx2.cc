// Peak probe: vfmadd231ps on ymm registers (16 FLOP each). Compiled with
// -mavx2 -mfma. 12 accumulators cover FMA latency (4-5 cycles) times two
// ports, leaving registers for the multiplicands.
#include <immintrin.h>

#include "bench/peak/mac_loop.h"
#include "bench/peak/peak_loops.h"

namespace brasa {
namespace bench {
namespace {

struct Avx2Fma {
  using Vector = __m256;
  using Scalar = float;
  static constexpr int kLanes = 8;
  static constexpr int kAccumulators = 12;
  static constexpr int kOpsPerInstruction = 8 * 2;
  static Vector Multiplier(float) { return _mm256_set1_ps(0.999f); }
  static Vector Addend(float seed) { return _mm256_set1_ps(seed); }
  static Vector Start(float seed, int a) { return _mm256_set1_ps(seed * (a + 1)); }
  static Vector Mac(Vector acc, Vector m1, Vector m2) { return _mm256_fmadd_ps(acc, m1, m2); }
  static Vector Add(Vector a, Vector b) { return _mm256_add_ps(a, b); }
  static void Store(float* lanes, Vector v) { _mm256_storeu_ps(lanes, v); }
};

}  // namespace

float F32FmaLoopAvx2(int64_t iterations, float seed, double* ops) {
  return RunMacLoop<Avx2Fma>(iterations, seed, ops);
}

}  // namespace bench
}  // namespace brasa
