// The optimized SOFTMAX against the reference kernel: int8 -> int8, int8 ->
// int16 and uint8 -> uint8 (the table path from rows of 256 elements) and
// int16 (the reference) byte for byte, float32 (the f32_softmax row kernel)
// within 1e-5 relative per element; rows of 1 to 5000
// elements (sums of exps past int32, which both wrap), random betas and
// input scales, inputs spread over the type's range, only its two extremes,
// or within a narrow band (differences that stop short of 255).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/kernels/opt/random_input.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kSoftmaxCode = 25;

struct RandomSoftmax {
  DataType in = DataType::kInt8, out = DataType::kInt8;
  Shape shape;
  SoftmaxParams params;
  std::vector<uint8_t> bytes;
  Quantization in_q, out_q;
};

std::string Describe(const RandomSoftmax& n) {
  return std::string("SOFTMAX ") + DataTypeName(n.in) + " -> " + DataTypeName(n.out) + " " +
         ShapeToString(n.shape) + " beta " + std::to_string(n.params.beta) + " scale " +
         std::to_string(n.in_q.is_quantized() ? n.in_q.scale() : 0.0f);
}

RandomSoftmax MakeRandomSoftmax(std::mt19937& rng, int kind) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto real = [&rng](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  RandomSoftmax n;
  const DataType ins[] = {DataType::kInt8, DataType::kInt8, DataType::kUInt8, DataType::kFloat32,
                          DataType::kInt16};
  const DataType outs[] = {DataType::kInt8, DataType::kInt16, DataType::kUInt8,
                           DataType::kFloat32, DataType::kInt16};
  n.in = ins[kind];
  n.out = outs[kind];
  const int32_t depths[] = {1, 4, 100, 255, 256, 257, 1000, 1001, 4096, 5000};
  n.shape = {pick(1, 3), depths[pick(0, 9)]};
  n.params.beta = real(0.25f, 2.0f);
  if (n.in == DataType::kInt16) {
    n.in_q = PerTensor(real(0.0001f, 0.001f), 0);
    n.out_q = PerTensor(1.0f / 32768, 0);
  } else if (n.in != DataType::kFloat32) {
    n.in_q = PerTensor(real(0.02f, 0.3f), n.in == DataType::kUInt8 ? pick(0, 255) : pick(-128, 127));
    if (n.out == DataType::kInt16) {
      n.out_q = PerTensor(1.0f / 65536, -32768);
    } else {
      n.out_q = PerTensor(1.0f / 256, n.out == DataType::kInt8 ? -128 : 0);
    }
  }
  const size_t count = static_cast<size_t>(ElementCount(n.shape));
  const int spread = pick(0, 2);  // full range, extremes only, a narrow band
  n.bytes = testing::RandomInputBytes(rng, n.in, count, spread == 1, 8.0f);
  if (spread == 2 && (n.in == DataType::kInt8 || n.in == DataType::kUInt8)) {
    const int base = pick(0, 200), width = pick(1, 55);
    for (uint8_t& b : n.bytes) b = static_cast<uint8_t>(base + pick(0, width));
  }
  return n;
}

std::vector<uint8_t> RunSoftmax(const RandomSoftmax& n, const OpKernel* kernel, Status* status) {
  OpTester tester(kernel, kSoftmaxCode);
  tester.SetParams(n.params);
  tester.AddInput<uint8_t>(n.in, n.shape, n.bytes, n.in_q);
  tester.AddOutput(n.out, {}, n.out_q);
  *status = tester.Run();
  if (!status->ok()) return {};
  return tester.OutputBytes();
}

// float32: the optimized row kernel's exp and lane sums against the
// reference's std::exp and sequential sum: 1e-5 relative per element (plus
// 1e-37, for results that underflow into subnormals).
void ExpectFloatsClose(const std::vector<uint8_t>& got, const std::vector<uint8_t>& expected,
                       const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  std::vector<float> a(got.size() / sizeof(float)), b(a.size());
  std::memcpy(a.data(), got.data(), got.size());
  std::memcpy(b.data(), expected.data(), expected.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_NEAR(a[i], b[i], 1e-5 * std::fabs(b[i]) + 1e-37) << what << " element " << i;
  }
}

TEST(OptSoftmaxTest, RandomNodesMatchReference) {
  std::mt19937 rng(61);
  int table_rows = 0;
  for (int i = 0; i < 600; ++i) {
    const RandomSoftmax n = MakeRandomSoftmax(rng, i % 5);
    Status expected_status, status;
    const std::vector<uint8_t> expected = RunSoftmax(n, Register_SOFTMAX(), &expected_status);
    const std::vector<uint8_t> got = RunSoftmax(n, Register_SOFTMAX_OPT(), &status);
    ASSERT_TRUE(expected_status.ok()) << Describe(n) << ": " << expected_status.ToString();
    EXPECT_EQ(status.ToString(), expected_status.ToString()) << Describe(n);
    if (n.out == DataType::kFloat32) {
      ExpectFloatsClose(got, expected, Describe(n));
    } else {
      ASSERT_EQ(got, expected) << Describe(n);
    }
    if (i % 5 < 3 && n.shape[1] >= 256) ++table_rows;
  }
  EXPECT_GE(table_rows, 150);  // the table path ran often
}

}  // namespace
}  // namespace brasa
