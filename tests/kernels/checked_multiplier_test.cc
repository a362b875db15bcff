// The shared range checks of kernels/ref/common/checked_multiplier.h that
// every Prepare deriving a multiplier from scales goes through.
#include "kernels/ref/common/checked_multiplier.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace brasa {
namespace {

TEST(CheckedMultiplierTest, MaxLeftShiftKeepsTheRangeInInt32) {
  EXPECT_EQ(MaxLeftShiftFor(1), 30);          // 2^30 fits, 2^31 does not
  EXPECT_EQ(MaxLeftShiftFor(255), 23);        // 255 * 2^23 < 2^31 <= 255 * 2^24
  EXPECT_EQ(MaxLeftShiftFor(65535), 15);
  EXPECT_EQ(MaxLeftShiftFor(int64_t{1} << 31), -1);  // nothing fits
  EXPECT_EQ(MaxLeftShiftFor(0), 31);
  for (int64_t max_abs : {1, 3, 127, 128, 255, 32768, 65535, 1 << 20}) {
    const int32_t shift = MaxLeftShiftFor(max_abs);
    EXPECT_LE(max_abs << shift, INT32_MAX) << max_abs;
    EXPECT_GT(max_abs << (shift + 1), INT32_MAX) << max_abs;
  }
}

}  // namespace
}  // namespace brasa
