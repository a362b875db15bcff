// Every f32_dconv variant this CPU supports against the exact (double)
// value of clamp(sum over the window of x * w + bias) on random shapes:
// 1 to 4 input channels, filters 1x1 to 5x5, strides 1 and 2, pixel counts
// that leave partial tiles or split into several (up to 40), output channel
// counts that are not multiples of any vector width, every clamp, with and
// without bias, and guard values after the last output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/f32_ukernel_check.h"

namespace brasa {
namespace {

struct Window {
  int32_t in_channels, filter_h, filter_w, stride;
};

// One random case of `window` (random pixels, channels, clamp, bias).
void CheckCase(const F32DconvVariant& variant, const Window& window, std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  const int32_t in_channels = window.in_channels, filter_h = window.filter_h;
  const int32_t filter_w = window.filter_w, stride = window.stride;
  const int32_t pixels = uniform(1, 40), channels = uniform(1, 70);
  F32DconvParams params;
  params.filter_h = filter_h;
  params.segment = filter_w * in_channels;
  params.pixel_step = stride * in_channels;
  params.channels = channels;
  testing::RandomClamp(rng, &params.min, &params.max);
  // Rows of exactly the floats the windows span, each its own allocation,
  // so a read past them is an error the sanitizers can see.
  const size_t row_floats = static_cast<size_t>((pixels - 1) * stride + filter_w) * in_channels;
  std::vector<std::vector<float>> rows(static_cast<size_t>(filter_h));
  std::vector<const float*> pointers;
  for (auto& row : rows) {
    row.resize(row_floats);
    for (float& v : row) v = value(rng);
    pointers.push_back(row.data());
  }
  const int32_t taps = filter_h * params.segment;
  std::vector<float> weights(static_cast<size_t>(taps) * channels), bias;
  for (float& v : weights) v = value(rng);
  if (uniform(0, 4) != 0) {
    for (int32_t c = 0; c < channels; ++c) bias.push_back(value(rng) * 10.0f);
  }
  std::vector<float> packed(F32GemmPackedFloats(variant.nr, channels, taps));
  PackF32Gemm(weights.data(), bias.empty() ? nullptr : bias.data(), channels, taps, variant.nr,
              packed.data());
  const float guard = -12345.0f;
  const size_t used = static_cast<size_t>(pixels) * channels;
  std::vector<float> out(used + 17, guard);
  variant.fn(pixels, pointers.data(), packed.data(), out.data(), params);
  for (int32_t k = 0; k < pixels; ++k) {
    for (int32_t c = 0; c < channels; ++c) {
      double sum = 0.0, magnitude = 0.0;
      for (int32_t fy = 0; fy < filter_h; ++fy) {
        for (int32_t t = 0; t < params.segment; ++t) {
          const double product =
              double{rows[static_cast<size_t>(fy)][static_cast<size_t>(k * params.pixel_step + t)]} *
              weights[static_cast<size_t>(c) * taps + fy * params.segment + t];
          sum += product;
          magnitude += std::fabs(product);
        }
      }
      const double b = bias.empty() ? 0.0 : bias[static_cast<size_t>(c)];
      const double exact = testing::ClampedExact(sum, b, params.min, params.max);
      ASSERT_TRUE(testing::CloseToExact(out[static_cast<size_t>(k) * channels + c], exact,
                                        magnitude + std::fabs(b)))
          << variant.name << " pixel " << k << " of " << pixels << " channel " << c << " of "
          << channels << " filter " << filter_h << "x" << filter_w << "x" << in_channels
          << " stride " << stride;
    }
  }
  for (size_t g = used; g < out.size(); ++g) {
    ASSERT_EQ(out[g], guard) << variant.name << " wrote past the output";
  }
}

void CheckRandomCase(const F32DconvVariant& variant, std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Window window{uniform(1, 4), uniform(1, 5), uniform(1, 5), uniform(1, 2)};
  CheckCase(variant, window, rng);
}

TEST(F32DconvUkernelTest, EverySupportedVariantMatchesTheExactSum) {
  const UkernelTable<F32DconvVariant>& table = F32DconvTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(9876);
  int tested_variants = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32DconvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested_variants;
    for (int trial = 0; trial < 300; ++trial) CheckRandomCase(variant, rng);
  }
  EXPECT_GE(tested_variants, 1);
}

// The 3x3 windows of RGB pixels at strides 2 and 1 (the first layer of
// image models), which variants may run through code of their own, and
// their neighbours in filter height (1, 2, 4, 5 rows of the same taps).
TEST(F32DconvUkernelTest, EverySupportedVariantMatchesTheExactSumOnRgb3x3Windows) {
  const UkernelTable<F32DconvVariant>& table = F32DconvTable();
  std::mt19937 rng(2468);
  for (size_t v = 0; v < table.count; ++v) {
    const F32DconvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int32_t stride : {1, 2}) {
      for (int32_t filter_h : {1, 2, 3, 4, 5}) {
        for (int trial = 0; trial < 40; ++trial) {
          CheckCase(variant, Window{3, filter_h, 3, stride}, rng);
        }
      }
    }
  }
}

}  // namespace
}  // namespace brasa
