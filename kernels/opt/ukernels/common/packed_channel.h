// The per-channel header the quantized micro-kernel families pack before
// each block of `width` channels: int32 bias'[width], multiplier[width],
// left_shift[width], right_shift[width] (the quantized multiplier's shift
// split in two, as MultiplyByQuantizedMultiplier applies it, §1.4).
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_

#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

constexpr int32_t kPackedChannelWords = 4;  // int32 words per channel in a header

// The low 32 bits of an int64 sum, as TensorFlow Lite's wrapping int32 sum.
inline int32_t WrapToInt32Bits(int64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(value)));
}

// Writes channel `j` of a block header (a padding channel: all zeros).
inline void WritePackedChannel(int32_t* header, int32_t width, int32_t j, int32_t bias,
                               QuantizedMultiplier multiplier) {
  header[j] = bias;
  header[width + j] = multiplier.multiplier;
  header[2 * width + j] = multiplier.shift > 0 ? multiplier.shift : 0;
  header[3 * width + j] = multiplier.shift > 0 ? 0 : -multiplier.shift;
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_PACKED_CHANNEL_H_
