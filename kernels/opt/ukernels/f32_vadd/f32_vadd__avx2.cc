// f32_vadd with AVX: 8 elements per vector; the last few in the scalar
// variant (the reference's loop).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_lanes_avx2.h"
#include "kernels/opt/ukernels/common/f32_vadd_simd.h"
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {
namespace {

struct Avx2Lanes : F32LanesAvx2 {
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
