// Every f32_dwconv variant this CPU supports against the exact (double)
// value of clamp(sum_t x_t[c] w[t][c] + bias[c]) on random shapes: channel
// counts that are not multiples of any vector width, 1 to 30 taps, several
// pixels per call, taps sharing pointers (as padding taps share the zero
// row), every clamp, with and without bias, and a guard value after every
// output pixel.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/f32_ukernel_check.h"

namespace brasa {
namespace {

void CheckRandomCase(const F32DwconvVariant& variant, std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  const int32_t channels = uniform(1, 70), taps = uniform(1, 30), pixels = uniform(1, 7);
  // Input rows of exactly `channels` floats, each its own allocation, so a
  // read past the last channel is an error the sanitizers can see.
  std::vector<std::vector<float>> rows(static_cast<size_t>(uniform(1, 12)));
  for (auto& row : rows) {
    row.resize(static_cast<size_t>(channels));
    for (float& v : row) v = value(rng);
  }
  std::vector<const float*> inputs;
  for (int32_t i = 0; i < pixels * taps; ++i) {
    inputs.push_back(rows[static_cast<size_t>(uniform(0, static_cast<int>(rows.size()) - 1))]
                         .data());
  }
  std::vector<float> weights(static_cast<size_t>(taps) * channels), bias;
  for (float& v : weights) v = value(rng);
  if (uniform(0, 4) != 0) {
    for (int32_t c = 0; c < channels; ++c) bias.push_back(value(rng) * 10.0f);
  }
  F32DwconvParams params;
  testing::RandomClamp(rng, &params.min, &params.max);
  std::vector<float> packed(F32DwconvPackedFloats(variant.cb, channels, taps));
  PackF32Dwconv(weights.data(), bias.empty() ? nullptr : bias.data(), channels, taps, variant.cb,
                packed.data());
  const size_t stride = static_cast<size_t>(channels) + 1;
  const float guard = -12345.0f;
  std::vector<float> out(static_cast<size_t>(pixels) * stride, guard);
  variant.fn(pixels, channels, taps, inputs.data(), packed.data(), out.data(), stride, params);
  for (int32_t p = 0; p < pixels; ++p) {
    for (int32_t c = 0; c < channels; ++c) {
      double sum = 0.0, magnitude = 0.0;
      for (int32_t t = 0; t < taps; ++t) {
        const double product = double{inputs[p * taps + t][c]} * weights[t * channels + c];
        sum += product;
        magnitude += std::fabs(product);
      }
      const double b = bias.empty() ? 0.0 : bias[static_cast<size_t>(c)];
      const double exact = testing::ClampedExact(sum, b, params.min, params.max);
      ASSERT_TRUE(testing::CloseToExact(out[p * stride + c], exact, magnitude + std::fabs(b)))
          << variant.name << " pixel " << p << " channel " << c << " of " << channels
          << " taps " << taps;
    }
    ASSERT_EQ(out[p * stride + channels], guard) << variant.name << " wrote past pixel " << p;
  }
}

TEST(F32DwconvUkernelTest, EverySupportedVariantMatchesTheExactSum) {
  const UkernelTable<F32DwconvVariant>& table = F32DwconvTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(8765);
  int tested_variants = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32DwconvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested_variants;
    for (int trial = 0; trial < 200; ++trial) CheckRandomCase(variant, rng);
  }
  EXPECT_GE(tested_variants, 1);
}

}  // namespace
}  // namespace brasa
