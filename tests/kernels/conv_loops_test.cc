// CONV_2D and DEPTHWISE_CONV_2D against a plain loop written straight from
// QUANTIZATION.md §1.9, §2.1, §2.2 (int64 sum over in-image taps, kept to 32
// bits where TFLite sums in int32). Targets the kernels' loop structure: the
// hoisted tap ranges at image borders, the int16 patch and zp_w term, the
// int32/int64 accumulator choice, the depthwise channel blocks of 256 and
// depth multipliers that start a block mid-group.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <type_traits>
#include <vector>

#include "kernels/params.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/padding.h"
#include "kernels/registry.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

struct Case {
  bool depthwise = false;
  int32_t in_h = 1, in_w = 1, in_c = 1;
  int32_t out_c = 1, filter_h = 1, filter_w = 1;
  int32_t filter_c = 1;  // conv only: in_c / filter_c groups
  Padding padding = Padding::kSame;
  int32_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int32_t zp_in = 0, zp_w = 0, zp_out = 0;
  float s_in = 0.5f, s_w = 0.25f, s_out = 1.0f;
  int32_t x_low = 0, x_high = 0, w_low = 0, w_high = 0;  // 0, 0: the whole type
  int32_t bias_low = -5000, bias_high = 5000;
};

template <typename V>
std::vector<V> Random(size_t count, int64_t low, int64_t high, std::mt19937* random) {
  if (low == 0 && high == 0) {
    low = std::numeric_limits<V>::min();
    high = std::numeric_limits<V>::max();
  }
  std::uniform_int_distribution<int64_t> pick(low, high);
  std::vector<V> values(count);
  for (V& v : values) v = static_cast<V>(pick(*random));
  return values;
}

// The plain loop: one output at a time, every tap tested against the image.
template <typename T, typename W, typename B>
std::vector<T> Expected(const Case& c, const std::vector<T>& x, const std::vector<W>& w,
                        const std::vector<B>& bias, int32_t out_h, int32_t out_w) {
  const int32_t pad_top = WindowPaddingBefore(c.in_h, c.filter_h, c.stride_h, c.dilation_h, out_h);
  const int32_t pad_left =
      WindowPaddingBefore(c.in_w, c.filter_w, c.stride_w, c.dilation_w, out_w);
  const bool legacy_uint8 = std::is_same<T, uint8_t>::value;
  const int32_t filter_offset = legacy_uint8 ? -c.zp_w : 0;
  const double real = legacy_uint8 ? static_cast<double>(c.s_in * c.s_w) / c.s_out
                                   : static_cast<double>(c.s_in) * c.s_w / c.s_out;
  const QuantizedMultiplier multiplier = QuantizeMultiplier(real);
  const int32_t per_group = c.out_c / (c.in_c / c.filter_c);
  std::vector<T> out;
  for (int32_t oy = 0; oy < out_h; ++oy) {
    for (int32_t ox = 0; ox < out_w; ++ox) {
      for (int32_t oc = 0; oc < c.out_c; ++oc) {
        int64_t acc = 0;
        for (int32_t fy = 0; fy < c.filter_h; ++fy) {
          for (int32_t fx = 0; fx < c.filter_w; ++fx) {
            const int32_t iy = oy * c.stride_h - pad_top + fy * c.dilation_h;
            const int32_t ix = ox * c.stride_w - pad_left + fx * c.dilation_w;
            if (iy < 0 || iy >= c.in_h || ix < 0 || ix >= c.in_w) continue;
            const int64_t pixel = (int64_t{iy} * c.in_w + ix) * c.in_c;
            if (c.depthwise) {
              const int32_t ic = oc / (c.out_c / c.in_c);
              acc += int64_t{w[(fy * c.filter_w + fx) * c.out_c + oc] + filter_offset} *
                     (x[pixel + ic] - c.zp_in);
              continue;
            }
            for (int32_t ic = 0; ic < c.filter_c; ++ic) {
              const int64_t tap = ((int64_t{oc} * c.filter_h + fy) * c.filter_w + fx);
              acc += int64_t{w[tap * c.filter_c + ic] + filter_offset} *
                     (x[pixel + (oc / per_group) * c.filter_c + ic] - c.zp_in);
            }
          }
        }
        acc += bias[oc];
        const int32_t scaled = std::is_same<B, int64_t>::value
                                   ? MultiplyInt64ByQuantizedMultiplier(acc, multiplier)
                                   : MultiplyByQuantizedMultiplier(WrapToInt32(acc), multiplier);
        out.push_back(ClampTo<T>(scaled + c.zp_out));
      }
    }
  }
  return out;
}

template <typename T, typename W, typename B>
void ExpectMatchesPlainLoop(const Case& c) {
  std::mt19937 random(1234);
  const DataType type = std::is_same<T, int8_t>::value    ? DataType::kInt8
                        : std::is_same<T, uint8_t>::value ? DataType::kUInt8
                                                          : DataType::kInt16;
  const DataType filter_type = std::is_same<W, uint8_t>::value ? DataType::kUInt8 : DataType::kInt8;
  const DataType bias_type = std::is_same<B, int64_t>::value ? DataType::kInt64 : DataType::kInt32;
  const Shape filter_shape = c.depthwise ? Shape{1, c.filter_h, c.filter_w, c.out_c}
                                         : Shape{c.out_c, c.filter_h, c.filter_w, c.filter_c};
  const std::vector<T> x =
      Random<T>(static_cast<size_t>(c.in_h) * c.in_w * c.in_c, c.x_low, c.x_high, &random);
  const std::vector<W> w =
      Random<W>(static_cast<size_t>(ElementCount(filter_shape)), c.w_low, c.w_high, &random);
  const std::vector<B> bias = Random<B>(static_cast<size_t>(c.out_c), c.bias_low, c.bias_high, &random);

  OpTester tester(c.depthwise ? Register_DEPTHWISE_CONV_2D() : Register_CONV_2D());
  if (c.depthwise) {
    tester.SetParams(DepthwiseConvParams{c.padding, c.stride_w, c.stride_h, c.dilation_w,
                                         c.dilation_h, c.out_c / c.in_c, Activation::kNone});
  } else {
    tester.SetParams(ConvParams{c.padding, c.stride_w, c.stride_h, c.dilation_w, c.dilation_h,
                                Activation::kNone});
  }
  tester.AddInput<T>(type, {1, c.in_h, c.in_w, c.in_c}, x, PerTensor(c.s_in, c.zp_in));
  tester.AddConstInput<W>(filter_type, filter_shape, w, PerTensor(c.s_w, c.zp_w));
  tester.AddConstInput<B>(bias_type, {c.out_c}, bias, PerTensor(c.s_in * c.s_w, 0));
  tester.AddOutput(type, {}, PerTensor(c.s_out, c.zp_out));
  const Status status = tester.Run();
  ASSERT_TRUE(status.ok()) << status.message();
  const Shape shape = tester.OutputShape();
  const std::vector<T> expected = Expected<T, W, B>(c, x, w, bias, shape[1], shape[2]);
  ASSERT_EQ(tester.Output<T>(), expected);
  // Many distinct values: the comparison is not between two saturated outputs.
  EXPECT_GT(std::set<T>(expected.begin(), expected.end()).size(), 20u);
}

Case Conv(int32_t size, int32_t in_c, int32_t filter_c, int32_t out_c, int32_t filter) {
  Case c;
  c.in_h = c.in_w = size;
  c.in_c = in_c;
  c.filter_c = filter_c;
  c.out_c = out_c;
  c.filter_h = c.filter_w = filter;
  return c;
}

TEST(ConvLoopsTest, Int8GroupedStridedDilatedBorders) {
  Case c = Conv(11, 6, 3, 4, 3);
  c.in_h = 9;
  c.stride_h = 2;
  c.dilation_w = 2;
  c.zp_in = -5;
  c.s_w = 1.0f / 64;
  ExpectMatchesPlainLoop<int8_t, int8_t, int32_t>(c);
}

TEST(ConvLoopsTest, UInt8FilterZeroPointWithPadding) {
  Case c = Conv(7, 5, 5, 3, 3);
  c.filter_w = 2;
  c.dilation_h = 2;
  c.zp_in = 120, c.zp_w = 131, c.zp_out = 100;
  c.s_w = 1.0f / 64;
  ExpectMatchesPlainLoop<uint8_t, uint8_t, int32_t>(c);
}

// 3x3x80 taps of about 32000 * 115: sums near 2.6e9 need the int64 path;
// with an int64 bias they are kept whole, with an int32 bias they wrap.
TEST(ConvLoopsTest, Int16SumsBeyondInt32) {
  Case c = Conv(5, 80, 80, 2, 3);
  c.s_in = 1.0f / 1024, c.s_w = 1.0f / 256, c.s_out = 1.0f;
  c.x_low = 30000, c.x_high = 32767, c.w_low = 100, c.w_high = 127;
  ExpectMatchesPlainLoop<int16_t, int8_t, int64_t>(c);
  ExpectMatchesPlainLoop<int16_t, int8_t, int32_t>(c);
}

// 80000 taps of about 247 * 123 sum to about 2.4e9 (the int64 path); with
// biases of +-1e9 most wrap in 32 bits, and M = 2^-24 spreads the whole
// int32 range over the int8 outputs.
TEST(ConvLoopsTest, Int8SumWrapsLikeInt32) {
  Case c = Conv(1, 80000, 80000, 64, 1);
  c.zp_in = -128;
  c.s_w = 1.0f / 4096, c.s_out = 2048.0f;
  c.x_low = 120, c.x_high = 127, c.w_low = 120, c.w_high = 127;
  c.bias_low = -1000000000, c.bias_high = 1000000000;
  ExpectMatchesPlainLoop<int8_t, int8_t, int32_t>(c);
}

Case Depthwise(int32_t size, int32_t in_c, int32_t multiplier, int32_t filter) {
  Case c = Conv(size, in_c, in_c, in_c * multiplier, filter);
  c.depthwise = true;
  return c;
}

TEST(ConvLoopsTest, DepthwiseInt8ChannelBlocksAndStrides) {
  Case c = Depthwise(7, 300, 1, 3);
  c.in_h = 6;
  c.stride_h = c.stride_w = 2;
  c.zp_in = 7, c.zp_out = -3;
  c.s_w = 1.0f / 16;
  ExpectMatchesPlainLoop<int8_t, int8_t, int32_t>(c);
}

// 300 output channels = 100 inputs x 3: the second block starts mid-group.
TEST(ConvLoopsTest, DepthwiseUInt8MultiplierAcrossBlocks) {
  Case c = Depthwise(5, 100, 3, 3);
  c.dilation_h = c.dilation_w = 2;
  c.zp_in = 128, c.zp_w = 119, c.zp_out = 128;
  c.s_w = 1.0f / 16;
  ExpectMatchesPlainLoop<uint8_t, uint8_t, int32_t>(c);
}

// 23x23 = 529 taps of about 32000 * 115 exceed int32: the int64 path.
TEST(ConvLoopsTest, DepthwiseInt16SumsBeyondInt32) {
  Case c = Depthwise(23, 2, 1, 23);
  c.s_in = 1.0f / 1024, c.s_w = 1.0f / 256, c.s_out = 1.0f;
  c.x_low = 30000, c.x_high = 32767, c.w_low = 100, c.w_high = 127;
  ExpectMatchesPlainLoop<int16_t, int8_t, int64_t>(c);
}

}  // namespace
}  // namespace brasa
