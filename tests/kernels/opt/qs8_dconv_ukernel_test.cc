// Every qs8_dconv variant this CPU supports, with PackQs8Gemm + PackQs8Dconv, against the
// reference arithmetic (sum over the window of (x - zp_in)(w - zp_w) + bias,
// then MultiplyByQuantizedMultiplier, + zp_out, clamp), bit for bit, on
// random shapes: 1 to 4 input channels, filters 1x1 to 5x5 (segments that
// leave short groups of 4), strides 1 and 2, partial pixel tiles, output
// channel counts that are not multiples of any block, int8 (with and
// without a filter zero point) and uint8, guard bytes after the output.
// The rows hold the kernels' A bytes (x ^ 0x80 for int8; uint16 for the wide
// variants), with only the documented kQs8DconvRowSlack elements after the
// windows. Pixel counts up to 21 leave every partial tile (1 to 9 pixels
// after the full ones); clamps with min >= 0 take the unsigned packing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

// first_layer: MobileNets' 3x3 window over 3 channels (the AVX-512 VNNI
// variant's unrolled tiles; with 32 channels, its paired pixel stores).
void CheckRandomCase(const Qs8DconvVariant& variant, bool uint8, bool first_layer,
                     std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int32_t in_channels = first_layer ? 3 : uniform(1, 4);
  const int32_t filter_h = first_layer ? 3 : uniform(1, 5);
  const int32_t filter_w = first_layer ? 3 : uniform(1, 5);
  const int32_t stride = uniform(1, 2), pixels = uniform(1, 21);
  Qs8DconvParams params;
  params.filter_h = filter_h;
  params.segment = filter_w * in_channels;
  params.pixel_step = stride * in_channels;
  // 32 (MobileNets), multiples of 8 (whole AVX2 blocks, also alone: the
  // last of an odd count), or any count.
  const int channel_kind = uniform(0, 5);
  params.channels = channel_kind < 2    ? 32
                    : channel_kind == 2 ? 8 * uniform(1, 9)
                                        : uniform(1, 70);
  params.output_zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
  params.output_min = uint8 ? uniform(0, 20) : uniform(-128, -100);
  // int8 under a ReLU: bytes packed and clamped as unsigned.
  if (!uint8 && uniform(0, 3) == 0) params.output_min = std::max(0, params.output_zero_point);
  params.output_max = uint8 ? uniform(200, 255) : uniform(90, 127);
  const int32_t channels = params.channels;
  const size_t row_bytes =
      static_cast<size_t>((pixels - 1) * stride + filter_w) * in_channels + kQs8DconvRowSlack;
  std::vector<std::vector<uint8_t>> rows(static_cast<size_t>(filter_h));
  std::vector<std::vector<uint16_t>> wide_rows(static_cast<size_t>(filter_h));
  std::vector<const uint8_t*> pointers;
  for (size_t fy = 0; fy < rows.size(); ++fy) {
    std::vector<uint8_t>& row = rows[fy];
    row.resize(row_bytes);
    for (uint8_t& v : row) v = static_cast<uint8_t>(uniform(0, 255));
    // Wide variants read the same values as uint16 (the slack counted in elements).
    wide_rows[fy].assign(row.begin(), row.end());
    pointers.push_back(variant.wide ? reinterpret_cast<const uint8_t*>(wide_rows[fy].data())
                                    : row.data());
  }
  const int32_t depth = filter_h * params.segment;
  std::vector<uint8_t> filter(static_cast<size_t>(depth) * channels);
  for (uint8_t& v : filter) v = static_cast<uint8_t>(uniform(0, 255));
  std::vector<int32_t> bias;
  std::vector<QuantizedMultiplier> multipliers;
  const bool right_shifts_only = uniform(0, 1) == 0;
  for (int32_t c = 0; c < channels; ++c) {
    bias.push_back(uniform(-50000, 50000));
    // Only right shifts in some cases: RequantizeRow<kPlain> for whole blocks.
    multipliers.push_back({uniform(1 << 30, INT32_MAX), uniform(-12, right_shifts_only ? -1 : 1)});
    // Flushed to zero: kPlain blocks take zero multipliers too.
    if (uniform(0, 20) == 0) multipliers.back() = QuantizedMultiplier{};
  }
  Qs8GemmWeights weights;
  weights.data = filter.data();
  weights.uint8 = uint8;
  weights.columns = channels;
  weights.depth = depth;
  weights.input_offset = uint8 ? -uniform(0, 255) : -uniform(-128, 127);
  weights.filter_offset = uint8 ? -uniform(0, 255) : (uniform(0, 2) == 0 ? uniform(-9, 9) : 0);
  weights.bias = uniform(0, 4) == 0 ? nullptr : bias.data();
  weights.multipliers = multipliers.data();
  params.row_sum_factor = Qs8GemmRowOffsetFactor(weights);
  std::vector<uint32_t> gemm_packed(Qs8GemmPackedBytes(variant.nr, channels, depth) / 4);
  PackQs8Gemm(weights, variant.nr, gemm_packed.data());
  std::vector<uint32_t> packed;
  if (variant.wide) {
    packed.resize(Qs8DconvWidePackedBytes(variant.nr, channels, filter_h, params.segment) / 4);
    PackQs8DconvWide(gemm_packed.data(), variant.nr, channels, filter_h, params.segment,
                     params.row_sum_factor, packed.data());
  } else {
    packed.resize(Qs8DconvPackedBytes(variant.nr, channels, filter_h, params.segment) / 4);
    PackQs8Dconv(gemm_packed.data(), variant.nr, channels, filter_h, params.segment,
                 packed.data());
  }
  const size_t used = static_cast<size_t>(pixels) * channels;
  std::vector<uint8_t> output(used + 64, 0xA5);
  variant.fn(pixels, pointers.data(), packed.data(), output.data(), params);
  for (int32_t k = 0; k < pixels; ++k) {
    for (int32_t c = 0; c < channels; ++c) {
      int64_t acc = weights.bias != nullptr ? bias[static_cast<size_t>(c)] : 0;
      for (int32_t fy = 0; fy < filter_h; ++fy) {
        for (int32_t t = 0; t < params.segment; ++t) {
          const uint8_t a = rows[static_cast<size_t>(fy)][static_cast<size_t>(
              k * params.pixel_step + t)];
          const int32_t x = uint8 ? a : static_cast<int8_t>(a ^ 0x80);
          const uint8_t raw = filter[static_cast<size_t>(c) * depth + fy * params.segment + t];
          const int32_t w = uint8 ? raw : static_cast<int8_t>(raw);
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
      ASSERT_EQ(got, expected) << variant.name << (uint8 ? " uint8" : " int8") << " pixel " << k
                               << " of " << pixels << " channel " << c << " of " << channels
                               << " filter " << filter_h << "x" << filter_w << "x"
                               << in_channels << " stride " << stride;
    }
  }
  for (size_t g = used; g < output.size(); ++g) {
    ASSERT_EQ(output[g], 0xA5) << variant.name << " wrote past the output";
  }
}

TEST(Qs8DconvUkernelTest, EverySupportedVariantMatchesTheReferenceArithmetic) {
  const UkernelTable<Qs8DconvVariant>& table = Qs8DconvTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(4321);
  int tested = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8DconvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested;
    for (int trial = 0; trial < 400; ++trial) {
      CheckRandomCase(variant, trial % 2 == 1, trial % 4 >= 2, rng);
    }
  }
  EXPECT_GE(tested, 1);
}

}  // namespace
}  // namespace brasa
