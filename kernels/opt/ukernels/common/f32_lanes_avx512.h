// The float32 vector operations that several AVX-512 micro-kernel bodies
// take as their `Lanes` policy (f32_softmax, f32_vadd): 16 lanes, unaligned
// loads and stores. A variant's policy derives from this and adds what only
// its body needs. Include only from files built with AVX-512 flags.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX512_H_

#include <immintrin.h>

#include <cstdint>

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

struct F32LanesAvx512 {
  using V = __m512;
  static constexpr int32_t kLanes = 16;
  static V Load(const float* p) { return _mm512_loadu_ps(p); }
  static void Store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Set1(float x) { return _mm512_set1_ps(x); }
  static V Add(V a, V b) { return _mm512_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V Mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V Div(V a, V b) { return _mm512_div_ps(a, b); }
  // b where either operand is NaN (x86's max and min).
  static V Max(V a, V b) { return _mm512_max_ps(a, b); }
  static V Min(V a, V b) { return _mm512_min_ps(a, b); }
  static V Fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
};

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX512_H_
