// The quantized AVERAGE_POOL_2D's rounded division of a window sum by its
// tap count, in float arithmetic that vectorizes (x86 has no vector integer
// division) and gives exactly the reference's integer result
// (kernels/ref/pooling.cc FinishWindow, QUANTIZATION.md §2.6): uint8 rounds
// half up, int8 half away from zero, as (|sum| + count / 2) / count with
// truncating division and the sum's sign put back.
//
// Why it is exact for count c <= kMaxFloatDivideTaps (4096): raw values
// are at most 255 in magnitude, so m = |sum| <= 255 c < 2^20, and
// A = m + floor(c / 2) + 0.5 is a float exactly (a half-integer below
// 2^21). The wanted quotient is floor((m + floor(c / 2)) / c) = floor(A / c)
// (adding 0.5 / c < 1 / c cannot cross an integer), and A / c = (2k + 1) /
// (2c) lies at least 1 / (2c) >= 2^-13 from every integer. The float
// product A * fl(1 / c) has two roundings: a relative error below 2^-23 on
// a value <= 256 (A / c <= 255.5 + 0.5 / c), so an absolute error below
// 2^-15, which cannot carry it across an integer: truncation gives
// floor(A / c). Larger windows take the integer division. The test
// (tests/kernels/opt/opt_pooling_test.cc) checks every count up to the limit
// at each rounding threshold; every sum of every such count was also
// checked once, exhaustively (3.2e9 cases, no difference).
#ifndef BRASA_KERNELS_OPT_POOLING_DIVIDE_H_
#define BRASA_KERNELS_OPT_POOLING_DIVIDE_H_

#include <cmath>
#include <cstdint>

namespace brasa {

constexpr int32_t kMaxFloatDivideTaps = 4096;

// One window's divisor: floor(count / 2) + 0.5 and the rounded reciprocal.
struct WindowDivisor {
  float half = 0.5f;
  float reciprocal = 1.0f;
};

// The functions sit in an unnamed namespace: the x8_avgpool variants
// compile them with their own instruction sets (one copy per file).
namespace {

inline WindowDivisor MakeWindowDivisor(int32_t count) {
  WindowDivisor d;
  d.half = static_cast<float>(count / 2) + 0.5f;
  d.reciprocal = 1.0f / static_cast<float>(count);
  return d;
}

// The reference's rounded sum / count for a window of at most
// kMaxFloatDivideTaps taps (uint8 sums are never negative).
// The float sum +-A (half given the sum's sign, +0 for a zero sum) has
// magnitude A exactly; its product with the reciprocal rounds as +-A's
// would (rounding is symmetric), and truncation toward zero then gives
// +-floor(A / c) with no select on the sign.
inline int32_t DivideWindowSum(int32_t sum, WindowDivisor d) {
  const float value = static_cast<float>(sum);
  return static_cast<int32_t>((value + std::copysign(d.half, value)) * d.reciprocal);
}

}  // namespace

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_POOLING_DIVIDE_H_
