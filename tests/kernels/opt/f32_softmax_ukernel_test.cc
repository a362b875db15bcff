// Every f32_softmax variant this CPU supports against softmax computed in
// double from the same float differences beta * (x - max): within 1e-5
// relative per element (plus 1e-37 for results in or near the subnormals).
// Row lengths 1 to 70 (every tail), 255, 1000 and 1001; betas below and
// above 1; inputs within a few units, spread so wide that most exps
// underflow (to subnormals and to 0), constant rows, and rows with -inf
// elements. Guard floats after each row must stay untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

constexpr int32_t kGuard = 16;
constexpr float kGuardValue = 12345.0f;

std::vector<double> ExactSoftmax(const std::vector<float>& in, float beta) {
  const float max = *std::max_element(in.begin(), in.end());
  std::vector<double> e(in.size());
  double sum = 0.0;
  for (size_t i = 0; i < in.size(); ++i) {
    e[i] = std::exp(static_cast<double>((in[i] - max) * beta));
    sum += e[i];
  }
  for (double& v : e) v /= sum;
  return e;
}

std::vector<float> RandomRow(std::mt19937& rng, int32_t depth, int kind) {
  std::vector<float> row(static_cast<size_t>(depth));
  const float spreads[] = {4.0f, 120.0f, 1.0e4f};
  std::uniform_real_distribution<float> value(-spreads[kind % 3], spreads[kind % 3]);
  for (float& v : row) v = value(rng);
  if (kind == 3) std::fill(row.begin(), row.end(), row[0]);  // all equal: 1 / depth each
  if (kind == 4) {
    for (float& v : row) {
      if (rng() % 3 == 0) v = -std::numeric_limits<float>::infinity();
    }
    row[rng() % row.size()] = 0.5f;  // at least one finite element
  }
  return row;
}

TEST(F32SoftmaxUkernelTest, EverySupportedVariantMatchesExactSoftmax) {
  std::mt19937 rng(83);
  std::vector<int32_t> depths;
  for (int32_t d = 1; d <= 70; ++d) depths.push_back(d);
  depths.insert(depths.end(), {255, 1000, 1001});
  const float betas[] = {1.0f, 0.37f, 3.5f};
  const UkernelTable<F32SoftmaxVariant>& table = F32SoftmaxTable();
  int checked = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32SoftmaxVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int32_t depth : depths) {
      for (int kind = 0; kind < 5; ++kind) {
        const float beta = betas[rng() % 3];
        const std::vector<float> in = RandomRow(rng, depth, kind);
        std::vector<float> out(in.size() + kGuard, kGuardValue);
        variant.fn(in.data(), out.data(), depth, beta);
        const std::vector<double> exact = ExactSoftmax(in, beta);
        for (int32_t i = 0; i < depth; ++i) {
          ASSERT_NEAR(out[i], exact[i], 1e-5 * exact[i] + 1e-37)
              << variant.name << " depth " << depth << " kind " << kind << " beta " << beta
              << " element " << i << " input " << in[i];
        }
        for (size_t i = in.size(); i < out.size(); ++i) {
          ASSERT_EQ(out[i], kGuardValue) << variant.name << " depth " << depth << " wrote past";
        }
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5 * 73);  // at least the scalar variant ran
}

}  // namespace
}  // namespace brasa
