// Every f32_dwrow variant this CPU supports against the exact (double)
// value of clamp(sum of the taps inside the row + bias) on random rows:
// windows 3 and 5 wide, 1 to 5 filter rows of which any may be missing (a
// padding row), stride 1 and 2, padding on the left and past the right
// edge (windows wholly outside the input too), channel counts that are not
// multiples of any vector width (3, 8, 17, ...), rows of 7 to 28 pixels
// (7-pixel tiles) and of other widths, a channel range that is
// only part of the pixel, every clamp, with and without bias; and 3-wide
// rows of 32 to 512 channels (AVX-512's two-block tiles); input rows in
// place or as compact copies of the call's channels (input_pixel,
// input_first). Outputs outside the range and a guard after the row must
// stay untouched. The copy function against a plain copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_dwrow/f32_dwrow.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/f32_ukernel_check.h"

namespace brasa {
namespace {

// paired: a row that AVX-512's variant computes two blocks at a time
// (DwrowPair): 3x3 window (or fewer rows), whole pairs of blocks and a
// block or a tail beside them, power-of-two pixel strides among them.
// compact: the input rows hold only the call's channels (and 0 to 3 floats
// more per pixel), as the driver's compact copies do.
void CheckRandomRow(const F32DwrowVariant& variant, std::mt19937& rng, bool paired,
                    bool compact) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  const int32_t channel_choices[] = {1, 3, 8, 16, 17, 32, 33, 48, 70};
  const int32_t paired_choices[] = {32, 48, 64, 80, 128, 144, 256, 512};
  int32_t channels = uniform(0, 1) ? channel_choices[uniform(0, 8)] : uniform(1, 70);
  if (paired) channels = uniform(0, 1) ? paired_choices[uniform(0, 7)] : uniform(32, 200);
  const int32_t filter_w = paired || uniform(0, 2) ? 3 : 5;
  const int32_t filter_h = paired ? uniform(1, 3) : uniform(1, kMaxDwrowFilterH);
  const int32_t stride = uniform(1, 2), pad_left = uniform(0, 3);
  int32_t input_w = uniform(1, 80), pad_right = uniform(0, 3);
  if (uniform(0, 3) == 0) {  // rows of 7, 14, 21 or 28 pixels (7-pixel tiles)
    const int32_t wanted_w = 7 * uniform(1, 4);
    input_w = std::max(1, (wanted_w - 1) * stride + filter_w - pad_left - pad_right);
  }
  const int32_t out_w = std::max(1, (pad_left + input_w + pad_right - filter_w) / stride + 1);
  // Each present row its own allocation of exactly input_w pixels, so a read
  // outside it is an error the sanitizers can see.
  std::vector<std::vector<float>> rows;
  std::vector<const float*> inputs;
  std::vector<int32_t> filter_rows;
  for (int32_t fy = 0; fy < filter_h; ++fy) {
    if (uniform(0, 4) == 0) continue;
    rows.emplace_back(static_cast<size_t>(input_w) * channels);
    for (float& v : rows.back()) v = value(rng);
    filter_rows.push_back(fy);
  }
  for (const auto& row : rows) inputs.push_back(row.data());
  const int32_t taps = filter_h * filter_w;
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
  const int32_t blocks = (channels + variant.cb - 1) / variant.cb;
  const int32_t first_block = uniform(0, blocks - 1);
  const int32_t end_block = uniform(first_block + 1, blocks);
  F32DwrowArgs args;
  args.inputs = inputs.data();
  args.filter_rows = filter_rows.data();
  args.rows = static_cast<int32_t>(rows.size());
  args.filter_w = filter_w;
  args.filter_h = filter_h;
  args.stride = stride;
  args.input_w = input_w;
  args.pad_left = pad_left;
  args.out_w = out_w;
  args.channels = channels;
  args.first = first_block * variant.cb;
  args.count = std::min(channels, end_block * variant.cb) - args.first;
  args.input_pixel = channels;
  args.input_first = 0;
  // Each compact row its own allocation of exactly input_w pixels too.
  std::vector<std::vector<float>> compact_rows;
  std::vector<const float*> compact_inputs;
  if (compact) {
    args.input_pixel = args.count + uniform(0, 3);
    args.input_first = args.first;
    for (const auto& row : rows) {
      compact_rows.emplace_back(static_cast<size_t>(input_w) * args.input_pixel, 0.0f);
      for (int32_t x = 0; x < input_w; ++x) {
        for (int32_t c = 0; c < args.count; ++c) {
          compact_rows.back()[static_cast<size_t>(x) * args.input_pixel + c] =
              row[static_cast<size_t>(x) * channels + args.first + c];
        }
      }
      compact_inputs.push_back(compact_rows.back().data());
    }
    args.inputs = compact_inputs.data();
  }
  const float guard = -12345.0f;
  std::vector<float> out(static_cast<size_t>(out_w) * channels + 1, guard);
  variant.fn(args, packed.data(), out.data(), params);
  const auto where = [&](int32_t x, int32_t c) {
    return ::testing::Message() << variant.name << " pixel " << x << " channel " << c << " of "
                                << channels << ", window " << filter_h << "x" << filter_w
                                << " stride " << stride << " input_w " << input_w << " pad_left "
                                << pad_left << " rows " << rows.size()
                                << (compact ? " compact" : "");
  };
  for (int32_t x = 0; x < out_w; ++x) {
    for (int32_t c = 0; c < channels; ++c) {
      const float actual = out[static_cast<size_t>(x) * channels + c];
      if (c < args.first || c >= args.first + args.count) {
        ASSERT_EQ(actual, guard) << where(x, c) << ": outside the channel range";
        continue;
      }
      double sum = 0.0, magnitude = 0.0;
      for (size_t r = 0; r < rows.size(); ++r) {
        for (int32_t fx = 0; fx < filter_w; ++fx) {
          const int32_t in_x = x * stride - pad_left + fx;
          if (in_x < 0 || in_x >= input_w) continue;
          const double product = double{rows[r][static_cast<size_t>(in_x) * channels + c]} *
                                 weights[static_cast<size_t>(filter_rows[r] * filter_w + fx) *
                                             channels + c];
          sum += product;
          magnitude += std::fabs(product);
        }
      }
      const double b = bias.empty() ? 0.0 : bias[static_cast<size_t>(c)];
      const double exact = testing::ClampedExact(sum, b, params.min, params.max);
      ASSERT_TRUE(testing::CloseToExact(actual, exact, magnitude + std::fabs(b))) << where(x, c);
    }
  }
  ASSERT_EQ(out.back(), guard) << variant.name << " wrote past the row";
}

TEST(F32DwrowUkernelTest, EverySupportedVariantMatchesTheExactSum) {
  const UkernelTable<F32DwrowVariant>& table = F32DwrowTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(4321);
  int tested_variants = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32DwrowVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested_variants;
    for (int trial = 0; trial < 400; ++trial) CheckRandomRow(variant, rng, false, trial % 2 == 0);
    for (int trial = 0; trial < 200; ++trial) CheckRandomRow(variant, rng, true, trial % 2 == 0);
  }
  EXPECT_GE(tested_variants, 1);
}

TEST(F32DwrowUkernelTest, EverySupportedCopyMatchesAPlainCopy) {
  const UkernelTable<F32DwrowVariant>& table = F32DwrowTable();
  std::mt19937 rng(8765);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (size_t v = 0; v < table.count; ++v) {
    const F32DwrowVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int trial = 0; trial < 100; ++trial) {
      const int32_t floats = variant.cb * uniform(1, 12), pixels = uniform(1, 20);
      const size_t from_pixel = static_cast<size_t>(floats + uniform(0, 40));
      const size_t to_pixel = static_cast<size_t>(floats + uniform(0, 3));
      std::vector<float> from(from_pixel * pixels);
      for (size_t i = 0; i < from.size(); ++i) from[i] = static_cast<float>(i) + 0.5f;
      const float guard = -1.0f;
      std::vector<float> to(to_pixel * pixels + 1, guard);
      variant.copy(from.data(), from_pixel, to.data(), to_pixel, pixels, floats);
      for (int32_t x = 0; x < pixels; ++x) {
        for (size_t c = 0; c < to_pixel; ++c) {
          const float expected =
              c < static_cast<size_t>(floats) ? from[x * from_pixel + c] : guard;
          ASSERT_EQ(to[x * to_pixel + c], expected)
              << variant.name << " pixel " << x << " float " << c << " of " << floats;
        }
      }
      ASSERT_EQ(to.back(), guard) << variant.name << " wrote past the copy";
    }
  }
}

TEST(F32DwrowUkernelTest, SupportsOnlyTheWindowsItHandles) {
  EXPECT_TRUE(F32DwrowSupports(3, 3, 1, 1, 1));
  EXPECT_TRUE(F32DwrowSupports(5, 5, 2, 1, 0));
  EXPECT_FALSE(F32DwrowSupports(3, 3, 3, 1, 1));  // stride 3
  EXPECT_FALSE(F32DwrowSupports(3, 3, 1, 2, 1));  // dilated
  EXPECT_FALSE(F32DwrowSupports(3, 4, 1, 1, 1));  // 4 wide
  EXPECT_FALSE(F32DwrowSupports(7, 3, 1, 1, 1));  // 7 rows
}

}  // namespace
}  // namespace brasa
