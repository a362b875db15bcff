// qs8_dwplane: the 8-bit quantized depthwise convolution of ONE input
// channel with depth multiplier M (M output channels read the same input
// plane), as the first layers of person_detect and micro_speech are. The
// general family (qs8_dwconv) vectorizes over channels, which leaves most
// lanes of a vector idle here; this one vectorizes over the output pixels of
// a row instead and keeps M sums per pixel block, so each input load serves
// M channels.
//
// Rows come from a padded copy of the plane (the op builds it: padding
// holds zp_in, so no tap needs a bounds check): rows[fy] points at the
// input row of filter row fy, at the window of output pixel 0. Output
// pixel k reads row[k * stride + fx] for fx in [0, filter_w). Adjacent taps
// fx, fx + 1 go in pairs (one vpmaddwd sums both), so a row is read up to
// Qs8DwplaneRowBytes(out_w, stride, filter_w) bytes from its pointer.
//
// For each output pixel k and channel m:
//   out[k][m] = requantize(bias'[m] + sum_{fy,fx} X(rows[fy][k*s + fx]) * w'[fy][fx][m])
// with X, w' and bias' as in qs8_dwconv.h (zp_in folded into bias'; padding
// bytes are zp_in, so they add exactly zero).
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_DWPLANE_QS8_DWPLANE_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_DWPLANE_QS8_DWPLANE_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// Output channels per packed group.
constexpr int32_t kDwplaneGroup = 8;

struct Qs8DwplaneParams {
  bool uint8 = false;  // input values are uint8 (else int8)
  int32_t stride = 1;  // horizontal stride: 1 or 2
  int32_t filter_h = 0, filter_w = 0;
  int32_t channels = 0;  // M, the output channels (= the depth multiplier)
  int32_t output_zero_point = 0;
  int32_t output_min = 0, output_max = 0;
};

// Bytes a kernel may read from each row pointer (the row width the op pads to).
inline size_t Qs8DwplaneRowBytes(int32_t out_w, int32_t stride, int32_t filter_w) {
  const size_t blocks = static_cast<size_t>(out_w + 15) / 16;
  return blocks * 16 * static_cast<size_t>(stride) + static_cast<size_t>(filter_w) + 64;
}

// Packed weights, per group of 8 output channels (the last padded with zero
// channels): the packed_channel.h header (bias'[8], multiplier[8],
// left_shift[8], right_shift[8], derived terms); then for each filter row fy and tap pair
// j (taps 2j, 2j + 1; a missing last tap has weight 0), 8 int32 words whose
// low 16 bits hold w'[fy][2j][m] and high 16 bits w'[fy][2j + 1][m].
//
// One call computes one output row: out_w pixels of `channels` bytes each,
// contiguous at `output`.
using Qs8DwplaneFn = void (*)(int32_t out_w, const uint8_t* const* rows, const void* packed,
                              uint8_t* output, const Qs8DwplaneParams& params);

struct Qs8DwplaneVariant {
  const char* name;
  Isa isa;
  Qs8DwplaneFn fn;
};

const UkernelTable<Qs8DwplaneVariant>& Qs8DwplaneTable();

size_t Qs8DwplanePackedBytes(int32_t channels, int32_t filter_h, int32_t filter_w);
// weights: as for qs8_dwconv (taps = filter_h * filter_w, channels = M).
void PackQs8Dwplane(const Qs8DwconvWeights& weights, int32_t filter_w, void* packed);

void qs8_dwplane_1x__scalar(int32_t out_w, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DwplaneParams& params);
void qs8_dwplane_8x__avx2(int32_t out_w, const uint8_t* const* rows, const void* packed,
                          uint8_t* output, const Qs8DwplaneParams& params);
void qs8_dwplane_16x__avx512(int32_t out_w, const uint8_t* const* rows, const void* packed,
                             uint8_t* output, const Qs8DwplaneParams& params);
void qs8_dwplane_16x__avx512vnni(int32_t out_w, const uint8_t* const* rows, const void* packed,
                                 uint8_t* output, const Qs8DwplaneParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_DWPLANE_QS8_DWPLANE_H_
