// The direct part of the optimized CONV_2D (kernels/opt/conv_2d.cc): float32,
// int8 and uint8 convolutions with few input channels (the RGB first layer of
// MobileNets) skip im2col and run f32_dconv / qs8_dconv over a few padded
// copies of input rows. Each task takes a range of output rows; per output
// row it copies the filter_h input rows the window needs into its own row
// buffers (scratch), padding included (0.0f; for 8-bit types zp_in, with
// int8 bytes flipped to qs8_gemm's unsigned form, widened to uint16 for the
// wide qs8_dconv variants), then one micro-kernel
// call computes the whole output row.
#ifndef BRASA_KERNELS_OPT_CONV_2D_DIRECT_H_
#define BRASA_KERNELS_OPT_CONV_2D_DIRECT_H_

#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"
#include "kernels/ref/conv_2d.h"

namespace brasa {

// Input channels up to which the direct kernels beat im2col + GEMM.
constexpr int32_t kMaxDirectConvChannels = 4;

struct DirectConvPlan {
  const F32DconvVariant* f32 = nullptr;  // float32 nodes
  const Qs8DconvVariant* qs8 = nullptr;  // int8 / uint8 nodes
  const void* packed = nullptr;
  F32DconvParams f32_params;
  Qs8DconvParams qs8_params;
  int32_t input_h = 0, input_w = 0, channels = 0, filter_h = 0;
  int32_t row_pixels = 0;   // pixels per row buffer (the windows' span)
  size_t row_bytes = 0;     // bytes per row buffer, slack included
  size_t element_bytes = 0;      // of the input and output
  size_t row_element_bytes = 0;  // of the row buffers: 2 for wide qs8_dconv variants (uint16)
  uint8_t flip = 0;         // XORed into 8-bit input bytes
  uint8_t padding = 0;      // the padding byte of 8-bit types (after the flip)
  int32_t rows = 0;         // batches * out_h
  int32_t tasks = 0;
  int row_scratch = -1;     // tasks x filter_h row buffers
  bool active() const { return f32 != nullptr || qs8 != nullptr; }
};

// After the reference Prepare filled `data`: plans the direct kernels where
// they apply (float32 or 8-bit with constant weights, no groups, at most
// kMaxDirectConvChannels input channels, horizontal stride 1 or 2 and
// dilation 1, a SIMD variant at context.isa()), else leaves plan inactive.
Status PrepareDirectConv(KernelContext& context, const ConvData& data, DirectConvPlan* plan);
Status EvalDirectConv(KernelContext& context, const ConvData& data, const DirectConvPlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_CONV_2D_DIRECT_H_
