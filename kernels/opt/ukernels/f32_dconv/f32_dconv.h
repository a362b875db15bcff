// f32_dconv: direct float32 CONV_2D for inputs with few channels (the RGB
// first layer of MobileNets: 3x3, stride 2, 3 -> 32 channels), where im2col
// plus f32_gemm spends most of its time gathering 27-float patches. This
// family reads the window straight from a few padded input rows instead.
//
// The op (kernels/opt/conv_2d_direct.cc) copies, per output row, the
// filter_h input rows it needs into zero-padded row buffers: rows[fy] holds
// the input row of filter row fy from the window origin of output pixel 0,
// padding included. Output pixel k, filter row fy reads the `segment` =
// filter_w * C contiguous floats at rows[fy] + k * pixel_step (pixel_step =
// stride_w * C; horizontal dilation 1).
//
// out[k][n] = clamp(sum_{fy, t < segment} rows[fy][k * pixel_step + t] * W[n][fy][t]
//                   + bias[n], min, max)
// summed in tap order (fy, fx, c) with FMAs, bias after the sum: the
// reference kernel's order (kernels/ref/conv_2d.cc); padding taps are 0.0f.
// (8x32__avx512's unrolled 3x3 RGB tiles start from the bias, as f32_gemm
// does: within float32's 1e-5 of the reference, not bit-exact.)
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_DCONV_F32_DCONV_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_DCONV_F32_DCONV_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

struct F32DconvParams {
  int32_t filter_h = 0;
  int32_t segment = 0;     // filter_w * C: floats per filter row and pixel
  int32_t pixel_step = 0;  // stride_w * C: floats between adjacent pixels' windows
  int32_t channels = 0;    // output channels (the output's pixel stride)
  float min = 0.0f, max = 0.0f;  // the fused activation's clamp bounds
};

// Packed weights: f32_gemm's layout (PackF32Gemm with depth = taps =
// filter_h * segment, the OHWI filter as [channels][taps]): for each block
// of nr output channels (the last padded with zero channels), float
// bias[nr]; then for each tap (fy, t) in order, W[n][fy][t] for the block's
// nr channels.
//
// One call computes `pixels` output pixels x all `channels`, written
// contiguously at `output` (pixel k at output + k * channels).
using F32DconvFn = void (*)(int32_t pixels, const float* const* rows, const float* packed,
                            float* output, const F32DconvParams& params);

struct F32DconvVariant {
  const char* name;
  Isa isa;
  int32_t nr;  // channels per packed block
  F32DconvFn fn;
};

const UkernelTable<F32DconvVariant>& F32DconvTable();

void f32_dconv_1x4__scalar(int32_t pixels, const float* const* rows, const float* packed,
                           float* output, const F32DconvParams& params);
void f32_dconv_4x16__avx2(int32_t pixels, const float* const* rows, const float* packed,
                          float* output, const F32DconvParams& params);
// nr = 32: one packed block (f32_gemm 12x32's layout) per tile.
void f32_dconv_8x32__avx512(int32_t pixels, const float* const* rows, const float* packed,
                            float* output, const F32DconvParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_DCONV_F32_DCONV_H_
