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
#include "tests/kernels/opt/q8_vadd_params.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xA5;

TEST(Q8VaddUkernelTest, EveryVariantMatchesTheScalarFormula) {
  std::mt19937 rng(73);
  const UkernelTable<Q8VaddVariant>& table = Q8VaddTable();
  for (int trial = 0; trial < 400; ++trial) {
    const Q8VaddParams params = testing::RandomQ8VaddParams(rng);
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
