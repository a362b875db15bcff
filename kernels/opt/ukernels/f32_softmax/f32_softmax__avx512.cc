// f32_softmax with AVX-512F: 16 elements per vector; 2^n by vscalefps,
// which also produces the subnormal results.
// GCC 12's _mm512_reduce_* pass an undefined operand that -Wuninitialized
// reports once inlined here (GCC bug 105593, fixed in GCC 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_lanes_avx512.h"
#include "kernels/opt/ukernels/common/f32_softmax_simd.h"
#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"

namespace brasa {
namespace {

struct Avx512Lanes : F32LanesAvx512 {
  static V RoundNearest(V v) {
    return _mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  }
  static V ScaleByPow2(V v, V n) { return _mm512_scalef_ps(v, n); }
  static float ReduceMax(V v) { return _mm512_reduce_max_ps(v); }
  static float ReduceAdd(V v) { return _mm512_reduce_add_ps(v); }
};

}  // namespace

void f32_softmax__avx512(const float* in, float* out, int32_t depth, float beta) {
  Softmax<Avx512Lanes>(in, out, depth, beta);
}

}  // namespace brasa
