// Random q8_vadd parameters for the q8_vadd and q8_vadd_lut family tests:
// the usual ones (left shift 20, right-shifting input multipliers, outputs
// spread over the type's range: q8_vadd's AVX-512 short path, and the
// parameters q8_vadd_lut's tables are built for), an output multiplier of
// exactly 1 so that a difference of one in either input's rounding reaches
// the output, and other shifts; int8 and uint8; random fused clamps.
#ifndef BRASA_TESTS_KERNELS_OPT_Q8_VADD_PARAMS_H_
#define BRASA_TESTS_KERNELS_OPT_Q8_VADD_PARAMS_H_

#include <algorithm>
#include <random>

#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"

namespace brasa {
namespace testing {

enum class Q8VaddCase { kUsual = 0, kUnitOutput = 1, kOtherShifts = 2, kAny = 3 };

inline Q8VaddParams RandomQ8VaddParams(std::mt19937& rng, Q8VaddCase which = Q8VaddCase::kAny) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto multiplier = [&](int lo_shift, int hi_shift) {
    QuantizedMultiplier m;
    // A power of two now and then, so the rounding steps meet exact ties.
    m.multiplier = pick(0, 5) == 0 ? int32_t{1} << 30 : pick(1 << 30, 0x7FFFFFFF);
    m.shift = pick(lo_shift, hi_shift);
    return m;
  };
  Q8VaddParams p;
  p.uint8 = pick(0, 1) == 1;
  auto zero_point = [&]() { return p.uint8 ? pick(0, 255) : pick(-128, 127); };
  switch (which == Q8VaddCase::kAny ? pick(0, 2) : static_cast<int>(which)) {
    case 0:  // usual: outputs spread over the type's range
      p.left_shift = 20;
      p.a_multiplier = multiplier(-12, -1);
      p.b_multiplier = multiplier(-12, -1);
      p.output_multiplier = multiplier(0, 0);
      // The sum is about 2^(29 - s); bring it to about 2^7.
      p.output_multiplier.shift =
          std::max(-31, std::min(-1, std::min(p.a_multiplier.shift, p.b_multiplier.shift) - 22 +
                                         pick(-2, 2)));
      break;
    case 1:  // output = the sum (the multiplier 2^30 << 1 is exactly 1), so
      // each input's rounding shows; with multipliers 2^30 inputs meet ties
      p.left_shift = 20;
      p.a_multiplier = multiplier(-22, -18);
      p.b_multiplier = multiplier(-22, -18);
      p.output_multiplier.multiplier = int32_t{1} << 30;
      p.output_multiplier.shift = 1;
      break;
    default: {  // other shifts, not all on the short path
      p.left_shift = pick(0, 21);
      // Keeps (value + offset) << (left_shift + a multiplier's left shift)
      // within int32, as the reference requires.
      const int most_left = std::min(22 - p.left_shift, 2);
      p.a_multiplier = multiplier(-31, most_left);
      p.b_multiplier = multiplier(-31, most_left);
      p.output_multiplier = multiplier(-31, 0);
      break;
    }
  }
  p.a_offset = -zero_point();
  p.b_offset = -zero_point();
  p.output_zero_point = zero_point();
  const int type_min = p.uint8 ? 0 : -128, type_max = p.uint8 ? 255 : 127;
  p.output_min = pick(type_min, type_max);
  p.output_max = pick(p.output_min, type_max);
  if (pick(0, 1) == 0) {  // no fused activation
    p.output_min = type_min;
    p.output_max = type_max;
  }
  return p;
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_OPT_Q8_VADD_PARAMS_H_
