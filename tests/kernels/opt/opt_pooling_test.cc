// The optimized AVERAGE_POOL_2D and MAX_POOL_2D against the reference
// kernel, byte for byte (float32 too: both add a window's taps in the same
// order and divide by the same float), at every instruction-set level this
// CPU supports and with 1 and 2 threads: int8, uint8, float32 (and int16,
// which runs the reference), random shapes with odd channel counts (full
// and partial channel blocks), SAME and VALID padding, strides 1 to 3,
// windows larger than the image, every fused activation; windows of more
// than 128 taps (the int16 partial sums' flush) and more than 4096 (the
// integer division) with extreme inputs; nodes large enough to split across
// threads. pooling_divide.h's float division is checked against the
// integer formula at every rounding threshold of every count it serves.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/opt/pooling_divide.h"
#include "kernels/params.h"
#include "kernels/registry.h"
#include "src/platform/cpu_features.h"
#include "src/platform/thread_pool.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/opt/random_input.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kAverageCode = 1, kMaxCode = 17;

struct RandomPool {
  bool max = false;
  DataType type = DataType::kInt8;
  Shape shape;
  PoolParams params;
  std::vector<uint8_t> bytes;  // the input's raw bytes
  Quantization q;              // input and output (pooling keeps it)
};

std::string Describe(const RandomPool& n) {
  const PoolParams& p = n.params;
  return std::string(n.max ? "MAX_POOL_2D " : "AVERAGE_POOL_2D ") + DataTypeName(n.type) + " " +
         ShapeToString(n.shape) + " filter " + std::to_string(p.filter_h) + "x" +
         std::to_string(p.filter_w) + " stride " + std::to_string(p.stride_h) + "x" +
         std::to_string(p.stride_w) + (p.padding == Padding::kSame ? " SAME" : " VALID") +
         " activation " + std::to_string(static_cast<int>(p.activation));
}

enum class Size { kSmall, kLarge, kHugeWindow };

// `extreme`: every integer input is the type's minimum or maximum.
RandomPool MakeRandomPool(std::mt19937& rng, DataType type, Size size, bool extreme) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto real = [&rng](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  RandomPool n;
  n.type = type;
  n.max = pick(0, 1) == 1;
  const int32_t odd_channels[] = {1, 3, 5, 17, 63, 64, 65, 100, 129, 131};
  PoolParams& p = n.params;
  if (size == Size::kSmall) {
    n.shape = {pick(1, 2), pick(1, 9), pick(1, 9), odd_channels[pick(0, 9)]};
    p.padding = pick(0, 1) == 1 ? Padding::kSame : Padding::kValid;
    const int32_t in_h = n.shape[1], in_w = n.shape[2];
    // SAME: windows up to 3 past the image; VALID: within it.
    const int32_t extra = p.padding == Padding::kSame ? 3 : 0;
    p.filter_h = pick(1, in_h + extra);
    p.filter_w = pick(1, in_w + extra);
    p.stride_h = pick(1, 3);
    p.stride_w = pick(1, 3);
  } else if (size == Size::kLarge) {  // splits across threads
    n.shape = {1, pick(24, 40), pick(24, 40), pick(40, 130)};
    p.padding = Padding::kSame;
    p.filter_h = p.filter_w = pick(2, 3);
    p.stride_h = p.stride_w = pick(1, 2);
  } else {  // windows of more than 128 (and some of more than 4096) taps
    const int32_t side = pick(0, 1) == 1 ? pick(12, 30) : pick(65, 80);
    n.shape = {1, side, side + pick(0, 3), pick(1, 3)};
    p.padding = pick(0, 1) == 1 ? Padding::kSame : Padding::kValid;
    p.filter_h = side;
    p.filter_w = side;
    p.stride_h = p.stride_w = pick(side / 2, side);  // a few outputs per axis
  }
  const Activation activations[] = {Activation::kNone, Activation::kRelu, Activation::kRelu6,
                                    Activation::kReluN1To1};
  p.activation = activations[pick(0, 3)];
  const bool uint8 = type == DataType::kUInt8;
  if (type == DataType::kInt16) {
    n.q = PerTensor(real(0.0005f, 0.01f), 0);
  } else if (type != DataType::kFloat32) {
    // Scales that put the activation bounds inside the raw range.
    n.q = PerTensor(real(0.01f, 0.05f), uint8 ? pick(0, 255) : pick(-128, 127));
  }
  const size_t count = static_cast<size_t>(ElementCount(n.shape));
  n.bytes = testing::RandomInputBytes(rng, type, count, extreme, 8.0f);
  return n;
}

// The node's output bytes, or empty with `status` set when it fails.
std::vector<uint8_t> RunPool(const RandomPool& n, const OpKernel* kernel, Isa isa,
                             internal::ThreadPool* pool, Status* status) {
  OpTester tester(kernel, n.max ? kMaxCode : kAverageCode);
  tester.graph().runtime.max_isa = isa;
  tester.graph().runtime.thread_pool = pool;
  tester.SetParams(n.params);
  tester.AddInput<uint8_t>(n.type, n.shape, n.bytes, n.q);
  tester.AddOutput(n.type, {}, n.q);
  *status = tester.Run();
  if (!status->ok()) return {};
  return tester.OutputBytes();
}

// Returns how many of the `count` nodes the reference ran (the others,
// windows entirely in the padding, must fail the same way).
int CheckRandomPools(uint32_t seed, int count, Size size, bool extreme) {
  std::mt19937 rng(seed);
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  EXPECT_NE(pool, nullptr);
  const Isa levels[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni};
  const DataType types[] = {DataType::kInt8, DataType::kUInt8, DataType::kFloat32,
                            DataType::kInt16};
  int ran = 0;
  for (int i = 0; i < count; ++i) {
    const DataType type = extreme ? types[i % 2] : types[i % 7 == 6 ? 3 : i % 3];
    const RandomPool n = MakeRandomPool(rng, type, size, extreme);
    const OpKernel* reference = n.max ? Register_MAX_POOL_2D() : Register_AVERAGE_POOL_2D();
    const OpKernel* optimized =
        n.max ? Register_MAX_POOL_2D_OPT() : Register_AVERAGE_POOL_2D_OPT();
    Status expected_status;
    const std::vector<uint8_t> expected =
        RunPool(n, reference, Isa::kBest, nullptr, &expected_status);
    if (expected_status.ok()) ++ran;
    for (Isa isa : levels) {
      if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
      for (internal::ThreadPool* threads : {static_cast<internal::ThreadPool*>(nullptr),
                                            pool.get()}) {
        Status status;
        const std::vector<uint8_t> got = RunPool(n, optimized, isa, threads, &status);
        const std::string where = Describe(n) + " at " + IsaName(isa) + " with " +
                                  std::to_string(threads == nullptr ? 1 : 2) + " threads";
        EXPECT_EQ(status.ToString(), expected_status.ToString()) << where;
        EXPECT_EQ(got, expected) << where;
        if (got != expected) return ran;  // one failing node is enough to read
      }
    }
  }
  return ran;
}

TEST(OptPoolingTest, RandomNodesMatchReference) {
  EXPECT_GE(CheckRandomPools(51, 400, Size::kSmall, false), 360);
}
TEST(OptPoolingTest, ExtremeInputsMatchReference) {
  EXPECT_GE(CheckRandomPools(52, 100, Size::kSmall, true), 90);
}
TEST(OptPoolingTest, LargeNodesSplitAcrossThreadsMatchReference) {
  EXPECT_EQ(CheckRandomPools(53, 10, Size::kLarge, false), 10);
}
TEST(OptPoolingTest, WindowsOfManyTapsMatchReference) {
  EXPECT_EQ(CheckRandomPools(54, 16, Size::kHugeWindow, true), 16);
}

// The reference's integer rounding (kernels/ref/pooling.cc FinishWindow).
int32_t IntegerAverage(int32_t sum, int32_t count, bool uint8) {
  if (uint8 || sum > 0) return (sum + count / 2) / count;
  return (sum - count / 2) / count;
}

// Around every rounding threshold (sum + count / 2 a multiple of count) of
// every count the float division serves, for the sums int8 and uint8
// windows can reach.
TEST(OptPoolingTest, FloatDivisionMatchesIntegerRoundingAtEveryThreshold) {
  int checked = 0;
  for (int32_t count = 1; count <= kMaxFloatDivideTaps; ++count) {
    const WindowDivisor divisor = MakeWindowDivisor(count);
    for (int32_t k = 0; k <= 256; ++k) {
      const int32_t threshold = k * count - count / 2;
      for (int32_t sum = threshold - 2; sum <= threshold + 1; ++sum) {
        if (sum >= 0 && sum <= 255 * count) {  // uint8
          ASSERT_EQ(DivideWindowSum(sum, divisor), IntegerAverage(sum, count, true))
              << sum << " / " << count;
          ++checked;
        }
        for (int32_t s : {sum, -sum}) {  // int8
          if (s < -128 * count || s > 127 * count) continue;
          ASSERT_EQ(DivideWindowSum(s, divisor), IntegerAverage(s, count, false))
              << s << " / " << count;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 4000000);
}

}  // namespace
}  // namespace brasa
