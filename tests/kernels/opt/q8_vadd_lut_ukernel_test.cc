// q8_vadd_lut: every variant this CPU supports against the scalar one on
// random tables (int8 or wide bases within the builder's promises, random
// ranks, offsets, clamps and flips), counts 0 to 300 (every tail, several full steps), a
// scalar b, guard bytes after the output; and BuildQ8VaddLut's tables,
// through every variant, against q8_vadd's oracle on random parameters and
// all 65536 pairs of input bytes: where it builds them they must give the
// reference's bytes, and for the usual parameters it must nearly always
// build them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"
#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/q8_vadd_params.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xA5;

bool Supported(const Q8VaddLutVariant& variant) {
  if (variant.vbmi && !internal::HasAvx512Vbmi()) return false;
  return internal::IsaAllows(internal::DetectedIsa(), variant.isa);
}

Q8VaddLutParams RandomTables(std::mt19937& rng) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Q8VaddLutParams p;
  p.wide = pick(0, 2) == 0;
  if (p.wide) p.offset = static_cast<int16_t>(pick(-400, 200));
  for (int i = 0; i < 256; ++i) {
    p.a_base[i] = static_cast<uint8_t>(p.wide ? pick(0, 254) : pick(-128, 126));
    p.b_base[i] = static_cast<uint8_t>(pick(-128, 127));
    // Few distinct ranks now and then, so that equal ranks (no carry) occur.
    p.a_rank[i] = static_cast<uint8_t>(pick(0, 255) >> pick(0, 6));
    p.b_rank[i] = static_cast<uint8_t>(pick(0, 255) >> pick(0, 6));
  }
  p.low = static_cast<int8_t>(pick(-128, 127));
  p.high = static_cast<int8_t>(pick(p.low, 127));
  if (pick(0, 1) == 0) {
    p.low = -128;
    p.high = 127;
  }
  p.flip = pick(0, 1) == 0 ? 0 : 0x80;
  return p;
}

// Runs `variant` and checks it against `expected` (count bytes + guard).
void ExpectVariant(const Q8VaddLutVariant& variant, const std::vector<uint8_t>& a,
                   const std::vector<uint8_t>& b, bool b_broadcast, size_t count,
                   const Q8VaddLutParams& params, const std::vector<uint8_t>& expected,
                   int trial) {
  std::vector<uint8_t> out(count + kGuard, kGuardByte);
  variant.fn(count, a.data(), b.data(), b_broadcast, out.data(), params);
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(out[i], expected[i]) << variant.name << " trial " << trial << " count " << count
                                   << " element " << i << " broadcast " << b_broadcast;
  }
}

TEST(Q8VaddLutUkernelTest, EveryVariantMatchesTheScalarTables) {
  std::mt19937 rng(91);
  const UkernelTable<Q8VaddLutVariant>& table = Q8VaddLutTable();
  for (int trial = 0; trial < 600; ++trial) {
    const Q8VaddLutParams params = RandomTables(rng);
    const size_t count = rng() % 301;
    const bool b_broadcast = rng() % 4 == 0;
    std::vector<uint8_t> a(count + 1), b(count + 1);
    for (uint8_t& x : a) x = static_cast<uint8_t>(rng());
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    std::vector<uint8_t> expected(count + kGuard, kGuardByte);
    q8_vadd_lut_1x__scalar(count, a.data(), b.data(), b_broadcast, expected.data(), params);
    for (size_t v = 0; v + 1 < table.count; ++v) {
      if (!Supported(table.variants[v])) continue;
      ExpectVariant(table.variants[v], a, b, b_broadcast, count, params, expected, trial);
    }
  }
}

// Usual parameters with output right shifts of 14 to 18 (MobileNetV2's are
// about 19): one sum in 2^s lands on an output rounding tie, so that a
// negative sum at a tie (the case the tables' rounding constant exists
// for) occurs in many of them. Smaller shifts have so many ties that one
// constant rarely fits all (q8_vadd runs those).
Q8VaddParams TieParams(std::mt19937& rng) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto multiplier = [&](int shift) {
    QuantizedMultiplier m;
    m.multiplier = pick(1 << 30, 0x7FFFFFFF);
    m.shift = shift;
    return m;
  };
  Q8VaddParams p = testing::RandomQ8VaddParams(rng, testing::Q8VaddCase::kUsual);
  p.output_multiplier = multiplier(-pick(14, 18));
  // Each input then moves the output by a quarter to a half of its step.
  p.a_multiplier = multiplier(-p.output_multiplier.shift - 21 - pick(0, 1));
  p.b_multiplier = multiplier(-p.output_multiplier.shift - 21 - pick(0, 1));
  return p;
}

TEST(Q8VaddLutUkernelTest, BuiltTablesGiveTheReferenceBytes) {
  std::mt19937 rng(29);
  const UkernelTable<Q8VaddLutVariant>& table = Q8VaddLutTable();
  int usual = 0, usual_built = 0, built = 0, ties_built = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const bool is_usual = trial % 3 == 0;
    const Q8VaddParams params =
        trial % 3 == 1 ? TieParams(rng)
                       : testing::RandomQ8VaddParams(
                             rng, is_usual ? testing::Q8VaddCase::kUsual : testing::Q8VaddCase::kAny);
    Q8VaddLutParams lut;
    const bool ok = BuildQ8VaddLut(params, &lut);
    usual += is_usual;
    usual_built += is_usual && ok;
    built += ok;
    ties_built += trial % 3 == 1 && ok;
    if (!ok) continue;
    // Every pair of bytes (the rare ties decide the rounding constant),
    // then a random tail; a scalar b now and then.
    const size_t count = 65536 + rng() % 64;
    const bool b_broadcast = rng() % 8 == 0;
    std::vector<uint8_t> a(count + 1), b(count + 1);
    for (size_t i = 0; i < a.size(); ++i) {
      a[i] = static_cast<uint8_t>(i < 65536 ? i & 255 : rng());
      b[i] = static_cast<uint8_t>(i < 65536 ? i >> 8 : rng());
    }
    if (b_broadcast) b[0] = static_cast<uint8_t>(rng());
    std::vector<uint8_t> expected(count + kGuard, kGuardByte);
    q8_vadd_1x__scalar(count, a.data(), b.data(), b_broadcast, expected.data(), params);
    // The scalar variant too: it is the tables' definition.
    for (size_t v = 0; v < table.count; ++v) {
      if (!Supported(table.variants[v])) continue;
      ExpectVariant(table.variants[v], a, b, b_broadcast, count, lut, expected, trial);
    }
  }
  // The usual parameters nearly always have tables (MobileNetV2's adds do).
  EXPECT_GE(usual_built * 10, usual * 9) << usual_built << " of " << usual;
  EXPECT_GT(built, 0);
  EXPECT_GE(ties_built * 10, 100 * 7) << ties_built << " of 100";
}

}  // namespace
}  // namespace brasa
