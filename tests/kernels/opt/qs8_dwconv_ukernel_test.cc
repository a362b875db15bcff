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

// A random node's weights and output parameters; `weights` points into the
// vectors, so a case is filled in place and never copied.
struct RandomCase {
  std::vector<uint8_t> filter;
  std::vector<int32_t> bias;
  std::vector<QuantizedMultiplier> multipliers;
  Qs8DwconvWeights weights;
  Qs8DwconvParams params;
  RandomCase(const RandomCase&) = delete;
  RandomCase() = default;
};

template <typename Uniform>
void FillRandomCase(Uniform& uniform, bool uint8, int32_t channels, int32_t taps,
                    int32_t min_shift, RandomCase* c) {
  c->filter.resize(static_cast<size_t>(taps) * channels);
  for (uint8_t& x : c->filter) x = static_cast<uint8_t>(uniform(0, 255));
  // Half the cases: only right shifts (>= 1), so whole blocks take the
  // kernels' RequantizeRow<kPlain> path.
  const bool right_shifts_only = uniform(0, 1) == 0 && min_shift <= -1;
  for (int32_t i = 0; i < channels; ++i) {
    c->bias.push_back(uniform(-50000, 50000));
    // Sometimes a power of two: both rounding steps of the reference meet exact ties.
    c->multipliers.push_back({uniform(0, 3) == 0 ? 1 << 30 : uniform(1 << 30, INT32_MAX),
                              uniform(min_shift, right_shifts_only ? -1 : 1)});
    // Flushed to zero: kPlain blocks take zero multipliers too.
    if (uniform(0, 20) == 0) c->multipliers.back() = QuantizedMultiplier{};
  }
  Qs8DwconvWeights& weights = c->weights;
  weights.data = c->filter.data();
  weights.uint8 = uint8;
  weights.channels = channels;
  weights.taps = taps;
  weights.input_offset = uint8 ? -uniform(0, 255) : -uniform(-128, 127);
  weights.filter_offset = uint8 ? -uniform(0, 255) : 0;
  weights.bias = c->bias.data();
  weights.multipliers = c->multipliers.data();
  Qs8DwconvParams& params = c->params;
  params.uint8 = uint8;
  params.output_zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
  params.output_min = uint8 ? uniform(0, 20) : uniform(-128, -100);
  params.output_max = uint8 ? uniform(200, 255) : uniform(90, 127);
}

int32_t ValueOf(bool uint8, uint8_t byte) { return uint8 ? byte : static_cast<int8_t>(byte); }

// The reference arithmetic for channel c, input_byte(t) giving tap t's input.
template <typename InputByte>
int32_t Expected(const RandomCase& k, int32_t c, InputByte input_byte) {
  const bool uint8 = k.weights.uint8;
  int64_t acc = k.bias[static_cast<size_t>(c)];
  for (int32_t t = 0; t < k.weights.taps; ++t) {
    const int32_t x = ValueOf(uint8, input_byte(t));
    const int32_t w = ValueOf(uint8, k.filter[static_cast<size_t>(t * k.weights.channels + c)]);
    acc += int64_t{x + k.weights.input_offset} * (w + k.weights.filter_offset);
  }
  const int64_t scaled = int64_t{MultiplyByQuantizedMultiplier(
                             static_cast<int32_t>(acc), k.multipliers[static_cast<size_t>(c)])} +
                         k.params.output_zero_point;
  return static_cast<int32_t>(
      std::min<int64_t>(std::max<int64_t>(scaled, k.params.output_min), k.params.output_max));
}

std::vector<uint32_t> Pack(const RandomCase& k, int32_t cb) {
  std::vector<uint32_t> words(Qs8DwconvPackedBytes(cb, k.weights.channels, k.weights.taps) / 4);
  PackQs8Dwconv(k.weights, cb, words.data());
  return words;
}

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
      for (uint8_t& x : input) x = static_cast<uint8_t>(uniform(0, 255));
      RandomCase k;
      FillRandomCase(uniform, uint8, channels, taps, -12, &k);
      std::vector<const uint8_t*> pointers;
      for (int32_t i = 0; i < pixels * taps; ++i) {
        pointers.push_back(input.data() + static_cast<size_t>(uniform(0, rows - 1)) * channels);
      }
      const std::vector<uint32_t> packed = Pack(k, variant.cb);
      const size_t stride = static_cast<size_t>(channels) + 3;  // guard bytes between pixels
      std::vector<uint8_t> output(stride * pixels, 0xA5);
      variant.fn(pixels, channels, taps, pointers.data(), packed.data(), output.data(), stride,
                 k.params);
      for (int32_t p = 0; p < pixels; ++p) {
        for (int32_t c = 0; c < channels; ++c) {
          const int32_t expected = Expected(k, c, [&](int32_t t) {
            return pointers[static_cast<size_t>(p * taps + t)][c];
          });
          ASSERT_EQ(ValueOf(uint8, output[p * stride + c]), expected)
              << variant.name << " channels " << channels << " taps " << taps << " pixel " << p
              << " channel " << c;
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
// outside the image (null), strides 1 and 2, rows of 1 to 24 pixels (every
// tile width and overlap), windows 1 to 8 (and 67) rows high, 1 to 4 output
// rows (3x3 windows more often: the int8 tiles of 2 and 4 rows) 1 or 2
// input rows apart (mostly the stride: the tiles' case), and guard bytes
// between pixels and rows. A third of the trials space input columns fewer bytes apart than the
// channels they read (columns overlap) and output pixels apart by their own
// output_pixel_bytes (the few-channel rows' pseudo-pixels of 2 pixels).
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
    for (int trial = 0; trial < 600; ++trial) {
      const bool uint8 = trial % 2 == 1;
      const int32_t channels = uniform(1, 70);
      // Sometimes 5 to 8 rows: the AVX2 row form checks each load at the
      // image's edges beyond 6 window rows (no column table); now and then
      // 67 (it pairs the weights of at most 64 rows).
      const int32_t kernel_h = uniform(0, 1) == 0    ? kQs8DwconvRowWidth
                               : uniform(0, 40) == 0 ? 67
                               : uniform(0, 4) == 0  ? uniform(5, 8)
                                                     : uniform(1, 4);
      const int32_t taps = kernel_h * kQs8DwconvRowWidth;
      const int32_t stride = uniform(1, 2), input_w = uniform(1, 40);
      const int32_t x_origin = uniform(-2, 1), pixels = uniform(1, 24);
      const int32_t output_rows = uniform(1, kQs8DwconvRowMaxOutputRows);
      const int32_t row_step = uniform(0, 3) == 0 ? 3 - stride : stride;
      const bool overlapping = trial % 3 == 2;
      const size_t guarded = static_cast<size_t>(channels) + uniform(0, 5);  // guard bytes
      const size_t pixel_bytes = overlapping ? uniform(1, channels) : guarded;
      const size_t out_pixel_bytes = guarded;  // pixel_bytes unless overlapping
      const size_t output_row_bytes = out_pixel_bytes * pixels + uniform(0, 5);
      std::vector<std::vector<uint8_t>> lines(
          static_cast<size_t>(kernel_h + (output_rows - 1) * row_step));
      std::vector<const uint8_t*> rows;
      for (auto& line : lines) {
        line.resize(static_cast<size_t>(input_w - 1) * pixel_bytes + guarded);
        for (uint8_t& x : line) x = static_cast<uint8_t>(uniform(0, 255));
        rows.push_back(uniform(0, 5) == 0 ? nullptr : line.data());
      }
      RandomCase k;
      FillRandomCase(uniform, uint8, channels, taps, -20, &k);
      const std::vector<uint8_t> padding(static_cast<size_t>(channels),
                                         static_cast<uint8_t>(-k.weights.input_offset));
      const std::vector<uint32_t> packed = Pack(k, variant.cb);
      const Qs8DwconvRow row{rows.data(),      padding.data(),
                             kernel_h,         input_w,
                             x_origin,         stride,
                             pixel_bytes,      output_rows,
                             output_row_bytes, row_step,
                             overlapping ? out_pixel_bytes : 0};
      std::vector<uint8_t> output(output_row_bytes * kQs8DwconvRowMaxOutputRows, 0xA5);
      variant.row(pixels, channels, row, packed.data(), output.data(), k.params);
      for (int32_t i = 0; i < kQs8DwconvRowMaxOutputRows; ++i) {
        const uint8_t* out = output.data() + i * output_row_bytes;
        for (int32_t p = 0; p < pixels; ++p) {
          for (int32_t c = 0; c < channels && i < output_rows; ++c) {
            const int32_t expected = Expected(k, c, [&](int32_t t) {
              const uint8_t* line =
                  rows[static_cast<size_t>(i * row_step + t / kQs8DwconvRowWidth)];
              const int32_t column = x_origin + p * stride + t % kQs8DwconvRowWidth;
              const bool inside = line != nullptr && column >= 0 && column < input_w;
              return inside ? line[column * pixel_bytes + c] : padding[static_cast<size_t>(c)];
            });
            ASSERT_EQ(ValueOf(uint8, out[p * out_pixel_bytes + c]), expected)
                << variant.name << " row form: channels " << channels << " kernel_h " << kernel_h
                << " stride " << stride << " input_w " << input_w << " x_origin " << x_origin
                << " pixel bytes " << pixel_bytes << " output row " << i << " of "
                << output_rows << " row step " << row_step
                << " pixel " << p << " channel "
                << c;
          }
          for (size_t g = i < output_rows ? static_cast<size_t>(channels) : 0;
               g < out_pixel_bytes; ++g) {
            ASSERT_EQ(out[p * out_pixel_bytes + g], 0xA5) << variant.name << " wrote past a pixel";
          }
        }
        for (size_t g = out_pixel_bytes * pixels; g < output_row_bytes; ++g) {
          ASSERT_EQ(out[g], 0xA5) << variant.name << " wrote past a row";
        }
      }
    }
  }
  EXPECT_GE(tested, 1);
}

}  // namespace
}  // namespace brasa
