// x8_zip3, portable: one pixel per step (the oracle of the SIMD variants).
#include "kernels/opt/ukernels/x8_zip3/x8_zip3.h"

namespace brasa {

void x8_zip3_1x__scalar(size_t count, const uint8_t* in, size_t plane_stride, uint8_t* out) {
  const uint8_t* p0 = in;
  const uint8_t* p1 = in + plane_stride;
  const uint8_t* p2 = in + 2 * plane_stride;
  for (size_t p = 0; p < count; ++p) {
    out[3 * p] = p0[p];
    out[3 * p + 1] = p1[p];
    out[3 * p + 2] = p2[p];
  }
}

}  // namespace brasa
