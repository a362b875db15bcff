// The int8-only registrations (Register_CONV_2D_INT8, Register_DEPTHWISE_CONV_2D_INT8,
// Register_FULLY_CONNECTED_INT8, Register_SOFTMAX_INT8, Register_AVERAGE_POOL_2D_INT8,
// Register_MAX_POOL_2D_INT8): byte for byte the general kernels' output on
// random int8 cases (per-channel and per-tensor filters, paddings, strides,
// activations), and every other type refused with UNSUPPORTED in Prepare.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "brasa/builtin_kernels.h"
#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

std::vector<int8_t> RandomInt8(std::mt19937& rng, size_t count) {
  std::uniform_int_distribution<int> value(-128, 127);
  std::vector<int8_t> out(count);
  for (int8_t& v : out) v = static_cast<int8_t>(value(rng));
  return out;
}

std::vector<int32_t> RandomBias(std::mt19937& rng, size_t count) {
  std::uniform_int_distribution<int32_t> value(-5000, 5000);
  std::vector<int32_t> out(count);
  for (int32_t& v : out) v = value(rng);
  return out;
}

std::vector<float> RandomScales(std::mt19937& rng, size_t count) {
  std::uniform_real_distribution<float> scale(0.001f, 0.05f);
  std::vector<float> out(count);
  for (float& v : out) v = scale(rng);
  return out;
}

// Runs `tester`: its output, or none (a failure) when the run fails.
template <typename T>
std::vector<T> RunForOutput(OpTester& tester) {
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  return status.ok() ? tester.Output<T>() : std::vector<T>{};
}

// One weighted op on int8 data: input [1, h, w, c], filter `filter_shape`
// (per-channel along `channel_dim` when `per_channel`), int32 bias of
// `channels`, output scale 0.1; the same tensors for both registrations.
template <typename Params>
std::vector<int8_t> RunInt8(const OpKernel* kernel, const Params& params, uint32_t seed,
                            const Shape& input_shape, const Shape& filter_shape,
                            int32_t channels, int channel_dim, bool per_channel) {
  std::mt19937 rng(seed);
  const int64_t input_count = ElementCount(input_shape);
  const int64_t filter_count = ElementCount(filter_shape);
  OpTester tester(kernel);
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, input_shape,
                          RandomInt8(rng, static_cast<size_t>(input_count)),
                          PerTensor(0.05f, -3));
  const std::vector<float> scales =
      RandomScales(rng, per_channel ? static_cast<size_t>(channels) : 1);
  tester.AddConstInput<int8_t>(DataType::kInt8, filter_shape,
                               RandomInt8(rng, static_cast<size_t>(filter_count)),
                               per_channel ? PerChannel(scales, channel_dim)
                                           : PerTensor(scales[0], 0));
  std::vector<float> bias_scales;
  for (float s : scales) bias_scales.push_back(s * 0.05f);
  tester.AddConstInput<int32_t>(DataType::kInt32, {channels},
                                RandomBias(rng, static_cast<size_t>(channels)),
                                per_channel ? PerChannel(bias_scales, 0)
                                            : PerTensor(bias_scales[0], 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.1f, 5));
  return RunForOutput<int8_t>(tester);
}

TEST(Int8OnlyKernelsTest, Conv2dMatchesTheGeneralKernel) {
  uint32_t seed = 1;
  for (Padding padding : {Padding::kSame, Padding::kValid}) {
    for (int stride : {1, 2}) {
      for (Activation activation : {Activation::kNone, Activation::kRelu6}) {
        for (bool per_channel : {true, false}) {
          const ConvParams params{padding, stride, stride, 1, 1, activation};
          const Shape input = {1, 7, 6, 3}, filter = {5, 3, 3, 3};
          const auto general = RunInt8(Register_CONV_2D(), params, seed, input, filter, 5, 0,
                                       per_channel);
          const auto int8 = RunInt8(Register_CONV_2D_INT8(), params, seed, input, filter, 5, 0,
                                    per_channel);
          ASSERT_FALSE(general.empty());
          EXPECT_EQ(int8, general) << "seed " << seed;
          ++seed;
        }
      }
    }
  }
}

TEST(Int8OnlyKernelsTest, DepthwiseConv2dMatchesTheGeneralKernel) {
  uint32_t seed = 100;
  for (Padding padding : {Padding::kSame, Padding::kValid}) {
    for (int stride : {1, 2}) {
      for (int multiplier : {1, 2}) {
        for (bool per_channel : {true, false}) {
          DepthwiseConvParams params;
          params.padding = padding;
          params.stride_w = params.stride_h = stride;
          params.depth_multiplier = multiplier;
          params.activation = Activation::kRelu;
          const int32_t channels = 4 * multiplier;
          const Shape input = {1, 6, 7, 4}, filter = {1, 3, 3, channels};
          const auto general = RunInt8(Register_DEPTHWISE_CONV_2D(), params, seed, input, filter,
                                       channels, 3, per_channel);
          const auto int8 = RunInt8(Register_DEPTHWISE_CONV_2D_INT8(), params, seed, input,
                                    filter, channels, 3, per_channel);
          ASSERT_FALSE(general.empty());
          EXPECT_EQ(int8, general) << "seed " << seed;
          ++seed;
        }
      }
    }
  }
}

TEST(Int8OnlyKernelsTest, FullyConnectedMatchesTheGeneralKernel) {
  uint32_t seed = 200;
  for (bool per_channel : {true, false}) {
    for (Activation activation : {Activation::kNone, Activation::kRelu}) {
      FullyConnectedParams params;
      params.activation = activation;
      const Shape input = {3, 20}, filter = {6, 20};
      const auto general = RunInt8(Register_FULLY_CONNECTED(), params, seed, input, filter, 6, 0,
                                   per_channel);
      const auto int8 = RunInt8(Register_FULLY_CONNECTED_INT8(), params, seed, input, filter, 6,
                                0, per_channel);
      ASSERT_FALSE(general.empty());
      EXPECT_EQ(int8, general) << "seed " << seed;
      ++seed;
    }
  }
}

// A sum that leaves int32 (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED): every tap (x - zp_in) * w = (-128 - 127) * -128 =
// 32,640, over `taps` taps (more than 2^31 / 32,640 = 65,793) in channel 0;
// channel 1's filter alternates -128 and 127, so its sum stays small. The
// scales put 2^31 at about 128 output steps: a wrapped sum lands inside the
// int8 range, a saturated or exact one at its end.
template <typename Params>
std::vector<int8_t> RunOverflowing(const OpKernel* kernel, const Params& params,
                                   const Shape& input_shape, const Shape& filter_shape,
                                   bool channels_last) {
  const size_t input_count = static_cast<size_t>(ElementCount(input_shape));
  const size_t filter_count = static_cast<size_t>(ElementCount(filter_shape));
  std::vector<int8_t> filter(filter_count);
  for (size_t i = 0; i < filter_count; ++i) {
    const size_t channel = channels_last ? i % 2 : i / (filter_count / 2);
    filter[i] = channel == 0 ? int8_t{-128} : (i % 4 < 2 ? int8_t{-128} : int8_t{127});
  }
  OpTester tester(kernel);
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, input_shape,
                          std::vector<int8_t>(input_count, int8_t{-128}), PerTensor(1.0f, 127));
  tester.AddConstInput<int8_t>(DataType::kInt8, filter_shape, filter,
                               PerTensor(1.0f / 4096, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {100, -100}, PerTensor(1.0f / 4096, 0));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(4096.0f, 0));
  return RunForOutput<int8_t>(tester);
}

// Both registrations on RunOverflowing's tensors: the same two bytes, and
// channel 0 wrapped: 70,000 * 32,640 + 100 (or 67,600 * 32,640 + 100) lands
// about -120 steps from zero, not at the int8 maximum an exact sum saturates to.
template <typename Params>
void ExpectWrapAsTheGeneralKernel(const OpKernel* general, const OpKernel* int8,
                                  const Params& params, const Shape& input, const Shape& filter,
                                  bool channels_last) {
  const auto general_output = RunOverflowing(general, params, input, filter, channels_last);
  const auto int8_output = RunOverflowing(int8, params, input, filter, channels_last);
  ASSERT_EQ(general_output.size(), 2u) << general->name;
  EXPECT_EQ(int8_output, general_output) << general->name;
  EXPECT_GT(general_output[0], -128) << general->name;
  EXPECT_LT(general_output[0], 0) << general->name;
}

TEST(Int8OnlyKernelsTest, OverflowingSumsWrapAsTheGeneralKernels) {
  // CONV_2D: one 1x1 window over 70,000 input channels.
  ExpectWrapAsTheGeneralKernel(Register_CONV_2D(), Register_CONV_2D_INT8(),
                               ConvParams{Padding::kValid, 1, 1, 1, 1, Activation::kNone},
                               {1, 1, 1, 70000}, {2, 1, 1, 70000}, false);
  // DEPTHWISE_CONV_2D: one 260x260 window (67,600 taps), two channels.
  DepthwiseConvParams depthwise;
  depthwise.padding = Padding::kValid;
  ExpectWrapAsTheGeneralKernel(Register_DEPTHWISE_CONV_2D(), Register_DEPTHWISE_CONV_2D_INT8(),
                               depthwise, {1, 260, 260, 2}, {1, 260, 260, 2}, true);
  // FULLY_CONNECTED: two units of depth 70,000.
  ExpectWrapAsTheGeneralKernel(Register_FULLY_CONNECTED(), Register_FULLY_CONNECTED_INT8(),
                               FullyConnectedParams{}, {1, 70000}, {2, 70000}, false);
}

// SOFTMAX on random int8 rows with `beta` and `input_scale`, into int8 or int16.
template <typename OutT>
std::vector<OutT> RunSoftmaxInt8(const OpKernel* kernel, float beta, float input_scale,
                                 uint32_t seed) {
  std::mt19937 rng(seed);
  OpTester tester(kernel);
  SoftmaxParams params;
  params.beta = beta;
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, {4, 33}, RandomInt8(rng, 4 * 33),
                          PerTensor(input_scale, -7));
  const bool int16 = sizeof(OutT) == 2;
  tester.AddOutput(int16 ? DataType::kInt16 : DataType::kInt8, {4, 33},
                   int16 ? PerTensor(1.0f / 65536, -32768) : PerTensor(1.0f / 256, -128));
  return RunForOutput<OutT>(tester);
}

TEST(Int8OnlyKernelsTest, SoftmaxMatchesTheGeneralKernel) {
  uint32_t seed = 300;
  for (float beta : {1.0f, 0.5f, 2.5f}) {
    for (float input_scale : {0.02f, 0.1f, 0.37f}) {
      const auto general = RunSoftmaxInt8<int8_t>(Register_SOFTMAX(), beta, input_scale, seed);
      const auto int8 = RunSoftmaxInt8<int8_t>(Register_SOFTMAX_INT8(), beta, input_scale, seed);
      ASSERT_FALSE(general.empty());
      EXPECT_EQ(int8, general) << "seed " << seed;
      const auto general16 = RunSoftmaxInt8<int16_t>(Register_SOFTMAX(), beta, input_scale, seed);
      const auto int16 = RunSoftmaxInt8<int16_t>(Register_SOFTMAX_INT8(), beta, input_scale, seed);
      ASSERT_FALSE(general16.empty());
      EXPECT_EQ(int16, general16) << "seed " << seed;
      ++seed;
    }
  }
}

// AVERAGE_POOL_2D or MAX_POOL_2D on random int8 data.
std::vector<int8_t> RunPoolInt8(const OpKernel* kernel, const PoolParams& params, uint32_t seed) {
  std::mt19937 rng(seed);
  OpTester tester(kernel);
  tester.SetParams(params);
  tester.AddInput<int8_t>(DataType::kInt8, {2, 7, 6, 3}, RandomInt8(rng, 2 * 7 * 6 * 3),
                          PerTensor(0.05f, -3));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.05f, -3));
  return RunForOutput<int8_t>(tester);
}

TEST(Int8OnlyKernelsTest, PoolingMatchesTheGeneralKernels) {
  uint32_t seed = 400;
  for (Padding padding : {Padding::kSame, Padding::kValid}) {
    for (int stride : {1, 2}) {
      for (Activation activation : {Activation::kNone, Activation::kRelu6}) {
        PoolParams params;
        params.padding = padding;
        params.stride_h = params.stride_w = stride;
        params.filter_h = 3;
        params.filter_w = 2;
        params.activation = activation;
        const auto average = RunPoolInt8(Register_AVERAGE_POOL_2D(), params, seed);
        ASSERT_FALSE(average.empty());
        EXPECT_EQ(RunPoolInt8(Register_AVERAGE_POOL_2D_INT8(), params, seed), average)
            << "seed " << seed;
        const auto max = RunPoolInt8(Register_MAX_POOL_2D(), params, seed);
        ASSERT_FALSE(max.empty());
        EXPECT_EQ(RunPoolInt8(Register_MAX_POOL_2D_INT8(), params, seed), max) << "seed " << seed;
        ++seed;
      }
    }
  }
}

// A float32 op, which the general kernels run, on an int8-only registration.
template <typename Params>
void ExpectFloatRefused(const OpKernel* kernel, const Params& params, const char* op,
                        const Shape& input_shape, const Shape& filter_shape) {
  const int64_t input_count = ElementCount(input_shape);
  const int64_t filter_count = ElementCount(filter_shape);
  OpTester tester(kernel);
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, input_shape,
                         std::vector<float>(static_cast<size_t>(input_count), 1.0f));
  tester.AddConstInput<float>(DataType::kFloat32, filter_shape,
                              std::vector<float>(static_cast<size_t>(filter_count), 1.0f));
  tester.AddOmittedInput();
  tester.AddOutput(DataType::kFloat32, {});
  testing::ExpectNodeRunError(tester, op, std::string("runs int8 only; register Register_") + op,
                              StatusCode::kUnsupported);
}

TEST(Int8OnlyKernelsTest, OtherTypesAreUnsupported) {
  ExpectFloatRefused(Register_CONV_2D_INT8(), ConvParams{Padding::kValid, 1, 1, 1, 1,
                                                         Activation::kNone},
                     "CONV_2D", {1, 3, 3, 1}, {1, 2, 2, 1});
  DepthwiseConvParams depthwise;
  depthwise.padding = Padding::kValid;
  ExpectFloatRefused(Register_DEPTHWISE_CONV_2D_INT8(), depthwise, "DEPTHWISE_CONV_2D",
                     {1, 3, 3, 2}, {1, 2, 2, 2});
  ExpectFloatRefused(Register_FULLY_CONNECTED_INT8(), FullyConnectedParams{},
                     "FULLY_CONNECTED", {1, 4}, {2, 4});
  // Pooling: float32, uint8 and int16 input, which the general kernels run.
  PoolParams pool;
  pool.filter_h = pool.filter_w = 2;
  for (const OpKernel* kernel : {Register_AVERAGE_POOL_2D_INT8(), Register_MAX_POOL_2D_INT8()}) {
    const std::string op = kernel->name;
    const std::string refusal = "runs int8 only; register Register_" + op;
    {
      OpTester tester(kernel);
      tester.SetParams(pool);
      tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
      tester.AddOutput(DataType::kFloat32, {});
      testing::ExpectNodeRunError(tester, op.c_str(), refusal, StatusCode::kUnsupported);
    }
    {
      OpTester tester(kernel);
      tester.SetParams(pool);
      tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.1f, 0));
      tester.AddOutput(DataType::kUInt8, {}, PerTensor(0.1f, 0));
      testing::ExpectNodeRunError(tester, op.c_str(), refusal, StatusCode::kUnsupported);
    }
    {
      OpTester tester(kernel);
      tester.SetParams(pool);
      tester.AddInput<int16_t>(DataType::kInt16, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.1f, 0));
      tester.AddOutput(DataType::kInt16, {}, PerTensor(0.1f, 0));
      testing::ExpectNodeRunError(tester, op.c_str(), refusal, StatusCode::kUnsupported);
    }
  }
  // SOFTMAX: float32, uint8 and int16 input, which Register_SOFTMAX runs.
  {
    OpTester tester(Register_SOFTMAX_INT8());
    tester.AddInput<float>(DataType::kFloat32, {1, 2}, {1.0f, 2.0f});
    tester.AddOutput(DataType::kFloat32, {1, 2});
    testing::ExpectNodeRunError(tester, "SOFTMAX", "float32 input with float32 output is not "
                                "supported", StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_SOFTMAX_INT8());
    tester.AddInput<uint8_t>(DataType::kUInt8, {1, 2}, {1, 2}, PerTensor(0.1f, 0));
    tester.AddOutput(DataType::kUInt8, {1, 2}, PerTensor(1.0f / 256, 0));
    testing::ExpectNodeRunError(tester, "SOFTMAX", "uint8 input with uint8 output is not supported",
                                StatusCode::kUnsupported);
  }
  {
    OpTester tester(Register_SOFTMAX_INT8());
    tester.AddInput<int16_t>(DataType::kInt16, {1, 2}, {1, 2}, PerTensor(0.001f, 0));
    tester.AddOutput(DataType::kInt16, {1, 2}, PerTensor(1.0f / 32768, 0));
    testing::ExpectNodeRunError(tester, "SOFTMAX", "int16 input with int16 output is not supported",
                                StatusCode::kUnsupported);
  }
}

}  // namespace
}  // namespace brasa
