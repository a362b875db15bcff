// The per-channel header the quantized micro-kernel families pack before
// each block of `width` channels (width even): int32 bias'[width],
// multiplier[width], left_shift[width], right_shift[width] (the quantized
// multiplier's shift split in two, as MultiplyByQuantizedMultiplier applies
// it, §1.4); then what requantize_avx512.h's single-rounding requantization
// derives from them (DerivePackedHeader), computed once at packing instead
// of at every micro-kernel call.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_

#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

// The header's arrays of `width` int32 words, in order. The Even and Odd
// ones are in 64-bit slots: slot i holds channel 2i's value (Even) or
// channel 2i + 1's (Odd), as AVX-512's even/odd 64-bit multiplies want them.
enum PackedChannelArray : int32_t {
  kPackedBias,
  kPackedMultiplier,
  kPackedLeftShift,
  kPackedRightShift,
  // Derived, for right shift s: rounding 2^30 | 2^(30+s) (2^30 for s = 0),
  // int64.
  kPackedRoundingEven,
  kPackedRoundingOdd,
  // The odd channels' multipliers in the low halves of the 64-bit slots; the
  // high halves hold kPackedPlain or 0 (below).
  kPackedMultiplierOdd,
  kPackedRightLessOne,  // right shift - 1, int32 per channel
  kPackedChannelWords,  // int32 words per channel in a header
};

// The high half of kPackedMultiplierOdd's slot i: every channel of the 16
// channels [16 * (i / 8), 16 * (i / 8) + 16) is "plain" (multiplier 0, or
// no left shift and a right shift >= 1), so RequantizeRow<kPlain> applies
// to that vector of 16 lanes.
constexpr int32_t kPackedPlain = 1;

// The low 32 bits of an int64 sum, as TensorFlow Lite's wrapping int32 sum.
inline int32_t WrapToInt32Bits(int64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(value)));
}

// Writes channel `j` of a block header's first four arrays (a padding
// channel: all zeros). DerivePackedHeader completes the header.
inline void WritePackedChannel(int32_t* header, int32_t width, int32_t j, int32_t bias,
                               QuantizedMultiplier multiplier) {
  header[kPackedBias * width + j] = bias;
  header[kPackedMultiplier * width + j] = multiplier.multiplier;
  header[kPackedLeftShift * width + j] = multiplier.shift > 0 ? multiplier.shift : 0;
  header[kPackedRightShift * width + j] = multiplier.shift > 0 ? 0 : -multiplier.shift;
}

// The derived arrays of a header whose first four are written. Inline: a
// micro-kernel that builds a header on its stack (q8_vadd) keeps it private,
// so its loop can hold the terms in registers across its stores.
inline void DerivePackedHeader(int32_t* header, int32_t width) {
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

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_
