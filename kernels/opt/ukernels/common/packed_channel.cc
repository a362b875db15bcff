// DerivePackedHeader (packed_channel.h): the requantization terms of
// requantize_avx512.h's RequantizeRow, per channel, once at packing.
#include "kernels/opt/ukernels/common/packed_channel.h"

namespace brasa {

void DerivePackedHeader(int32_t* header, int32_t width) {
  auto array = [&](int32_t which) { return header + which * width; };
  // 64-bit slot i of array `which` (its two words, low first).
  auto set_slot = [&](int32_t which, int32_t i, int64_t value) {
    const uint64_t bits = static_cast<uint64_t>(value);
    array(which)[2 * i] = static_cast<int32_t>(static_cast<uint32_t>(bits));
    array(which)[2 * i + 1] = static_cast<int32_t>(static_cast<uint32_t>(bits >> 32));
  };
  const int32_t* multiplier = array(kPackedMultiplier);
  const int32_t* left = array(kPackedLeftShift);
  const int32_t* right = array(kPackedRightShift);
  constexpr int32_t kVectorLanes = 16;
  for (int32_t j = 0; j < width; ++j) {
    const int64_t s = right[j];
    const int32_t odd = j % 2, slot = j / 2;
    set_slot(kPackedRoundingEven + odd, slot,
             (int64_t{1} << 30) | (s > 0 ? int64_t{1} << (30 + s) : 0));
    set_slot(kPackedNegativeEven + odd, slot, s > 0 ? int64_t{1} << 31 : 0);
    set_slot(kPackedShiftEven + odd, slot, s + 31);
    array(kPackedRightLessOne)[j] = right[j] - 1;
  }
  for (int32_t i = 0; i < width / 2; ++i) {
    const int32_t first = i / (kVectorLanes / 2) * kVectorLanes;
    bool plain = true;
    for (int32_t j = first; j < first + kVectorLanes && j < width; ++j) {
      plain = plain && (multiplier[j] == 0 || (left[j] == 0 && right[j] >= 1));
    }
    array(kPackedMultiplierOdd)[2 * i] = multiplier[2 * i + 1];
    array(kPackedMultiplierOdd)[2 * i + 1] = plain ? kPackedPlain : 0;
  }
}

}  // namespace brasa
