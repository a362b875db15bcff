// The optimized CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED against their
// reference kernels, bit for bit, at every instruction-set level this CPU
// supports and with 1 and 2 threads, on random nodes: odd sizes, channels
// that are not multiples of any vector width, padding at every border
// (SAME and explicit), strides, dilation, every fused activation, per-tensor
// and per-channel filters, int8 and uint8 (with filter zero points); float32
// within 1e-5 relative (the optimized kernels sum with fused multiply-adds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "src/platform/cpu_features.h"
#include "src/platform/thread_pool.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerChannel;
using testing::PerTensor;

constexpr int32_t kConvCode = 3, kDepthwiseCode = 4, kFullyConnectedCode = 9;

enum class Op { kConv, kDepthwise, kFullyConnected };

struct RandomNode {
  Op op = Op::kConv;
  DataType type = DataType::kInt8;
  Shape input_shape, filter_shape;
  std::vector<uint8_t> input, filter;
  std::vector<int32_t> bias;
  std::vector<float> input_f, filter_f, bias_f;  // float32 nodes
  bool has_bias = true;
  Quantization input_q, filter_q, bias_q, output_q;
  ConvParams conv;
  DepthwiseConvParams depthwise;
  FullyConnectedParams fully_connected;
  std::string description;
};

class Random {
 public:
  explicit Random(uint32_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  float Real(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }

 private:
  std::mt19937 rng_;
};

Activation RandomActivation(Random& r) {
  const Activation all[] = {Activation::kNone, Activation::kRelu, Activation::kRelu6,
                            Activation::kReluN1To1};
  return all[r.Int(0, 3)];
}

// Quantization for `channels` output channels (the filter quantized along
// `dimension`), an output scale that keeps most results inside the range.
void RandomQuantization(Random& r, RandomNode& n, int32_t channels, int32_t dimension,
                        int64_t depth) {
  const bool uint8 = n.type == DataType::kUInt8;
  const float input_scale = r.Real(0.005f, 0.1f);
  n.input_q = PerTensor(input_scale, uint8 ? r.Int(0, 255) : r.Int(-128, 127));
  const bool per_channel = !uint8 && r.Int(0, 1) == 1;
  float largest = 0.0f;
  if (per_channel) {
    std::vector<float> scales;
    for (int32_t c = 0; c < channels; ++c) scales.push_back(r.Real(0.002f, 0.05f));
    for (float s : scales) largest = std::max(largest, s);
    n.filter_q = PerChannel(scales, dimension);
  } else {
    largest = r.Real(0.002f, 0.05f);
    // FULLY_CONNECTED int8 per-tensor applies zp_w; conv int8 ignores it.
    const int32_t zero_point = uint8 ? r.Int(0, 255) : (r.Int(0, 2) == 0 ? r.Int(-20, 20) : 0);
    n.filter_q = PerTensor(largest, zero_point);
  }
  n.bias_q = PerTensor(input_scale * n.filter_q.scales[0], 0);
  const float spread = static_cast<float>(std::sqrt(static_cast<double>(depth))) * 40.0f;
  n.output_q = PerTensor(input_scale * largest * spread * r.Real(0.3f, 3.0f),
                         uint8 ? r.Int(0, 255) : r.Int(-128, 127));
}

void FillRandom(Random& r, RandomNode& n, int64_t input_count, int64_t filter_count,
                int32_t channels) {
  n.input.resize(static_cast<size_t>(input_count));
  n.filter.resize(static_cast<size_t>(filter_count));
  for (uint8_t& v : n.input) v = static_cast<uint8_t>(r.Int(0, 255));
  for (uint8_t& v : n.filter) v = static_cast<uint8_t>(r.Int(0, 255));
  n.has_bias = r.Int(0, 5) != 0;
  for (int32_t c = 0; c < channels; ++c) n.bias.push_back(r.Int(-30000, 30000));
  if (n.type != DataType::kFloat32) return;
  for (uint8_t v : n.input) n.input_f.push_back((v - 127.5f) / 64.0f);
  for (uint8_t v : n.filter) n.filter_f.push_back((v - 127.5f) / 128.0f);
  for (int32_t b : n.bias) n.bias_f.push_back(static_cast<float>(b) / 10000.0f);
}

// A window size, stride, dilation and padding with a non-empty output.
// Large nodes do enough work (kMinParallelMultiplyAdds) to use the threads.
bool large_nodes = false;
// With large_nodes: depthwise nodes a few rows high and wide enough to run
// on both threads, whose tasks then split the channels too.
bool few_rows = false;
// Depthwise nodes with narrow rows (7 to 16 pixels, the float32 row form's
// 7-pixel tiles among others) and many channels.
bool narrow_rows = false;
// With narrow_rows: 8 to 30 rows, enough for int8/uint8 row-form nodes that
// would slice their channels to split their rows into one share per thread.
bool share_rows = false;
// Depthwise nodes of 512 or 1024 channels with narrow rows (5 to 16
// pixels): the float32 row form reads compact copies of the window's rows
// where the vertical stride and dilation are 1.
bool compact_rows = false;
// Depthwise nodes whose float32 input is larger than L2 (over 1 MB: the
// float32 row form then walks the rows bottom to top on one thread).
bool wide_input = false;

void RandomWindow(Random& r, int32_t* h, int32_t* w, int32_t* fh, int32_t* fw, Padding* padding,
                  int32_t* stride, int32_t* dilation) {
  const int kind = r.Int(0, 3);
  *fh = *fw = kind == 0 ? 1 : 3;
  if (kind == 3) {
    *fh = r.Int(1, 5);
    *fw = r.Int(1, 5);
  }
  *stride = r.Int(1, 2);
  *dilation = r.Int(0, 4) == 0 ? 2 : 1;
  *padding = r.Int(0, 1) ? Padding::kSame : Padding::kValid;
  *h = large_nodes ? r.Int(40, 50) : r.Int(1, 13);
  *w = large_nodes ? r.Int(40, 50) : r.Int(1, 13);
  if (*padding == Padding::kValid) {
    *h = std::max(*h, (*fh - 1) * *dilation + 1);
    *w = std::max(*w, (*fw - 1) * *dilation + 1);
  }
}

// A VALID window sometimes becomes explicit padding (a folded PAD node,
// src/runtime/fold_pad.cc), up to 3 on each side.
template <typename Params>
void MaybeExplicitPadding(Random& r, Params* params) {
  if (params->padding != Padding::kValid || r.Int(0, 1) == 0) return;
  params->padding = Padding::kExplicit;
  params->explicit_padding = {r.Int(0, 3), r.Int(0, 3), r.Int(0, 3), r.Int(0, 3)};
}

// Input channels drawn from [min_in_c, max_in_c].
RandomNode RandomConvWith(Random& r, DataType type, int32_t min_in_c, int32_t max_in_c) {
  RandomNode n;
  n.op = Op::kConv;
  n.type = type;
  int32_t h, w, fh, fw, stride, dilation;
  Padding padding;
  RandomWindow(r, &h, &w, &fh, &fw, &padding, &stride, &dilation);
  if (large_nodes) {  // windows of at least 3x3 (h, w >= 40 keep VALID outputs non-empty)
    fh = std::max(fh, 3);
    fw = std::max(fw, 3);
  }
  const int32_t batches = r.Int(1, 2);
  const int32_t in_c = r.Int(min_in_c, max_in_c);
  const int32_t out_c = large_nodes ? r.Int(16, 40) : r.Int(1, 40);
  n.input_shape = {batches, h, w, in_c};
  n.filter_shape = {out_c, fh, fw, in_c};
  n.conv = ConvParams{padding, stride, stride, dilation, dilation, RandomActivation(r)};
  MaybeExplicitPadding(r, &n.conv);
  RandomQuantization(r, n, out_c, 0, int64_t{fh} * fw * in_c);
  FillRandom(r, n, int64_t{batches} * h * w * in_c, int64_t{out_c} * fh * fw * in_c, out_c);
  return n;
}

RandomNode RandomConv(Random& r, DataType type) {
  return RandomConvWith(r, type, large_nodes ? 16 : 1, 40);
}

// A 1x1 stride-1 convolution of random weights over an h x w x in_c input.
RandomNode RandomPointwise(Random& r, DataType type, int32_t h, int32_t w, int32_t in_c,
                           int32_t out_c) {
  RandomNode n;
  n.op = Op::kConv;
  n.type = type;
  n.input_shape = {1, h, w, in_c};
  n.filter_shape = {out_c, 1, 1, in_c};
  n.conv = ConvParams{Padding::kValid, 1, 1, 1, 1, RandomActivation(r)};
  RandomQuantization(r, n, out_c, 0, in_c);
  FillRandom(r, n, int64_t{h} * w * in_c, int64_t{out_c} * in_c, out_c);
  return n;
}

// 1x1 stride-1 convolutions over 4x4 to 9x9 pixels with 96 to 260 output
// channels: enough work for both threads, rows too few to split into tasks
// of whole tiles, so the int8/uint8 GEMMs split their rows in one share per
// thread, the float32 ones their columns, or (when the 32-column blocks do
// not divide evenly) their rows in two halves.
RandomNode RandomPointwiseFewRows(Random& r, DataType type) {
  const int32_t h = r.Int(4, 9), w = r.Int(4, 9);
  const int32_t in_c = r.Int(64, 200), out_c = r.Int(96, 260);
  return RandomPointwise(r, type, h, w, in_c, out_c);
}

// 1x1 stride-1 convolutions over 2 or 3 pixels with deep, wide weights:
// under two rows per thread, and over kMinColumnSplitMultiplyAdds, so the
// GEMMs split their columns.
RandomNode RandomPointwiseFewPixels(Random& r, DataType type) {
  const int32_t w = r.Int(2, 3);
  const int32_t in_c = r.Int(1000, 1400), out_c = r.Int(600, 900);
  return RandomPointwise(r, type, 1, w, in_c, out_c);
}

// 1x1 stride-1 float32 convolutions of deep, wide weights (450 to 600
// input channels, 320 to 420 or 600 to 700 output channels: 0.58 to 1.7 MB
// packed): RunF32Gemm walks their columns in several chunks, of 512 KB or,
// above about 1 MB, of one block each; a 1x1 image (a quarter of the
// nodes) runs one-row calls.
RandomNode RandomPointwiseDeep(Random& r, DataType type) {
  const bool one_pixel = r.Int(0, 3) == 0;
  const int32_t h = one_pixel ? 1 : r.Int(3, 12), w = one_pixel ? 1 : r.Int(3, 12);
  // 1024 input channels in a quarter of them: the 7-row tiles of depths
  // that are a multiple of 1024 (F32GemmTileRows).
  const int32_t in_c = r.Int(0, 3) == 0 ? 1024 : r.Int(450, 600);
  const int32_t out_c = r.Int(0, 1) == 0 ? r.Int(320, 420) : r.Int(600, 700);
  return RandomPointwise(r, type, h, w, in_c, out_c);
}

// 1 to 4 input channels: the direct kernels (f32_dconv, qs8_dconv).
RandomNode RandomFewChannelConv(Random& r, DataType type) {
  return RandomConvWith(r, type, 1, 4);
}

RandomNode RandomDepthwise(Random& r, DataType type) {
  RandomNode n;
  n.op = Op::kDepthwise;
  n.type = type;
  int32_t h, w, fh, fw, stride, dilation;
  Padding padding;
  RandomWindow(r, &h, &w, &fh, &fw, &padding, &stride, &dilation);
  if (large_nodes) {  // windows of at least 3x3 (h, w >= 40 keep VALID outputs non-empty)
    fh = std::max(fh, 3);
    fw = std::max(fw, 3);
  }
  // One input channel (qs8_dwplane for int8/uint8) in a quarter of the nodes.
  const bool one_channel = r.Int(0, 3) == 0;
  const int32_t batches = r.Int(1, 2);
  // 2, 4 or 8 channels (the few-channel row path with stride 1) in a quarter of the others.
  const bool few_channels = !one_channel && r.Int(0, 3) == 0;
  int32_t channels = one_channel    ? 1
                           : few_channels ? 1 << r.Int(1, 3)
                           : large_nodes  ? r.Int(150, 200)
                                          : r.Int(1, 50);
  // Multipliers > 1 expand the input first (8 copies at a time when m % 8 == 0).
  const int multiplier_kind = r.Int(0, one_channel ? 3 : 4);
  int32_t multiplier = multiplier_kind == 0   ? 8
                       : multiplier_kind == 1 ? 2
                       : one_channel          ? (multiplier_kind == 2 ? 1 : r.Int(3, 20))
                                              : 1;
  if (one_channel && large_nodes) {  // enough work for qs8_dwplane to use the threads
    multiplier = 8;
    h = r.Int(400, 420);
    w = r.Int(400, 420);
  }
  if (few_channels && large_nodes) {
    h = r.Int(100, 120);
    w = r.Int(100, 120);
  }
  if (few_rows) {
    h = std::max(r.Int(5, 8), (fh - 1) * dilation + 1);  // VALID windows still fit
    w = r.Int(250, 300);
  }
  if (narrow_rows) {
    h = std::max(share_rows ? r.Int(8, 30) : r.Int(7, 16), (fh - 1) * dilation + 1);
    w = std::max(r.Int(7, 16), (fw - 1) * dilation + 1);
    channels = r.Int(150, 400);
    multiplier = 1;
  }
  if (compact_rows) {
    h = std::max(r.Int(5, 16), (fh - 1) * dilation + 1);
    w = std::max(r.Int(5, 16), (fw - 1) * dilation + 1);
    channels = 512 * r.Int(1, 2);
    multiplier = 1;
  }
  if (wide_input) {
    h = std::max(r.Int(60, 70), (fh - 1) * dilation + 1);
    w = std::max(r.Int(60, 70), (fw - 1) * dilation + 1);
    channels = r.Int(80, 120);
    multiplier = 1;
  }
  n.input_shape = {batches, h, w, channels};
  n.filter_shape = {1, fh, fw, channels * multiplier};
  n.depthwise = DepthwiseConvParams{padding, stride,   stride, dilation,
                                    dilation, multiplier, RandomActivation(r)};
  MaybeExplicitPadding(r, &n.depthwise);
  RandomQuantization(r, n, channels * multiplier, 3, int64_t{fh} * fw);
  FillRandom(r, n, int64_t{batches} * h * w * channels,
             int64_t{fh} * fw * channels * multiplier, channels * multiplier);
  return n;
}

RandomNode RandomFullyConnected(Random& r, DataType type) {
  RandomNode n;
  n.op = Op::kFullyConnected;
  n.type = type;
  const int32_t batches = large_nodes ? r.Int(20, 40) : (r.Int(0, 2) == 0 ? r.Int(2, 40) : 1);
  const int32_t depth = large_nodes ? r.Int(600, 900) : r.Int(1, 300);
  const int32_t units = large_nodes ? r.Int(50, 70) : r.Int(1, 70);
  n.input_shape = {batches, depth};
  n.filter_shape = {units, depth};
  n.fully_connected.activation = RandomActivation(r);
  RandomQuantization(r, n, units, 0, depth);
  FillRandom(r, n, int64_t{batches} * depth, int64_t{units} * depth, units);
  return n;
}

// Runs the node through `kernel`; nullopt-like empty vector on failure.
std::vector<uint8_t> RunNode(const RandomNode& n, const OpKernel* kernel, Isa isa,
                             internal::ThreadPool* pool, bool reference_option = false) {
  const int32_t code = n.op == Op::kConv        ? kConvCode
                       : n.op == Op::kDepthwise ? kDepthwiseCode
                                                : kFullyConnectedCode;
  OpTester tester(kernel, code);
  tester.graph().runtime.max_isa = isa;
  tester.graph().runtime.thread_pool = pool;
  tester.graph().runtime.use_reference_kernels = reference_option;
  if (n.op == Op::kConv) tester.SetParams(n.conv);
  if (n.op == Op::kDepthwise) tester.SetParams(n.depthwise);
  if (n.op == Op::kFullyConnected) tester.SetParams(n.fully_connected);
  const int32_t channels = static_cast<int32_t>(n.bias.size());
  if (n.type == DataType::kFloat32) {
    tester.AddInput<float>(n.type, n.input_shape, n.input_f);
    tester.AddConstInput<float>(n.type, n.filter_shape, n.filter_f);
    if (n.has_bias) tester.AddConstInput<float>(n.type, {channels}, n.bias_f);
    tester.AddOutput(n.type, {});
  } else {
    tester.AddInput<uint8_t>(n.type, n.input_shape, n.input, n.input_q);
    tester.AddConstInput<uint8_t>(n.type, n.filter_shape, n.filter, n.filter_q);
    if (n.has_bias) tester.AddConstInput<int32_t>(DataType::kInt32, {channels}, n.bias, n.bias_q);
    tester.AddOutput(n.type, {}, n.output_q);
  }
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return {};
  if (n.type != DataType::kFloat32) return tester.Output<uint8_t>();
  const std::vector<float> values = tester.Output<float>();
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

const OpKernel* Reference(Op op) {
  switch (op) {
    case Op::kConv: return Register_CONV_2D();
    case Op::kDepthwise: return Register_DEPTHWISE_CONV_2D();
    default: return Register_FULLY_CONNECTED();
  }
}

const OpKernel* Optimized(Op op) {
  switch (op) {
    case Op::kConv: return Register_CONV_2D_OPT();
    case Op::kDepthwise: return Register_DEPTHWISE_CONV_2D_OPT();
    default: return Register_FULLY_CONNECTED_OPT();
  }
}

std::string Describe(const RandomNode& n) {
  std::string text = std::string(n.op == Op::kConv        ? "CONV_2D"
                                 : n.op == Op::kDepthwise ? "DEPTHWISE_CONV_2D"
                                                          : "FULLY_CONNECTED") +
                     " " + DataTypeName(n.type) + " input " + ShapeToString(n.input_shape) +
                     " filter " + ShapeToString(n.filter_shape) +
                     (n.filter_q.is_per_channel() ? " per-channel" : " per-tensor");
  return text;
}

// Integer outputs bit for bit; float32 ones (as bytes) within 1e-5 relative,
// or 1e-5 absolute near zero, where sums of mixed signs cancel.
::testing::AssertionResult OutputsMatch(DataType type, const std::vector<uint8_t>& expected,
                                        const std::vector<uint8_t>& actual) {
  if (expected.size() != actual.size()) return ::testing::AssertionFailure() << "size differs";
  if (type != DataType::kFloat32) {
    if (expected == actual) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "outputs differ";
  }
  for (size_t i = 0; i < expected.size(); i += sizeof(float)) {
    float e, a;
    std::memcpy(&e, &expected[i], sizeof(float));
    std::memcpy(&a, &actual[i], sizeof(float));
    if (!(std::fabs(a - e) <= 1e-5f * std::max(1.0f, std::fabs(e)))) {
      return ::testing::AssertionFailure()
             << "[" << i / sizeof(float) << "] expected " << e << " got " << a;
    }
  }
  return ::testing::AssertionSuccess();
}

void CheckRandomNodes(RandomNode (*make)(Random&, DataType), uint32_t seed, int count,
                      bool float32 = false) {
  Random r(seed);
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  const Isa levels[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni};
  for (int i = 0; i < count; ++i) {
    const DataType type = float32       ? DataType::kFloat32
                          : i % 2 == 0 ? DataType::kInt8
                                       : DataType::kUInt8;
    const RandomNode n = make(r, type);
    const std::vector<uint8_t> expected = RunNode(n, Reference(n.op), Isa::kBest, nullptr);
    ASSERT_FALSE(expected.empty()) << Describe(n);
    // use_reference_kernels makes the optimized kernel run the reference.
    EXPECT_EQ(RunNode(n, Optimized(n.op), Isa::kBest, nullptr, true), expected) << Describe(n);
    for (Isa isa : levels) {
      if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
      std::vector<uint8_t> one_thread;
      for (internal::ThreadPool* threads : {static_cast<internal::ThreadPool*>(nullptr),
                                            pool.get()}) {
        const std::vector<uint8_t> output = RunNode(n, Optimized(n.op), isa, threads);
        ASSERT_TRUE(OutputsMatch(type, expected, output))
            << Describe(n) << " at " << IsaName(isa) << " with "
            << (threads == nullptr ? 1 : 2) << " threads";
        // Outputs are the same bytes at every thread count, float32 too (a
        // split can leave a row tile of one row: f32_gemm sums it in the
        // same order as a full tile).
        if (threads == nullptr) {
          one_thread = output;
        } else {
          ASSERT_EQ(output.size(), one_thread.size());
          const size_t differ = static_cast<size_t>(
              std::mismatch(output.begin(), output.end(), one_thread.begin()).first -
              output.begin());
          ASSERT_EQ(differ, output.size())
              << Describe(n) << " at " << IsaName(isa) << ": 2 threads differ from 1 from byte "
              << differ << " of " << output.size();
        }
      }
    }
  }
}

TEST(OptKernelsTest, Conv2dMatchesReference) { CheckRandomNodes(RandomConv, 11, 160); }
TEST(OptKernelsTest, FewChannelConv2dMatchesReference) {
  CheckRandomNodes(RandomFewChannelConv, 12, 160);
}
TEST(OptKernelsTest, FloatFewChannelConv2dMatchesReference) {
  CheckRandomNodes(RandomFewChannelConv, 112, 120, /*float32=*/true);
}
TEST(OptKernelsTest, DepthwiseConv2dMatchesReference) {
  CheckRandomNodes(RandomDepthwise, 22, 160);
}
TEST(OptKernelsTest, FullyConnectedMatchesReference) {
  CheckRandomNodes(RandomFullyConnected, 33, 160);
}
TEST(OptKernelsTest, FloatConv2dMatchesReference) {
  CheckRandomNodes(RandomConv, 111, 120, /*float32=*/true);
}
TEST(OptKernelsTest, FloatDepthwiseConv2dMatchesReference) {
  CheckRandomNodes(RandomDepthwise, 122, 120, /*float32=*/true);
}
TEST(OptKernelsTest, FloatFullyConnectedMatchesReference) {
  CheckRandomNodes(RandomFullyConnected, 133, 120, /*float32=*/true);
}
TEST(OptKernelsTest, LargeNodesSplitAcrossThreadsMatchReference) {
  large_nodes = true;
  CheckRandomNodes(RandomConv, 44, 6);
  CheckRandomNodes(RandomDepthwise, 55, 6);
  CheckRandomNodes(RandomFullyConnected, 66, 6);
  CheckRandomNodes(RandomConv, 77, 4, /*float32=*/true);
  CheckRandomNodes(RandomPointwiseFewRows, 79, 8);
  CheckRandomNodes(RandomPointwiseFewRows, 80, 12, /*float32=*/true);
  CheckRandomNodes(RandomPointwiseFewPixels, 82, 6);
  CheckRandomNodes(RandomPointwiseFewPixels, 83, 6, /*float32=*/true);
  CheckRandomNodes(RandomPointwiseDeep, 81, 10, /*float32=*/true);
  CheckRandomNodes(RandomFewChannelConv, 45, 6);
  CheckRandomNodes(RandomFewChannelConv, 78, 4, /*float32=*/true);
  CheckRandomNodes(RandomDepthwise, 88, 4, /*float32=*/true);
  few_rows = true;
  CheckRandomNodes(RandomDepthwise, 89, 10, /*float32=*/true);
  CheckRandomNodes(RandomDepthwise, 92, 8);  // int8/uint8 row form: pairs of rows in slices
  few_rows = false;
  narrow_rows = true;
  CheckRandomNodes(RandomDepthwise, 90, 10, /*float32=*/true);
  CheckRandomNodes(RandomDepthwise, 93, 8);
  share_rows = true;
  CheckRandomNodes(RandomDepthwise, 94, 12);
  share_rows = false;
  narrow_rows = false;
  compact_rows = true;
  CheckRandomNodes(RandomDepthwise, 94, 10, /*float32=*/true);
  compact_rows = false;
  wide_input = true;
  CheckRandomNodes(RandomDepthwise, 91, 6, /*float32=*/true);
  wide_input = false;
  CheckRandomNodes(RandomFullyConnected, 99, 4, /*float32=*/true);
  large_nodes = false;
}

}  // namespace
}  // namespace brasa
