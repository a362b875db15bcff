// Weight packing for qs8_dconv (see qs8_dconv.h for the layout): a
// rearrangement of qs8_gemm's packing (same headers, so the same folded bias
// and multipliers; the signed weight bytes regrouped by filter row).
#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {

size_t Qs8DconvPackedBytes(int32_t nr, int32_t channels, int32_t filter_h, int32_t segment) {
  const size_t blocks = static_cast<size_t>((channels + nr - 1) / nr);
  const size_t groups = static_cast<size_t>(filter_h) * Qs8DconvGroups(segment);
  return blocks * static_cast<size_t>(nr) * (kPackedChannelWords * sizeof(int32_t) + groups * 4);
}

size_t Qs8DconvWidePackedBytes(int32_t nr, int32_t channels, int32_t filter_h,
                               int32_t segment) {
  const size_t blocks = static_cast<size_t>((channels + nr - 1) / nr);
  const size_t pairs = static_cast<size_t>(filter_h) * Qs8DconvPairs(segment);
  return blocks * static_cast<size_t>(nr) *
         (kPackedChannelWords * sizeof(int32_t) + pairs * 2 * sizeof(int16_t));
}

namespace {

// The weight of depth position k of channel j in a qs8_gemm packed block's
// taps `b` (groups of 4 depth positions, nr channels each).
inline int8_t GemmPackedWeight(const uint8_t* b, int32_t nr, int32_t j, int32_t k) {
  return static_cast<int8_t>(b[(k / 4) * nr * 4 + j * 4 + k % 4]);
}

}  // namespace

void PackQs8Dconv(const void* gemm_packed, int32_t nr, int32_t channels, int32_t filter_h,
                  int32_t segment, void* packed) {
  const int32_t depth = filter_h * segment, groups = Qs8DconvGroups(segment);
  const size_t header_bytes = sizeof(int32_t) * kPackedChannelWords * nr;
  const size_t gemm_block_bytes = Qs8GemmPackedBytes(nr, nr, depth);
  const uint8_t* from = static_cast<const uint8_t*>(gemm_packed);
  uint8_t* out = static_cast<uint8_t*>(packed);
  for (int32_t first = 0; first < channels; first += nr, from += gemm_block_bytes) {
    std::memcpy(out, from, header_bytes);
    out += header_bytes;
    const uint8_t* b = from + header_bytes;
    for (int32_t fy = 0; fy < filter_h; ++fy) {
      for (int32_t g = 0; g < groups; ++g) {
        for (int32_t j = 0; j < nr; ++j) {
          for (int32_t i = 0; i < 4; ++i) {
            const int32_t t = 4 * g + i, k = fy * segment + t;
            *out++ = t < segment ? static_cast<uint8_t>(GemmPackedWeight(b, nr, j, k)) : 0;
          }
        }
      }
    }
  }
}

void PackQs8DconvWide(const void* gemm_packed, int32_t nr, int32_t channels, int32_t filter_h,
                      int32_t segment, int32_t row_sum_factor, void* packed) {
  const int32_t depth = filter_h * segment, pairs = Qs8DconvPairs(segment);
  const size_t header_bytes = sizeof(int32_t) * kPackedChannelWords * nr;
  const size_t gemm_block_bytes = Qs8GemmPackedBytes(nr, nr, depth);
  const uint8_t* from = static_cast<const uint8_t*>(gemm_packed);
  uint8_t* out = static_cast<uint8_t*>(packed);
  for (int32_t first = 0; first < channels; first += nr, from += gemm_block_bytes) {
    std::memcpy(out, from, header_bytes);
    out += header_bytes;
    const uint8_t* b = from + header_bytes;
    for (int32_t fy = 0; fy < filter_h; ++fy) {
      for (int32_t q = 0; q < pairs; ++q) {
        for (int32_t j = 0; j < nr; ++j) {
          for (int32_t i = 0; i < 2; ++i) {
            const int32_t t = 2 * q + i, k = fy * segment + t;
            // Padding channels stay zero: their B is zero, and so their sums.
            const bool real = t < segment && first + j < channels;
            const int16_t value = static_cast<int16_t>(
                real ? GemmPackedWeight(b, nr, j, k) + row_sum_factor : 0);
            std::memcpy(out, &value, sizeof(value));
            out += sizeof(value);
          }
        }
      }
    }
  }
}

}  // namespace brasa
