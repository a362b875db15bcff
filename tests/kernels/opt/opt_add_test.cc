// The optimized ADD against the reference kernel, bit for bit, at every
// instruction-set level this CPU supports and with 1 and 2 threads: int8,
// uint8 and float32 (the same arithmetic: bit for bit too), odd sizes (vector tails), same shapes, scalar and per-channel
// (trailing) operands on either side, broadcasts it leaves to the reference,
// every fused activation, and nodes large enough to use the threads.
#include <gtest/gtest.h>

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
using testing::PerTensor;

constexpr int32_t kAddCode = 0;

struct RandomAdd {
  DataType type = DataType::kInt8;
  Shape a_shape, b_shape;
  std::vector<uint8_t> a, b;
  Quantization a_q, b_q, out_q;
  ElementwiseParams params;
};

std::string Describe(const RandomAdd& n) {
  return std::string("ADD ") + DataTypeName(n.type) + " " + ShapeToString(n.a_shape) + " + " +
         ShapeToString(n.b_shape);
}

RandomAdd MakeRandomAdd(std::mt19937& rng, DataType type, bool large) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto real = [&rng](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  RandomAdd n;
  n.type = type;
  const int rank = large ? 3 : pick(1, 4);
  Shape full;
  for (int d = 0; d < rank; ++d) full.push_back(large ? pick(20, 60) : pick(1, 23));
  Shape other = full;
  switch (pick(0, 4)) {
    case 0:
    case 1: break;  // same shapes
    case 2: other = Shape(static_cast<size_t>(pick(0, 2)), 1); break;  // a scalar
    case 3:  // the trailing dimensions (a per-channel operand)
      other.erase(other.begin(), other.begin() + pick(0, rank - 1));
      break;
    default:  // a broadcast along an inner axis: the reference runs
      other[static_cast<size_t>(rank - 1)] = 1;
      break;
  }
  n.a_shape = full;
  n.b_shape = other;
  if (pick(0, 1) == 1) std::swap(n.a_shape, n.b_shape);
  const bool uint8 = type == DataType::kUInt8;
  auto zero_point = [&]() { return uint8 ? pick(0, 255) : pick(-128, 127); };
  n.a_q = PerTensor(real(0.005f, 0.2f), zero_point());
  n.b_q = PerTensor(real(0.005f, 0.2f), zero_point());
  n.out_q = PerTensor(real(0.01f, 0.3f), zero_point());
  const Activation activations[] = {Activation::kNone, Activation::kRelu, Activation::kRelu6,
                                    Activation::kReluN1To1};
  n.params.activation = activations[pick(0, 3)];
  for (const Shape* shape : {&n.a_shape, &n.b_shape}) {
    std::vector<uint8_t>& values = shape == &n.a_shape ? n.a : n.b;
    const size_t count = static_cast<size_t>(ElementCount(*shape));
    if (type == DataType::kFloat32) {
      // Values around the activations' bounds (-1, 0, 1, 6), so every clamp bites.
      std::vector<float> floats(count);
      for (float& v : floats) v = real(-8.0f, 8.0f);
      values.resize(count * sizeof(float));
      std::memcpy(values.data(), floats.data(), values.size());
    } else {
      values.resize(count);
      for (uint8_t& v : values) v = static_cast<uint8_t>(pick(0, 255));
    }
  }
  return n;
}

std::vector<uint8_t> RunAdd(const RandomAdd& n, const OpKernel* kernel, Isa isa,
                            internal::ThreadPool* pool) {
  OpTester tester(kernel, kAddCode);
  tester.graph().runtime.max_isa = isa;
  tester.graph().runtime.thread_pool = pool;
  tester.SetParams(n.params);
  if (n.type == DataType::kFloat32) {
    std::vector<float> a(n.a.size() / sizeof(float)), b(n.b.size() / sizeof(float));
    std::memcpy(a.data(), n.a.data(), n.a.size());
    std::memcpy(b.data(), n.b.data(), n.b.size());
    tester.AddInput<float>(n.type, n.a_shape, a);
    tester.AddInput<float>(n.type, n.b_shape, b);
    tester.AddOutput(n.type, {});
  } else {
    tester.AddInput<uint8_t>(n.type, n.a_shape, n.a, n.a_q);
    tester.AddInput<uint8_t>(n.type, n.b_shape, n.b, n.b_q);
    tester.AddOutput(n.type, {}, n.out_q);
  }
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return {};
  if (n.type != DataType::kFloat32) return tester.Output<uint8_t>();
  const std::vector<float> out = tester.Output<float>();
  std::vector<uint8_t> bytes(out.size() * sizeof(float));
  std::memcpy(bytes.data(), out.data(), bytes.size());
  return bytes;
}

void CheckRandomAdds(uint32_t seed, int count, bool large) {
  std::mt19937 rng(seed);
  std::unique_ptr<internal::ThreadPool> pool = internal::ThreadPool::Create(2);
  ASSERT_NE(pool, nullptr);
  const Isa levels[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni};
  for (int i = 0; i < count; ++i) {
    const DataType types[] = {DataType::kInt8, DataType::kUInt8, DataType::kFloat32};
    const RandomAdd n = MakeRandomAdd(rng, types[i % 3], large);
    const std::vector<uint8_t> expected = RunAdd(n, Register_ADD(), Isa::kBest, nullptr);
    ASSERT_FALSE(expected.empty()) << Describe(n);
    for (Isa isa : levels) {
      if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
      for (internal::ThreadPool* threads : {static_cast<internal::ThreadPool*>(nullptr),
                                            pool.get()}) {
        ASSERT_EQ(RunAdd(n, Register_ADD_OPT(), isa, threads), expected)
            << Describe(n) << " at " << IsaName(isa) << " with "
            << (threads == nullptr ? 1 : 2) << " threads";
      }
    }
  }
}

TEST(OptAddTest, RandomNodesMatchReference) { CheckRandomAdds(77, 300, /*large=*/false); }
TEST(OptAddTest, LargeNodesSplitAcrossThreadsMatchReference) {
  CheckRandomAdds(88, 18, /*large=*/true);
}

}  // namespace
}  // namespace brasa
