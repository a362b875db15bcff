// Every qs8_dwconv variant this CPU supports against the reference
// arithmetic (sum over taps of (x - zp_in)(w - zp_w) + bias, then
// MultiplyByQuantizedMultiplier, + zp_out, clamp), bit for bit, on random
// channel counts (not multiples of the vector width), tap counts and pixels,
// int8 and uint8.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

TEST(Qs8DwconvUkernelTest, EverySupportedVariantMatchesTheReferenceArithmetic) {
  const UkernelTable<Qs8DwconvVariant>& table = Qs8DwconvTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(99);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int tested = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8DwconvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested;
    for (int trial = 0; trial < 150; ++trial) {
      const bool uint8 = trial % 2 == 1;
      const int32_t channels = uniform(1, 70), taps = uniform(1, 30), pixels = uniform(1, 5);
      const int32_t rows = uniform(1, 6);  // distinct input rows the taps point into
      std::vector<uint8_t> input(static_cast<size_t>(rows) * channels);
      std::vector<uint8_t> filter(static_cast<size_t>(taps) * channels);
      for (uint8_t& x : input) x = static_cast<uint8_t>(uniform(0, 255));
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
      Qs8DwconvParams params;
      params.uint8 = uint8;
      params.output_zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
      params.output_min = uint8 ? uniform(0, 20) : uniform(-128, -100);
      params.output_max = uint8 ? uniform(200, 255) : uniform(90, 127);
      std::vector<const uint8_t*> pointers;
      for (int32_t i = 0; i < pixels * taps; ++i) {
        pointers.push_back(input.data() + static_cast<size_t>(uniform(0, rows - 1)) * channels);
      }
      std::vector<uint32_t> packed_words(Qs8DwconvPackedBytes(variant.cb, channels, taps) / 4);
      PackQs8Dwconv(weights, variant.cb, packed_words.data());
      const size_t stride = static_cast<size_t>(channels) + 3;  // guard bytes between pixels
      std::vector<uint8_t> output(stride * pixels, 0xA5);
      variant.fn(pixels, channels, taps, pointers.data(), packed_words.data(), output.data(),
                 stride, params);
      for (int32_t p = 0; p < pixels; ++p) {
        for (int32_t c = 0; c < channels; ++c) {
          int64_t acc = bias[static_cast<size_t>(c)];
          for (int32_t t = 0; t < taps; ++t) {
            const uint8_t raw = pointers[static_cast<size_t>(p * taps + t)][c];
            const uint8_t wraw = filter[static_cast<size_t>(t * channels + c)];
            const int32_t x = uint8 ? raw : static_cast<int8_t>(raw);
            const int32_t w = uint8 ? wraw : static_cast<int8_t>(wraw);
            acc += int64_t{x + weights.input_offset} * (w + weights.filter_offset);
          }
          const int64_t scaled =
              int64_t{MultiplyByQuantizedMultiplier(static_cast<int32_t>(acc),
                                                    multipliers[static_cast<size_t>(c)])} +
              params.output_zero_point;
          const int32_t expected = static_cast<int32_t>(
              std::min<int64_t>(std::max<int64_t>(scaled, params.output_min), params.output_max));
          const uint8_t byte = output[p * stride + c];
          const int32_t got = uint8 ? byte : static_cast<int8_t>(byte);
          ASSERT_EQ(got, expected) << variant.name << " channels " << channels << " taps " << taps
                                   << " pixel " << p << " channel " << c;
        }
        for (size_t g = static_cast<size_t>(channels); g < stride; ++g) {
          ASSERT_EQ(output[p * stride + g], 0xA5) << variant.name << " wrote past a pixel";
        }
      }
    }
  }
  EXPECT_GE(tested, 1);
}

// The row form (Qs8DwconvRow): every variant that has one, against the
// same arithmetic, with windows reaching past both ends of the rows, rows
// outside the image (null), strides 1 and 2, a slice of the channels, and
// guard bytes between pixels.
TEST(Qs8DwconvUkernelTest, EveryRowFormMatchesTheReferenceArithmetic) {
  const UkernelTable<Qs8DwconvVariant>& table = Qs8DwconvTable();
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int tested = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8DwconvVariant& variant = table.variants[v];
    if (variant.row == nullptr) continue;
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested;
    for (int trial = 0; trial < 300; ++trial) {
      const bool uint8 = trial % 2 == 1;
      const int32_t channels = uniform(1, 70), kernel_h = uniform(1, 4);
      const int32_t taps = kernel_h * kQs8DwconvRowWidth;
      const int32_t stride = uniform(1, 2), input_w = uniform(1, 40);
      const int32_t x_origin = uniform(-2, 1), pixels = uniform(1, 24);
      const size_t pixel_bytes = static_cast<size_t>(channels) + uniform(0, 5);  // guard bytes
      std::vector<std::vector<uint8_t>> lines(static_cast<size_t>(kernel_h));
      std::vector<const uint8_t*> rows;
      for (auto& line : lines) {
        line.resize(static_cast<size_t>(input_w) * pixel_bytes);
        for (uint8_t& x : line) x = static_cast<uint8_t>(uniform(0, 255));
        rows.push_back(uniform(0, 5) == 0 ? nullptr : line.data());
      }
      std::vector<uint8_t> filter(static_cast<size_t>(taps) * channels);
      for (uint8_t& x : filter) x = static_cast<uint8_t>(uniform(0, 255));
      std::vector<int32_t> bias;
      std::vector<QuantizedMultiplier> multipliers;
      for (int32_t c = 0; c < channels; ++c) {
        bias.push_back(uniform(-50000, 50000));
        multipliers.push_back({uniform(1 << 30, INT32_MAX), uniform(-20, 1)});
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
      const std::vector<uint8_t> padding(static_cast<size_t>(channels),
                                         static_cast<uint8_t>(-weights.input_offset));
      Qs8DwconvParams params;
      params.uint8 = uint8;
      params.output_zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
      params.output_min = uint8 ? uniform(0, 20) : uniform(-128, -100);
      params.output_max = uint8 ? uniform(200, 255) : uniform(90, 127);
      std::vector<uint32_t> packed_words(Qs8DwconvPackedBytes(variant.cb, channels, taps) / 4);
      PackQs8Dwconv(weights, variant.cb, packed_words.data());
      const Qs8DwconvRow row{rows.data(), padding.data(), kernel_h, input_w,
                             x_origin,    stride,         pixel_bytes};
      std::vector<uint8_t> output(pixel_bytes * pixels, 0xA5);
      variant.row(pixels, channels, row, packed_words.data(), output.data(), params);
      for (int32_t p = 0; p < pixels; ++p) {
        for (int32_t c = 0; c < channels; ++c) {
          int64_t acc = bias[static_cast<size_t>(c)];
          for (int32_t t = 0; t < taps; ++t) {
            const uint8_t* line = rows[static_cast<size_t>(t / kQs8DwconvRowWidth)];
            const int32_t column = x_origin + p * stride + t % kQs8DwconvRowWidth;
            const bool inside = line != nullptr && column >= 0 && column < input_w;
            const uint8_t raw = inside ? line[column * pixel_bytes + c] : padding[c];
            const uint8_t wraw = filter[static_cast<size_t>(t * channels + c)];
            const int32_t x = uint8 ? raw : static_cast<int8_t>(raw);
            const int32_t w = uint8 ? wraw : static_cast<int8_t>(wraw);
            acc += int64_t{x + weights.input_offset} * (w + weights.filter_offset);
          }
          const int64_t scaled =
              int64_t{MultiplyByQuantizedMultiplier(static_cast<int32_t>(acc),
                                                    multipliers[static_cast<size_t>(c)])} +
              params.output_zero_point;
          const int32_t expected = static_cast<int32_t>(
              std::min<int64_t>(std::max<int64_t>(scaled, params.output_min), params.output_max));
          const uint8_t byte = output[p * pixel_bytes + c];
          const int32_t got = uint8 ? byte : static_cast<int8_t>(byte);
          ASSERT_EQ(got, expected) << variant.name << " row form: channels " << channels
                                   << " kernel_h " << kernel_h << " stride " << stride
                                   << " input_w " << input_w << " x_origin " << x_origin
                                   << " pixel " << p << " channel " << c;
        }
        for (size_t g = static_cast<size_t>(channels); g < pixel_bytes; ++g) {
          ASSERT_EQ(output[p * pixel_bytes + g], 0xA5) << variant.name << " wrote past a pixel";
        }
      }
    }
  }
  EXPECT_GE(tested, 1);
}

}  // namespace
}  // namespace brasa
