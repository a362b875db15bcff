// f32_vadd with AVX: 8 elements per vector; the last few in the scalar
// variant (the reference's loop).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_vadd_simd.h"
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {
namespace {

struct Avx2Lanes {
  using V = __m256;
  static constexpr size_t kLanes = 8;
  static V Load(const float* p) { return _mm256_loadu_ps(p); }
  static void Store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V Set1(float x) { return _mm256_set1_ps(x); }
  static V Add(V x, V y) { return _mm256_add_ps(x, y); }
  static V Max(V x, V y) { return _mm256_max_ps(x, y); }
  static V Min(V x, V y) { return _mm256_min_ps(x, y); }
  static void Tail(size_t count, const float* a, const float* b, float* out, float low,
                   float high) {
    f32_vadd__scalar(count, a, b, out, low, high);
  }
};

}  // namespace

void f32_vadd__avx2(size_t count, const float* a, const float* b, float* out, float low,
                    float high) {
  Vadd<Avx2Lanes>(count, a, b, out, low, high);
}

}  // namespace brasa
