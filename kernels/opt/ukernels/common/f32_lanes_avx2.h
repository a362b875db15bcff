// The float32 vector operations that several AVX2 micro-kernel bodies
// take as their `Lanes` policy (f32_softmax, f32_vadd): 8 lanes, unaligned
// loads and stores. A variant's policy derives from this and adds what only
// its body needs. Include only from files built with AVX2 and FMA flags.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX2_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX2_H_

#include <immintrin.h>

#include <cstdint>

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

struct F32LanesAvx2 {
  using V = __m256;
  static constexpr int32_t kLanes = 8;
  static V Load(const float* p) { return _mm256_loadu_ps(p); }
  static void Store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V Set1(float x) { return _mm256_set1_ps(x); }
  static V Add(V a, V b) { return _mm256_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V Mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V Div(V a, V b) { return _mm256_div_ps(a, b); }
  // b where either operand is NaN (x86's max and min).
  static V Max(V a, V b) { return _mm256_max_ps(a, b); }
  static V Min(V a, V b) { return _mm256_min_ps(a, b); }
  static V Fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
};

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_LANES_AVX2_H_
