// Every f32_vadd variant this CPU supports against the reference's
// arithmetic, bit for bit: min(max(a + b, low), high) with std::max and
// std::min (ApplyFloatRange). Counts 0 to 100 (every tail), then 1000 and
// 4099; values of every magnitude with NaNs, infinities and signed zeros
// mixed in; the fused activations' bounds; unaligned starts; the output in
// place of an input; guard floats after the output that must stay untouched.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"
#include "kernels/ref/common/activation.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

constexpr size_t kGuard = 16;
constexpr float kGuardValue = 4321.0f;

float RandomValue(std::mt19937& rng) {
  switch (rng() % 12) {
    case 0: return std::numeric_limits<float>::quiet_NaN();
    case 1: return std::numeric_limits<float>::infinity();
    case 2: return -std::numeric_limits<float>::infinity();
    case 3: return 0.0f;
    case 4: return -0.0f;
    case 5: return std::uniform_real_distribution<float>(-1e30f, 1e30f)(rng);
    default: return std::uniform_real_distribution<float>(-8.0f, 8.0f)(rng);
  }
}

bool SameBits(float x, float y) { return std::memcmp(&x, &y, sizeof(float)) == 0; }

TEST(F32VaddUkernelTest, EverySupportedVariantGivesTheReferenceBits) {
  std::mt19937 rng(97);
  std::vector<size_t> counts;
  for (size_t c = 0; c <= 100; ++c) counts.push_back(c);
  counts.insert(counts.end(), {1000, 4099});
  const float lows[] = {std::numeric_limits<float>::lowest(), 0.0f, 0.0f, -1.0f};
  const float highs[] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                         6.0f, 1.0f};
  const UkernelTable<F32VaddVariant>& table = F32VaddTable();
  for (size_t v = 0; v < table.count; ++v) {
    const F32VaddVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (size_t count : counts) {
      const int act = static_cast<int>(rng() % 4);
      const FloatRange range{lows[act], highs[act]};
      const size_t skew = rng() % 5;
      const bool in_place = rng() % 4 == 0;
      std::vector<float> a(skew + count), b(skew + count);
      for (float& x : a) x = RandomValue(rng);
      for (float& x : b) x = RandomValue(rng);
      std::vector<float> expected(count);
      for (size_t i = 0; i < count; ++i) {
        expected[i] = ApplyFloatRange(a[skew + i] + b[skew + i], range);
      }
      std::vector<float> out(skew + count + kGuard, kGuardValue);
      float* to = in_place ? a.data() + skew : out.data() + skew;
      variant.fn(count, a.data() + skew, b.data() + skew, to, range.min, range.max);
      for (size_t i = 0; i < count; ++i) {
        ASSERT_TRUE(SameBits(to[i], expected[i]))
            << variant.name << " count " << count << " element " << i << ": got " << to[i]
            << ", expected " << expected[i] << " (" << a[skew + i] << " + " << b[skew + i] << ")";
      }
      if (!in_place) {
        for (size_t i = skew + count; i < out.size(); ++i) {
          ASSERT_EQ(out[i], kGuardValue) << variant.name << " count " << count << " wrote past";
        }
      }
    }
  }
}

}  // namespace
}  // namespace brasa
