// Every x8_avgpool variant this CPU supports against the reference's
// arithmetic (the window sum, then (sum +- count / 2) / count in integers:
// uint8 half up, int8 half away from zero, then the clamp), byte for byte:
// odd channel counts (full and partial blocks of 64), windows of 1 to 300
// taps (the int16 partial sums' flush at 128) and of 4100 (the integer
// division beyond kMaxFloatDivideTaps), taps apart in rows and columns as
// in an NHWC image, extreme inputs, and guard bytes after the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xA5;

template <typename T>
std::vector<uint8_t> Expected(const std::vector<T>& image, const X8AvgpoolWindow& w,
                              const X8AvgpoolParams& p) {
  std::vector<uint8_t> out(static_cast<size_t>(w.channels));
  for (int32_t c = 0; c < w.channels; ++c) {
    int32_t sum = 0;
    for (int32_t y = 0; y < w.rows; ++y) {
      for (int32_t x = 0; x < w.cols; ++x) sum += image[y * w.row_stride + x * w.tap_stride + c];
    }
    const int32_t half = p.count / 2;
    int32_t value = sum > 0 || std::is_same<T, uint8_t>::value ? (sum + half) / p.count
                                                               : (sum - half) / p.count;
    value = std::min<int32_t>(std::max<int32_t>(value, p.low), p.high);
    out[static_cast<size_t>(c)] = static_cast<uint8_t>(static_cast<T>(value));
  }
  return out;
}

template <typename T>
void CheckVariants(uint32_t seed, bool many_taps) {
  std::mt19937 rng(seed);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const UkernelTable<X8AvgpoolVariant>& table = X8AvgpoolTable();
  const int32_t channel_counts[] = {1, 3, 17, 63, 64, 65, 129, 200};
  const int lo = std::is_same<T, uint8_t>::value ? 0 : -128;
  const int hi = std::is_same<T, uint8_t>::value ? 255 : 127;
  for (int i = 0; i < (many_taps ? 4 : 60); ++i) {
    X8AvgpoolWindow w;
    w.channels = many_taps ? pick(1, 5) : channel_counts[pick(0, 7)];
    w.rows = many_taps ? 82 : pick(1, 17);
    w.cols = many_taps ? 50 : pick(1, 17);
    w.tap_stride = w.channels + pick(0, 3);  // pixels of more channels than pooled
    w.row_stride = w.tap_stride * (w.cols + pick(0, 3));
    const bool extreme = pick(0, 1) == 1;
    std::vector<T> image(static_cast<size_t>(w.row_stride * w.rows));
    for (T& v : image) v = static_cast<T>(extreme ? (pick(0, 1) == 1 ? hi : lo) : pick(lo, hi));
    w.first = image.data();
    X8AvgpoolParams p;
    p.count = w.rows * w.cols;
    p.divisor = MakeWindowDivisor(p.count);
    p.low = static_cast<int16_t>(pick(0, 1) == 1 ? lo : pick(lo, 0));
    p.high = static_cast<int16_t>(pick(0, 1) == 1 ? hi : pick(0, hi));
    const std::vector<uint8_t> expected = Expected(image, w, p);
    for (size_t v = 0; v < table.count; ++v) {
      const X8AvgpoolVariant& variant = table.variants[v];
      if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
      std::vector<uint8_t> out(static_cast<size_t>(w.channels) + kGuard, kGuardByte);
      (std::is_same<T, uint8_t>::value ? variant.u8 : variant.s8)(w, p, out.data());
      const std::string where = std::string(variant.name) + " channels " +
                                std::to_string(w.channels) + " window " +
                                std::to_string(w.rows) + "x" + std::to_string(w.cols);
      ASSERT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + w.channels), expected) << where;
      for (size_t b = static_cast<size_t>(w.channels); b < out.size(); ++b) {
        ASSERT_EQ(out[b], kGuardByte) << where << ": wrote past the output";
      }
    }
  }
}

TEST(X8AvgpoolUkernelTest, Int8MatchesReferenceArithmetic) { CheckVariants<int8_t>(71, false); }
TEST(X8AvgpoolUkernelTest, Uint8MatchesReferenceArithmetic) { CheckVariants<uint8_t>(72, false); }
TEST(X8AvgpoolUkernelTest, WindowsBeyondTheFloatDivisionMatch) {
  CheckVariants<int8_t>(73, true);
  CheckVariants<uint8_t>(74, true);
}

}  // namespace
}  // namespace brasa
