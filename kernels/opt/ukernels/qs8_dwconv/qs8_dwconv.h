// qs8_dwconv: the 8-bit quantized depthwise convolution family (depth
// multiplier 1) behind the optimized DEPTHWISE_CONV_2D.
//
// For each output pixel p and channel c:
//   out[p][c] = requantize(bias'[c] + sum_t X(inputs[p * taps + t][c]) * w'[t][c])
// where X is the int8 or uint8 input value and w' = w + filter_offset. Every
// tap has an input pointer (an "indirection" list the op builds), so one
// kernel serves every window size, stride, dilation and padding: padding
// taps point at a row of zero-point bytes. bias' = bias - zp_in * sum_t w'
// folds the input zero point in (QUANTIZATION.md §2.2: the reference sums
// (x - zp_in)(w - zp_w) over in-image taps; padding taps with x = zp_in add
// exactly zero either way). Sums wrap in int32; requantization is the
// reference's MultiplyByQuantizedMultiplier per channel, + zp_out, clamp.
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/ukernel_table.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

struct Qs8DwconvParams {
  bool uint8 = false;  // input values are uint8 (else int8)
  int32_t output_zero_point = 0;
  int32_t output_min = 0, output_max = 0;
};

// Packed weights, for each block of cb channels (the last padded with zero
// channels): the packed_channel.h header (int32 bias'[cb], multiplier[cb],
// left_shift[cb], right_shift[cb], then the requantization terms derived
// from them); then for each tap, cb int32 words holding w' in their low
// 16 bits and zero above (so vpmaddwd against an int32 input gives x * w').
// 3x3 windows (9 taps) add, for the row form's vpdpbusd path
// (qs8_dwconv_row_avx512.h; int8 filters, zeros for uint8 ones): for
// kx = 0, 1, 2, cb words holding the bytes w'[0][kx], w'[1][kx], w'[2][kx],
// 0; then cb int32 bias' - 128 * sum_t w' (its inputs are x + 128, unsigned).
//
// One call computes `pixels` output pixels of `channels` channels each:
// inputs holds pixels * taps pointers (each to a pixel's first channel),
// output pixels are `output_stride` bytes apart.
constexpr int32_t kQs8DwconvDotTaps = 9;
constexpr int32_t kQs8DwconvDotWords = 4;  // per channel: 3 weight words, the bias
// int32 words per channel of a packed block of `taps` taps.
inline int32_t Qs8DwconvBlockWords(int32_t taps) {
  return kPackedChannelWords + taps + (taps == kQs8DwconvDotTaps ? kQs8DwconvDotWords : 0);
}

using Qs8DwconvFn = void (*)(int32_t pixels, int32_t channels, int32_t taps,
                             const uint8_t* const* inputs, const void* packed, uint8_t* output,
                             size_t output_stride, const Qs8DwconvParams& params);

// The row form, for windows 3 pixels wide (dilation 1, any height): one
// call computes `pixels` consecutive output pixels of one output row from the
// window's input rows directly, no indirection list. Output pixel p's tap
// (ky, kx) reads column x_origin + p * stride + kx of rows[ky]; columns
// outside [0, input_w) and null rows (outside the image) read `padding`
// instead (zp_in bytes). Pixels are `pixel_bytes` apart in the rows and
// `output_pixel_bytes` (0: pixel_bytes) in `output` (the node's channel
// count; `channels` may be fewer: a slice of channels, with the rows,
// padding, packed and output pointers at its first channel and packed at its
// first block). `channels` may also be more than pixel_bytes: a column then
// reads the next pixels too, so a row holds (input_w - 1) * pixel_bytes +
// channels bytes (the few-channel rows of depthwise_conv_2d_rows.cc, where
// one "pixel" of 16 channels is two real pixels of 8, its columns 8 bytes
// and its outputs 16 bytes apart, at stride 2). Same packed weights as above, taps
// in (ky, kx) order. Reusing each column's widened input for the 3 / stride
// pixels that read it is what makes it faster than the indirection form.
// output_rows > 1 (vertical dilation 1) computes that many vertically
// adjacent output rows, each row_step input rows (the vertical stride)
// lower than the one before (rows then holds kernel_h + (output_rows - 1) *
// row_step pointers; output row i's window row ky is rows[i * row_step +
// ky]) and output_row_bytes after it: 3x3 int8 windows with row_step =
// stride share interleaved input rows among them (qs8_dwconv_row_avx512.h),
// others run row by row.
struct Qs8DwconvRow {
  const uint8_t* const* rows;  // kernel_h + (output_rows - 1) * row_step pointers to input
                               // column 0, or null
  const uint8_t* padding;      // `channels` bytes of zp_in
  int32_t kernel_h, input_w, x_origin, stride;  // stride 1 or 2
  size_t pixel_bytes;
  int32_t output_rows = 1;      // 1 to kQs8DwconvRowMaxOutputRows
  size_t output_row_bytes = 0;  // output_rows > 1: from one output row to the next
  int32_t row_step = 1;         // output_rows > 1: input rows from one output row to the next
  size_t output_pixel_bytes = 0;  // 0: pixel_bytes
};
inline size_t Qs8DwconvOutputPixelBytes(const Qs8DwconvRow& row) {
  return row.output_pixel_bytes != 0 ? row.output_pixel_bytes : row.pixel_bytes;
}
constexpr int32_t kQs8DwconvRowMaxOutputRows = 4;
// Vertical stride 2: the op (depthwise_conv_2d.cc) asks for several output
// rows per call, which then share their window rows (3x3 int8,
// qs8_dwconv_row_avx512.h), only while a call's 9 input rows take at most
// this many bytes (measured on AMD Zen 5, 1 thread: 56x56x144, 73 KB, 14%
// faster; 112x112x96, 97 KB, 5% slower than row by row, 2 rows at a time
// no faster: a tile sweeps its rows once per group of channel blocks).
constexpr size_t kQs8DwconvStridedRowsMaxBytes = 80 * 1024;
inline bool Qs8DwconvStridedRowsFit(int32_t input_w, size_t pixel_bytes) {
  return static_cast<size_t>(input_w) * pixel_bytes * 9 <= kQs8DwconvStridedRowsMaxBytes;
}
constexpr int32_t kQs8DwconvRowWidth = 3;  // the window width the row form takes

// The row form's tile width for a row of `pixels` output pixels: 8, 7 or 6
// (overlapping tiles), whichever computes the fewest pixels, the widest on
// ties (14- and 28-pixel rows: 7); 0 under 6 pixels.
inline int32_t Qs8DwconvRowTileWidth(int32_t pixels) {
  if (pixels < 6) return 0;
  int32_t best = 8, best_cost = (pixels + 7) / 8 * 8;
  for (int32_t width = 7; width >= 6; --width) {
    const int32_t cost = (pixels + width - 1) / width * width;
    if (cost < best_cost) {
      best = width;
      best_cost = cost;
    }
  }
  return best;
}

// Output row i of a Qs8DwconvRow with several output rows, as a call of its own.
inline Qs8DwconvRow Qs8DwconvRowAt(const Qs8DwconvRow& row, int32_t i) {
  Qs8DwconvRow one = row;
  one.rows = row.rows + static_cast<ptrdiff_t>(i) * row.row_step;
  one.output_rows = 1;
  return one;
}

using Qs8DwconvRowFn = void (*)(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                const void* packed, uint8_t* output,
                                const Qs8DwconvParams& params);

struct Qs8DwconvVariant {
  const char* name;
  Isa isa;
  int32_t cb;  // channels per packed block
  Qs8DwconvFn fn;
  Qs8DwconvRowFn row;  // null: this variant has no row form
};

const UkernelTable<Qs8DwconvVariant>& Qs8DwconvTable();

struct Qs8DwconvWeights {
  const void* data = nullptr;  // [taps][channels] int8 or uint8 (the [1, H, W, C] filter)
  bool uint8 = false;
  int32_t channels = 0, taps = 0;
  int32_t input_offset = 0;   // -zp_in
  int32_t filter_offset = 0;  // -zp_w (uint8), 0 for int8
  const int32_t* bias = nullptr;
  const QuantizedMultiplier* multipliers = nullptr;
  // 0, or the filter's real channel count when packing `channels` lanes that
  // repeat it: lane c holds filter channel c % period (the few-channel rows
  // of depthwise_conv_2d_rows.cc, where a block spans several pixels).
  int32_t period = 0;
};

size_t Qs8DwconvPackedBytes(int32_t cb, int32_t channels, int32_t taps);
void PackQs8Dwconv(const Qs8DwconvWeights& weights, int32_t cb, void* packed);
// The packed_channel.h header of channels [first, first + width) (bias' with
// zp_in folded in, the multipliers; zeros past `channels`) at `header`.
void PackQs8DwconvHeader(const Qs8DwconvWeights& weights, int32_t first, int32_t width,
                         int32_t* header);

void qs8_dwconv_4c__scalar(int32_t pixels, int32_t channels, int32_t taps,
                           const uint8_t* const* inputs, const void* packed, uint8_t* output,
                           size_t output_stride, const Qs8DwconvParams& params);
void qs8_dwconv_8c__avx2(int32_t pixels, int32_t channels, int32_t taps,
                         const uint8_t* const* inputs, const void* packed, uint8_t* output,
                         size_t output_stride, const Qs8DwconvParams& params);
void qs8_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const uint8_t* const* inputs, const void* packed, uint8_t* output,
                            size_t output_stride, const Qs8DwconvParams& params);
void qs8_dwconv_16c__avx512vnni(int32_t pixels, int32_t channels, int32_t taps,
                                const uint8_t* const* inputs, const void* packed,
                                uint8_t* output, size_t output_stride,
                                const Qs8DwconvParams& params);

void qs8_dwconv_row3_4c__scalar(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                const void* packed, uint8_t* output,
                                const Qs8DwconvParams& params);
void qs8_dwconv_row3_8c__avx2(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                              const void* packed, uint8_t* output,
                              const Qs8DwconvParams& params);
void qs8_dwconv_row3_8c__avxvnni(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                 const void* packed, uint8_t* output,
                                 const Qs8DwconvParams& params);
void qs8_dwconv_row3_16c__avx512(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                 const void* packed, uint8_t* output,
                                 const Qs8DwconvParams& params);
void qs8_dwconv_row3_16c__avx512vnni(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                     const void* packed, uint8_t* output,
                                     const Qs8DwconvParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_DWCONV_QS8_DWCONV_H_
