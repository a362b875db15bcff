// f32_vadd with AVX-512F: 16 elements per vector; the tail under a mask
// (nothing read or written past it).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_lanes_avx512.h"
#include "kernels/opt/ukernels/common/f32_vadd_simd.h"
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {
namespace {

struct Avx512Lanes : F32LanesAvx512 {
  static void Tail(size_t count, const float* a, const float* b, float* out, float low,
                   float high) {
    const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
    const V sum = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, a), _mm512_maskz_loadu_ps(mask, b));
    _mm512_mask_storeu_ps(out, mask,
                          _mm512_min_ps(Set1(high), _mm512_max_ps(Set1(low), sum)));
  }
};

}  // namespace

void f32_vadd__avx512(size_t count, const float* a, const float* b, float* out, float low,
                      float high) {
  Vadd<Avx512Lanes>(count, a, b, out, low, high);
}

}  // namespace brasa
