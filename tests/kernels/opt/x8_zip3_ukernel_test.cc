// Every x8_zip3 variant this CPU supports against the definition
// out[3 p + k] = plane k [p], byte for byte: pixel counts 0 to 100 (whole
// vectors and every tail), planes further apart than the count, unaligned
// starts, and guard bytes after the output that must stay untouched.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/x8_zip3/x8_zip3.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xA5;

TEST(X8Zip3UkernelTest, EveryVariantInterleavesThreePlanes) {
  std::mt19937 rng(61);
  const UkernelTable<X8Zip3Variant>& table = X8Zip3Table();
  for (size_t v = 0; v < table.count; ++v) {
    const X8Zip3Variant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (size_t count = 0; count <= 100; ++count) {
      const size_t stride = count + rng() % 40, skew = rng() % 7;
      std::vector<uint8_t> in(skew + 3 * stride);
      for (uint8_t& b : in) b = static_cast<uint8_t>(rng());
      std::vector<uint8_t> out(skew + 3 * count + kGuard, kGuardByte);
      variant.fn(count, in.data() + skew, stride, out.data() + skew);
      for (size_t p = 0; p < count; ++p) {
        for (size_t k = 0; k < 3; ++k) {
          ASSERT_EQ(out[skew + 3 * p + k], in[skew + k * stride + p])
              << variant.name << " count " << count << " pixel " << p << " plane " << k;
        }
      }
      for (size_t i = 0; i < skew; ++i) ASSERT_EQ(out[i], kGuardByte) << variant.name;
      for (size_t i = skew + 3 * count; i < out.size(); ++i) {
        ASSERT_EQ(out[i], kGuardByte) << variant.name << " count " << count << " wrote past";
      }
    }
  }
}

}  // namespace
}  // namespace brasa
