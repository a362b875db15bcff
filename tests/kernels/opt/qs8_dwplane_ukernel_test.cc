// Every qs8_dwplane variant this CPU supports against the reference
// arithmetic (sum over taps of (x - zp_in)(w - zp_w) + bias, then
// MultiplyByQuantizedMultiplier, + zp_out, clamp), bit for bit, on random
// output widths (not multiples of 16), channel counts (not multiples of 8),
// filter sizes (odd widths leave a half-empty tap pair), strides 1 and 2,
// int8 and uint8, with guard bytes after the output row.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

TEST(Qs8DwplaneUkernelTest, EverySupportedVariantMatchesTheReferenceArithmetic) {
  const UkernelTable<Qs8DwplaneVariant>& table = Qs8DwplaneTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int tested = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8DwplaneVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested;
    for (int trial = 0; trial < 200; ++trial) {
      const bool uint8 = trial % 2 == 1;
      Qs8DwplaneParams params;
      params.uint8 = uint8;
      params.stride = uniform(1, 2);
      params.filter_h = uniform(1, 10);
      params.filter_w = uniform(1, 10);
      params.channels = trial % 3 == 0 ? 8 : uniform(1, 20);
      params.output_zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
      params.output_min = uint8 ? uniform(0, 20) : uniform(-128, -100);
      params.output_max = uint8 ? uniform(200, 255) : uniform(90, 127);
      const int32_t out_w = uniform(1, 40), channels = params.channels;
      const size_t row_bytes = Qs8DwplaneRowBytes(out_w, params.stride, params.filter_w);
      std::vector<std::vector<uint8_t>> rows(static_cast<size_t>(params.filter_h));
      std::vector<const uint8_t*> pointers;
      for (auto& row : rows) {
        row.resize(row_bytes);
        for (uint8_t& x : row) x = static_cast<uint8_t>(uniform(0, 255));
        pointers.push_back(row.data());
      }
      const int32_t taps = params.filter_h * params.filter_w;
      std::vector<uint8_t> filter(static_cast<size_t>(taps) * channels);
      for (uint8_t& x : filter) x = static_cast<uint8_t>(uniform(0, 255));
      std::vector<int32_t> bias;
      std::vector<QuantizedMultiplier> multipliers;
      for (int32_t c = 0; c < channels; ++c) {
        bias.push_back(uniform(-50000, 50000));
        multipliers.push_back({uniform(1 << 30, INT32_MAX), uniform(-12, 1)});
      }
      Qs8DwconvWeights weights;
      weights.data = filter.data();
      weights.uint8 = uint8;
      weights.channels = channels;
      weights.taps = taps;
      weights.input_offset = uint8 ? -uniform(0, 255) : -uniform(-128, 127);
      weights.filter_offset = uint8 ? -uniform(0, 255) : 0;
      weights.bias = bias.data();
      weights.multipliers = multipliers.data();
      std::vector<uint32_t> packed(
          Qs8DwplanePackedBytes(channels, params.filter_h, params.filter_w) / 4);
      PackQs8Dwplane(weights, params.filter_w, packed.data());
      const size_t used = static_cast<size_t>(out_w) * channels;
      std::vector<uint8_t> output(used + 64, 0xA5);
      variant.fn(out_w, pointers.data(), packed.data(), output.data(), params);
      for (int32_t k = 0; k < out_w; ++k) {
        for (int32_t c = 0; c < channels; ++c) {
          int64_t acc = bias[static_cast<size_t>(c)];
          for (int32_t fy = 0; fy < params.filter_h; ++fy) {
            for (int32_t fx = 0; fx < params.filter_w; ++fx) {
              const uint8_t raw =
                  rows[static_cast<size_t>(fy)][static_cast<size_t>(k) * params.stride + fx];
              const uint8_t wraw =
                  filter[static_cast<size_t>((fy * params.filter_w + fx) * channels + c)];
              const int32_t x = uint8 ? raw : static_cast<int8_t>(raw);
              const int32_t w = uint8 ? wraw : static_cast<int8_t>(wraw);
              acc += int64_t{x + weights.input_offset} * (w + weights.filter_offset);
            }
          }
          const int64_t scaled =
              int64_t{MultiplyByQuantizedMultiplier(static_cast<int32_t>(acc),
                                                    multipliers[static_cast<size_t>(c)])} +
              params.output_zero_point;
          const int32_t expected = static_cast<int32_t>(
              std::min<int64_t>(std::max<int64_t>(scaled, params.output_min), params.output_max));
          const uint8_t byte = output[static_cast<size_t>(k) * channels + c];
          const int32_t got = uint8 ? byte : static_cast<int8_t>(byte);
          ASSERT_EQ(got, expected)
              << variant.name << " out_w " << out_w << " channels " << channels << " filter "
              << params.filter_h << "x" << params.filter_w << " stride " << params.stride
              << " pixel " << k << " channel " << c;
        }
      }
      for (size_t g = used; g < output.size(); ++g) {
        ASSERT_EQ(output[g], 0xA5) << variant.name << " wrote past the row";
      }
    }
  }
  EXPECT_GE(tested, 1);
}

}  // namespace
}  // namespace brasa
