// The optimized TRANSPOSE against the reference kernel, byte for byte, at
// every instruction-set level this CPU supports and with 1 and 2 threads: 1-, 2-, 4- and 8-byte elements, random shapes (size-1
// axes, up to 6-D) and every permutation of them, so both the batched
// [outer, A, B] -> [outer, B, A] forms it optimizes (A of 2, 3, 4 unrolled,
// other A tiled, odd sizes that end mid-tile; bytes with A = 3 through
// x8_zip3) and the others it leaves to
// the reference; and NCHW -> NHWC images large enough to use the threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "src/platform/cpu_features.h"
#include "src/platform/thread_pool.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;

constexpr int32_t kTransposeCode = 39;

struct RandomTranspose {
  DataType type = DataType::kInt8;
  Shape shape;
  std::vector<int32_t> perm;
  std::vector<uint8_t> bytes;  // the input's raw bytes
};

std::string Describe(const RandomTranspose& n) {
  std::string perm;
  for (int32_t p : n.perm) perm += std::to_string(p) + " ";
  return std::string("TRANSPOSE ") + DataTypeName(n.type) + " " + ShapeToString(n.shape) +
         " perm " + perm;
}

std::vector<uint8_t> RunTranspose(const RandomTranspose& n, const OpKernel* kernel, Isa isa,
                                  internal::ThreadPool* pool) {
  OpTester tester(kernel, kTransposeCode);
  tester.graph().runtime.max_isa = isa;
  tester.graph().runtime.thread_pool = pool;
  tester.AddInput<uint8_t>(n.type, n.shape, n.bytes);
  tester.AddConstInput<int32_t>(DataType::kInt32, {static_cast<int32_t>(n.perm.size())}, n.perm);
  tester.AddOutput(n.type, {});
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return {};
  const Tensor& output = tester.output_tensor(0);
  const auto* bytes = static_cast<const uint8_t*>(output.data);
  return std::vector<uint8_t>(bytes, bytes + output.element_count() * DataTypeSize(n.type));
}

void Check(const RandomTranspose& n, internal::ThreadPool* pool) {
  const std::vector<uint8_t> expected =
      RunTranspose(n, Register_TRANSPOSE(), Isa::kBest, nullptr);
  ASSERT_EQ(expected.size(), n.bytes.size()) << Describe(n);
  const Isa levels[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvx512};
  for (Isa isa : levels) {
    if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
    for (internal::ThreadPool* threads : {static_cast<internal::ThreadPool*>(nullptr), pool}) {
      ASSERT_EQ(RunTranspose(n, Register_TRANSPOSE_OPT(), isa, threads), expected)
          << Describe(n) << " at " << IsaName(isa) << " with " << (threads == nullptr ? 1 : 2)
          << " threads";
    }
  }
}

void FillRandom(std::mt19937& rng, RandomTranspose& n) {
  const size_t count = static_cast<size_t>(ElementCount(n.shape)) * DataTypeSize(n.type);
  n.bytes.resize(count);
  for (uint8_t& v : n.bytes) v = static_cast<uint8_t>(rng());
}

TEST(OptTransposeTest, RandomNodesMatchReference) {
  std::mt19937 rng(51);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  const DataType types[] = {DataType::kInt8, DataType::kUInt8, DataType::kInt16,
                            DataType::kFloat32, DataType::kInt64};
  for (int i = 0; i < 400; ++i) {
    RandomTranspose n;
    n.type = types[i % 5];
    const int rank = pick(1, 6);
    for (int d = 0; d < rank; ++d) n.shape.push_back(pick(0, 3) == 0 ? 1 : pick(2, rank > 3 ? 6 : 40));
    n.perm.resize(static_cast<size_t>(rank));
    std::iota(n.perm.begin(), n.perm.end(), 0);
    std::shuffle(n.perm.begin(), n.perm.end(), rng);
    FillRandom(rng, n);
    Check(n, pool.get());
  }
}

TEST(OptTransposeTest, LargeImagesSplitAcrossThreadsMatchReference) {
  std::mt19937 rng(52);
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  // Channels and width: odd pixel counts (x8_zip3 tails), and a 224-wide RGB image.
  const int32_t sizes[][2] = {{1, 53}, {2, 53}, {3, 53}, {4, 53}, {5, 53}, {17, 53}, {40, 53},
                              {3, 224}};
  for (const auto& size : sizes) {
    const int32_t c = size[0];
    for (const std::vector<int32_t>& perm :
         {std::vector<int32_t>{0, 2, 3, 1}, std::vector<int32_t>{0, 3, 1, 2}}) {
      RandomTranspose n;
      n.type = c % 2 == 0 ? DataType::kInt8 : DataType::kUInt8;
      const bool nchw = perm[1] == 2;  // NCHW -> NHWC
      const int32_t h = 37 + c, w = size[1];
      n.shape = nchw ? Shape{2, c, h, w} : Shape{2, h, w, c};
      n.perm = perm;
      FillRandom(rng, n);
      Check(n, pool.get());
    }
  }
}

}  // namespace
}  // namespace brasa
