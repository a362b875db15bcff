// qs8_dconv: direct int8/uint8 CONV_2D for inputs with few channels (the
// first layer of quantized MobileNets: 3x3, stride 2, 3 -> 32 channels),
// where im2col plus qs8_gemm spends most of its time gathering patches.
// This family reads the window straight from a few padded input rows.
//
// The op (kernels/opt/conv_2d_direct.cc) copies, per output row, the
// filter_h input rows it needs into row buffers of "A" bytes (x ^ 0x80 for
// int8, x for uint8, as qs8_gemm's a_flip makes them), padding included
// (padding bytes are zp_in's A byte, which adds exactly zero, see below).
// rows[fy] starts at the window origin of output pixel 0; pixel k, filter
// row fy reads the `segment` = filter_w * C bytes at rows[fy] + k *
// pixel_step (stride_w * C) in groups of 4, the last group reading up to 3
// bytes past the segment (their weights are zero): rows must be readable
// that far (kQs8DconvRowSlack).
//
// The arithmetic is qs8_gemm's (qs8_gemm.h) with depth = the window's taps:
//   acc = bias' + sum A * B + d * sum A     (int32, wrapping)
// B the signed weight bytes (w, or w - 128 for uint8), bias' the folded
// constant terms, d = row_sum_factor (zp_w's offset + 128 for uint8, 0 for
// int8, then the per-pixel sum is skipped); the sum of A runs over the real
// taps only. Then qs8_gemm's requantization, + zp_out, clamp.
//
// Wide variants (Qs8DconvVariant::wide: vpmaddwd, or AVX-VNNI's vpdpwssd) take
// the same A values as uint16 (rows point to uint16 elements; segment,
// pixel_step and kQs8DconvRowSlack count elements) and weights packed as
// int16 pairs with d folded in: B + d for the real taps, so that
//   acc = bias' + sum A * (B + d)
// is the same sum (|B + d| <= 511: the products are exact) with no per-pixel
// sum of A; they ignore row_sum_factor.
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_DCONV_QS8_DCONV_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_DCONV_QS8_DCONV_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// Bytes past the last pixel's segment a kernel may read in each row.
constexpr int32_t kQs8DconvRowSlack = 4;

struct Qs8DconvParams {
  int32_t filter_h = 0;
  int32_t segment = 0;     // filter_w * C: bytes per filter row and pixel
  int32_t pixel_step = 0;  // stride_w * C
  int32_t channels = 0;    // output channels (the output's pixel stride)
  int32_t row_sum_factor = 0;  // d: 0 skips the per-pixel sum of A
  int32_t output_zero_point = 0;
  int32_t output_min = 0, output_max = 0;  // clamp bounds in the output type's range
};

// Groups of 4 bytes per filter row.
inline int32_t Qs8DconvGroups(int32_t segment) { return (segment + 3) / 4; }

// Packed weights, for each block of nr output channels (the last padded with
// zero channels): the packed_channel.h header (bias'[nr], multiplier[nr],
// left_shift[nr], right_shift[nr], derived terms); then for each filter
// row fy and group g, nr channels x 4 signed bytes B[n][fy][4g + i] (zero
// past the segment).
//
// One call computes `pixels` output pixels x all `channels` bytes, written
// contiguously at `output` (pixel k at output + k * channels).
using Qs8DconvFn = void (*)(int32_t pixels, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DconvParams& params);

struct Qs8DconvVariant {
  const char* name;
  Isa isa;
  int32_t nr;  // channels per packed block
  bool wide;   // uint16 rows, PackQs8DconvWide's weights
  Qs8DconvFn fn;
};

const UkernelTable<Qs8DconvVariant>& Qs8DconvTable();

size_t Qs8DconvPackedBytes(int32_t nr, int32_t channels, int32_t filter_h, int32_t segment);
// gemm_packed: PackQs8Gemm's packing, for the same nr, of the filter as
// qs8_gemm sees it (columns = channels, depth = filter_h * segment, OHWI
// order, with its multipliers).
void PackQs8Dconv(const void* gemm_packed, int32_t nr, int32_t channels, int32_t filter_h,
                  int32_t segment, void* packed);

// The wide layout: for each block of nr channels, the same header; then for
// each filter row fy and pair q of taps (Qs8DconvPairs(segment) per row),
// nr channels x 2 int16 (B + row_sum_factor)[n][fy][2q + i] (zero past the
// segment).
inline int32_t Qs8DconvPairs(int32_t segment) { return (segment + 1) / 2; }
size_t Qs8DconvWidePackedBytes(int32_t nr, int32_t channels, int32_t filter_h, int32_t segment);
void PackQs8DconvWide(const void* gemm_packed, int32_t nr, int32_t channels, int32_t filter_h,
                      int32_t segment, int32_t row_sum_factor, void* packed);

void qs8_dconv_1x4c4__scalar(int32_t pixels, const uint8_t* const* rows, const void* packed,
                             uint8_t* output, const Qs8DconvParams& params);
void qs8_dconv_6x16c2__avx2(int32_t pixels, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DconvParams& params);
void qs8_dconv_6x16c2__avxvnni(int32_t pixels, const uint8_t* const* rows, const void* packed,
                               uint8_t* output, const Qs8DconvParams& params);
void qs8_dconv_10x32c2__avx512(int32_t pixels, const uint8_t* const* rows, const void* packed,
                               uint8_t* output, const Qs8DconvParams& params);
void qs8_dconv_8x32c4__avx512vnni(int32_t pixels, const uint8_t* const* rows,
                                  const void* packed, uint8_t* output,
                                  const Qs8DconvParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_DCONV_QS8_DCONV_H_
