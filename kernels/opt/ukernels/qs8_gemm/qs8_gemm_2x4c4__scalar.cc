// Portable qs8_gemm: 2 rows x 4 channels per step. The oracle the SIMD
// variants are tested against, and the kernel on CPUs without them.
#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kMr = 2, kNr = 4;

// 4 activation bytes of group g (zero past the depth), flipped.
inline void LoadGroup(const uint8_t* row, int32_t k, int32_t depth, uint32_t flip,
                      uint8_t out[4]) {
  uint32_t word = Qs8GemmActivationWord(row, k, depth);
  word ^= flip;
  std::memcpy(out, &word, 4);
}

}  // namespace

void qs8_gemm_2x4c4__scalar(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                            size_t a_stride, const void* packed, void* c, size_t c_stride,
                            const int32_t* row_offsets, const Qs8GemmParams& params) {
  const uint8_t* block = static_cast<const uint8_t*>(packed);
  const int32_t groups = (depth + 3) / 4;
  for (int32_t first = 0; first < columns; first += kNr) {
    const int32_t* header = reinterpret_cast<const int32_t*>(block);
    const int8_t* b = reinterpret_cast<const int8_t*>(block + sizeof(int32_t) * kPackedChannelWords * kNr);
    uint32_t acc[kMr][kNr];
    for (int32_t m = 0; m < kMr; ++m) {
      const uint32_t row_offset = (row_offsets != nullptr && m < rows) ? row_offsets[m] : 0;
      for (int32_t j = 0; j < kNr; ++j) acc[m][j] = static_cast<uint32_t>(header[j]) + row_offset;
    }
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t m = 0; m < rows; ++m) {
        uint8_t x[4];
        LoadGroup(a + m * a_stride, g * 4, depth, params.a_flip, x);
        for (int32_t j = 0; j < kNr; ++j) {
          const int8_t* w = b + (g * kNr + j) * 4;
          const int32_t dot = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + x[3] * w[3];
          acc[m][j] += static_cast<uint32_t>(dot);
        }
      }
    }
    const int32_t count = columns - first < kNr ? columns - first : kNr;
    for (int32_t m = 0; m < rows; ++m) {
      if (params.int32_output) {
        int32_t* out = static_cast<int32_t*>(c) + m * c_stride + first;
        for (int32_t j = 0; j < count; ++j) out[j] = static_cast<int32_t>(acc[m][j]);
        continue;
      }
      uint8_t* out = static_cast<uint8_t*>(c) + m * c_stride + first;
      for (int32_t j = 0; j < count; ++j) {
        const int32_t value = RequantizeScalar(
            static_cast<int32_t>(acc[m][j]), header[kNr + j], header[2 * kNr + j],
            header[3 * kNr + j], params.output_zero_point, params.output_min, params.output_max);
        out[j] = static_cast<uint8_t>(value);
      }
    }
    block = reinterpret_cast<const uint8_t*>(b + groups * kNr * 4);
  }
}

}  // namespace brasa
