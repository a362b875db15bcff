// The portable q8_vadd, one element at a time: the oracle of the SIMD
// variants, written from the reference formula in q8_vadd.h.
#include <algorithm>

#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"

namespace brasa {
namespace {

int32_t Value(const uint8_t* p, size_t i, bool uint8) {
  return uint8 ? int32_t{p[i]} : int32_t{static_cast<int8_t>(p[i])};
}

}  // namespace

void q8_vadd_1x__scalar(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                        uint8_t* out, const Q8VaddParams& p) {
  for (size_t i = 0; i < count; ++i) {
    const int32_t x = (Value(a, i, p.uint8) + p.a_offset) * (1 << p.left_shift);
    const int32_t y = (Value(b, b_broadcast ? 0 : i, p.uint8) + p.b_offset) * (1 << p.left_shift);
    const int32_t sum = MultiplyByQuantizedMultiplier(x, p.a_multiplier) +
                        MultiplyByQuantizedMultiplier(y, p.b_multiplier);
    const int32_t result =
        MultiplyByQuantizedMultiplier(sum, p.output_multiplier) + p.output_zero_point;
    out[i] = static_cast<uint8_t>(std::min(std::max(result, p.output_min), p.output_max));
  }
}

}  // namespace brasa
