// What the float32 micro-kernel tests share: results against the exact
// (double) value of the same sum. A float sum of n products in any order is
// within about n * 2^-24 * sum|products| of it; the tests allow 1e-5 of
// sum|products| + |bias| (or of 1, when that is smaller), far above the
// rounding of the depths they use and far below any wrong product or tap.
#ifndef BRASA_TESTS_KERNELS_OPT_F32_UKERNEL_CHECK_H_
#define BRASA_TESTS_KERNELS_OPT_F32_UKERNEL_CHECK_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace brasa {
namespace testing {

// The exact output value: clamp(sum + bias) in double.
inline double ClampedExact(double sum, double bias, float low, float high) {
  return std::min(std::max(sum + bias, static_cast<double>(low)), static_cast<double>(high));
}

inline ::testing::AssertionResult CloseToExact(float actual, double exact, double magnitude) {
  const double allowed = 1e-5 * std::max(1.0, magnitude);
  if (std::fabs(static_cast<double>(actual) - exact) <= allowed) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "got " << actual << ", exact " << exact;
}

// A fused activation's clamp bounds: none, ReLU, ReLU6, ReLU-1..1 or random.
inline void RandomClamp(std::mt19937& rng, float* low, float* high) {
  const int kind = std::uniform_int_distribution<int>(0, 4)(rng);
  const float lowest = -3.0e38f, highest = 3.0e38f;
  const float lows[] = {lowest, 0.0f, 0.0f, -1.0f, -0.5f};
  const float highs[] = {highest, highest, 6.0f, 1.0f, 0.75f};
  *low = lows[kind];
  *high = highs[kind];
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_OPT_F32_UKERNEL_CHECK_H_
