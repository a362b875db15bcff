// The optimized MEAN against the reference kernel, bit for bit (float32
// too: both add each output's inputs in the same order), at every
// instruction-set level this CPU supports and with 1 and 2 threads: int8,
// uint8 and float32, random shapes and axes (contiguous runs it optimizes,
// others it leaves to the reference, keep_dims either way), sums of more
// than 128 rows (the int16 partial sums' flush) with extreme inputs, and
// nodes large enough to use the threads.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

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

constexpr int32_t kMeanCode = 40;

struct RandomMean {
  DataType type = DataType::kInt8;
  Shape shape;
  std::vector<int32_t> axes;
  bool keep_dims = false;
  std::vector<uint8_t> bytes;  // the input's raw bytes
  Quantization in_q, out_q;
};

std::string Describe(const RandomMean& n) {
  std::string axes;
  for (int32_t axis : n.axes) axes += std::to_string(axis) + " ";
  return std::string("MEAN ") + DataTypeName(n.type) + " " + ShapeToString(n.shape) +
         " axes " + axes + (n.keep_dims ? "keep_dims" : "");
}

// `extreme`: every 8-bit input is the type's minimum or maximum.
RandomMean MakeRandomMean(std::mt19937& rng, DataType type, bool large, bool extreme) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto real = [&rng](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  RandomMean n;
  n.type = type;
  const int rank = large ? 4 : pick(1, 5);
  for (int d = 0; d < rank; ++d) n.shape.push_back(large ? pick(8, 24) : pick(1, 9));
  if (large) {
    n.shape[0] = pick(1, 2);
    n.shape[3] = pick(40, 300);
    n.axes = {1, 2};
  } else if (pick(0, 3) > 0 && rank >= 2) {  // a contiguous run before the last axis
    const int first = pick(0, rank - 2);
    const int last = pick(first, rank - 2);
    for (int d = first; d <= last; ++d) n.axes.push_back(pick(0, 1) == 1 ? d : d - rank);
  } else {  // any axes (repeats count once): mostly the reference's
    for (int i = pick(1, 3); i > 0; --i) n.axes.push_back(pick(-rank, rank - 1));
  }
  n.keep_dims = pick(0, 1) == 1;
  const bool uint8 = type == DataType::kUInt8;
  auto zero_point = [&]() { return uint8 ? pick(0, 255) : pick(-128, 127); };
  if (type != DataType::kFloat32) {
    n.in_q = PerTensor(real(0.005f, 0.2f), zero_point());
    n.out_q = PerTensor(real(0.005f, 0.2f), zero_point());
  }
  const size_t count = static_cast<size_t>(ElementCount(n.shape));
  n.bytes = testing::RandomInputBytes(rng, type, count, extreme, 10.0f);
  if (type != DataType::kFloat32 && extreme) {
    n.in_q = PerTensor(0.01f, uint8 ? 0 : -128);  // large centered sums
  }
  return n;
}

std::vector<uint8_t> RunMean(const RandomMean& n, const OpKernel* kernel, Isa isa,
                             internal::ThreadPool* pool) {
  OpTester tester(kernel, kMeanCode);
  tester.graph().runtime.max_isa = isa;
  tester.graph().runtime.thread_pool = pool;
  ReducerParams params;
  params.keep_dims = n.keep_dims;
  tester.SetParams(params);
  tester.AddInput<uint8_t>(n.type, n.shape, n.bytes, n.in_q);
  tester.AddConstInput<int32_t>(DataType::kInt32, {static_cast<int32_t>(n.axes.size())}, n.axes);
  tester.AddOutput(n.type, {}, n.out_q);
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return {};
  return tester.OutputBytes();
}

void CheckRandomMeans(uint32_t seed, int count, bool large, bool extreme) {
  std::mt19937 rng(seed);
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  const Isa levels[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni};
  const DataType types[] = {DataType::kInt8, DataType::kUInt8, DataType::kFloat32};
  for (int i = 0; i < count; ++i) {
    const DataType type = extreme ? types[i % 2] : types[i % 3];
    const RandomMean n = MakeRandomMean(rng, type, large, extreme);
    const std::vector<uint8_t> expected = RunMean(n, Register_MEAN(), Isa::kBest, nullptr);
    ASSERT_FALSE(expected.empty()) << Describe(n);
    for (Isa isa : levels) {
      if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
      for (internal::ThreadPool* threads : {static_cast<internal::ThreadPool*>(nullptr),
                                            pool.get()}) {
        ASSERT_EQ(RunMean(n, Register_MEAN_OPT(), isa, threads), expected)
            << Describe(n) << " at " << IsaName(isa) << " with "
            << (threads == nullptr ? 1 : 2) << " threads";
      }
    }
  }
}

TEST(OptMeanTest, RandomNodesMatchReference) { CheckRandomMeans(41, 300, false, false); }
TEST(OptMeanTest, LargeNodesSplitAcrossThreadsMatchReference) {
  CheckRandomMeans(42, 12, /*large=*/true, /*extreme=*/false);
}
TEST(OptMeanTest, ExtremeInputsOverManyRowsMatchReference) {
  CheckRandomMeans(43, 8, /*large=*/true, /*extreme=*/true);
}

}  // namespace
}  // namespace brasa
