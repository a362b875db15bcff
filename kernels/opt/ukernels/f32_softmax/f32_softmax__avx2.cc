// f32_softmax with AVX2 and FMA: 8 elements per vector; 2^n as the product
// of two powers of two built from exponent bits (each at least 2^-76, so
// normal), the result rounded once by the second product.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_lanes_avx2.h"
#include "kernels/opt/ukernels/common/f32_softmax_simd.h"
#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"

namespace brasa {
namespace {

struct Avx2Lanes : F32LanesAvx2 {
  static V RoundNearest(V v) {
    return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  }
  static V Pow2(__m256i n) {  // n in [-126, 127]
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
  }
  static V ScaleByPow2(V v, V n) {
    const __m256i whole = _mm256_cvtps_epi32(n);
    const __m256i half = _mm256_srai_epi32(whole, 1);
    return _mm256_mul_ps(_mm256_mul_ps(v, Pow2(half)), Pow2(_mm256_sub_epi32(whole, half)));
  }
  static float ReduceMax(V v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
  }
  static float ReduceAdd(V v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
};

}  // namespace

void f32_softmax__avx2(const float* in, float* out, int32_t depth, float beta) {
  Softmax<Avx2Lanes>(in, out, depth, beta);
}

}  // namespace brasa
