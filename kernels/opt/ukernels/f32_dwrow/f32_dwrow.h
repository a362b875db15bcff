// f32_dwrow: float32 depthwise convolution (depth multiplier 1) one output
// row at a time, for windows 3 or 5 wide with horizontal stride 1 or 2 and
// no horizontal dilation (MobileNets' 3x3 and 5x5 layers).
//
// Unlike f32_dwconv there is no indirection list: the call gets the input
// rows the window's filter rows meet (those inside the image; padding rows
// are left out) and walks along them. A block of channels keeps its weights
// in registers for the whole row, and neighbouring output pixels share the
// input columns they overlap on, so the interior of a row costs about one
// load per three FMAs. The pixels whose window crosses the left or right
// border go one at a time, skipping the taps outside the image.
//
// Sums start at zero, add the taps in filter order (row by row, left to
// right) with fused multiply-adds, then the bias: the order of f32_dwconv
// and of the reference kernel (skipped taps add nothing there either).
// The packed weights are f32_dwconv's (PackF32Dwconv with this variant's cb).
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_DWROW_F32_DWROW_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_DWROW_F32_DWROW_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// The windows f32_dwrow handles: filter_w 3 or 5, filter_h 1 to 5,
// horizontal stride 1 or 2 (any vertical stride and dilation: the caller
// picks the rows).
constexpr int32_t kMaxDwrowFilterH = 5;
inline bool F32DwrowSupports(int32_t filter_h, int32_t filter_w, int32_t stride_w,
                             int32_t dilation_w, int32_t pad_left) {
  return (filter_w == 3 || filter_w == 5) && filter_h >= 1 && filter_h <= kMaxDwrowFilterH &&
         (stride_w == 1 || stride_w == 2) && dilation_w == 1 && pad_left >= 0;
}

// One output row, channels [first, first + count) of every pixel.
struct F32DwrowArgs {
  // The input rows inside the image that the window meets, top to bottom:
  // `rows` pointers to pixel 0, channel input_first of each, and the filter
  // row each one meets (increasing).
  const float* const* inputs;
  const int32_t* filter_rows;
  int32_t rows;
  int32_t filter_w;  // 3 or 5 (the packed taps are filter_h x filter_w)
  int32_t filter_h;
  int32_t stride;    // horizontal, 1 or 2
  int32_t input_w, pad_left, out_w;
  int32_t channels;     // floats per output pixel
  // Floats per input pixel, and the channel each input pixel starts at:
  // channels and 0 for the input tensor itself; a compact copy of some of
  // its channels (see depthwise_conv_2d_f32.cc) holds fewer.
  int32_t input_pixel, input_first;
  int32_t first, count;  // first: a multiple of the variant's cb
};

// output: pixel 0, channel 0 of the output row (pixels `channels` apart).
using F32DwrowFn = void (*)(const F32DwrowArgs& args, const float* packed, float* output,
                            const F32DwconvParams& params);

// Copies `floats` (a multiple of the variant's cb) floats of each of
// `pixels` pixels from `from` (pixels from_pixel floats apart) to `to`
// (to_pixel apart): the caller's compact copies of input rows.
using F32DwrowCopyFn = void (*)(const float* from, size_t from_pixel, float* to, size_t to_pixel,
                                int32_t pixels, int32_t floats);

struct F32DwrowVariant {
  const char* name;
  Isa isa;
  int32_t cb;  // channels per packed block
  F32DwrowFn fn;
  F32DwrowCopyFn copy;
};

const UkernelTable<F32DwrowVariant>& F32DwrowTable();

void f32_dwrow_4c__scalar(const F32DwrowArgs& args, const float* packed, float* output,
                          const F32DwconvParams& params);
void f32_dwrow_8c__avx2(const F32DwrowArgs& args, const float* packed, float* output,
                        const F32DwconvParams& params);
void f32_dwrow_16c__avx512(const F32DwrowArgs& args, const float* packed, float* output,
                           const F32DwconvParams& params);
void f32_dwrow_copy_4c__scalar(const float* from, size_t from_pixel, float* to,
                               size_t to_pixel, int32_t pixels, int32_t floats);
void f32_dwrow_copy_8c__avx2(const float* from, size_t from_pixel, float* to, size_t to_pixel,
                             int32_t pixels, int32_t floats);
void f32_dwrow_copy_16c__avx512(const float* from, size_t from_pixel, float* to,
                                size_t to_pixel, int32_t pixels, int32_t floats);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_DWROW_F32_DWROW_H_
