// The portable q8_vadd_lut, one element at a time: the oracle of the SIMD
// variants, the table formula of q8_vadd_lut.h in exact int arithmetic.
#include <algorithm>

#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"

namespace brasa {

void q8_vadd_lut_1x__scalar(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                            uint8_t* out, const Q8VaddLutParams& p) {
  for (size_t i = 0; i < count; ++i) {
    const uint8_t x = a[i];
    const uint8_t y = b[b_broadcast ? 0 : i];
    const int32_t carry = p.a_rank[x] > p.b_rank[y] ? 1 : 0;
    auto base = [&p](uint8_t byte) {
      return p.wide ? int32_t{byte} : int32_t{static_cast<int8_t>(byte)};
    };
    const int32_t v = base(p.a_base[x]) + carry + base(p.b_base[y]) + (p.wide ? p.offset : 0);
    const int32_t clamped = std::min<int32_t>(std::max<int32_t>(v, p.low), p.high);
    out[i] = static_cast<uint8_t>(static_cast<uint8_t>(clamped) ^ p.flip);
  }
}

}  // namespace brasa
