// f32_softmax with AVX-512F: 16 elements per vector; 2^n by vscalefps,
// which also produces the subnormal results.
// GCC 12's _mm512_reduce_* pass an undefined operand that -Wuninitialized
// reports once inlined here (GCC bug 105593, fixed in GCC 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_softmax_simd.h"
#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"

namespace brasa {
namespace {

struct Avx512Lanes {
  using V = __m512;
  static constexpr int32_t kLanes = 16;
  static V Load(const float* p) { return _mm512_loadu_ps(p); }
  static void Store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Set1(float x) { return _mm512_set1_ps(x); }
  static V Add(V a, V b) { return _mm512_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V Mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V Div(V a, V b) { return _mm512_div_ps(a, b); }
  static V Max(V a, V b) { return _mm512_max_ps(a, b); }
  static V Fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
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
