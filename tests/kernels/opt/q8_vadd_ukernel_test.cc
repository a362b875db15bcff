// Every q8_vadd variant this CPU supports against the scalar one (the
// reference formula of q8_vadd.h), byte for byte: random multipliers, shifts
// and zero points, both the usual parameters (left shift 20, right-shifting
// input multipliers: the AVX-512 variant's short path) and others that
// leave it, an output multiplier of exactly 1 so that a difference of one
// in either input's rounding reaches the output, int8 and uint8, a scalar b,
// counts 0 to 200 (every tail), guard bytes after the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xA5;

Q8VaddParams RandomParams(std::mt19937& rng) {
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
  switch (pick(0, 2)) {
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

TEST(Q8VaddUkernelTest, EveryVariantMatchesTheScalarFormula) {
  std::mt19937 rng(73);
  const UkernelTable<Q8VaddVariant>& table = Q8VaddTable();
  for (int trial = 0; trial < 400; ++trial) {
    const Q8VaddParams params = RandomParams(rng);
    const size_t count = rng() % 201;
    const bool b_broadcast = rng() % 4 == 0;
    std::vector<uint8_t> a(count + 1), b(count + 1);
    for (uint8_t& x : a) x = static_cast<uint8_t>(rng());
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    std::vector<uint8_t> expected(count + kGuard, kGuardByte);
    q8_vadd_1x__scalar(count, a.data(), b.data(), b_broadcast, expected.data(), params);
    for (size_t v = 0; v < table.count; ++v) {
      const Q8VaddVariant& variant = table.variants[v];
      if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
      std::vector<uint8_t> out(count + kGuard, kGuardByte);
      variant.fn(count, a.data(), b.data(), b_broadcast, out.data(), params);
      for (size_t i = 0; i < out.size(); ++i) {
        ASSERT_EQ(out[i], expected[i])
            << variant.name << " trial " << trial << " count " << count << " element " << i
            << " left_shift " << params.left_shift << " shifts " << params.a_multiplier.shift
            << " " << params.b_multiplier.shift << " " << params.output_multiplier.shift;
      }
    }
  }
}

}  // namespace
}  // namespace brasa
