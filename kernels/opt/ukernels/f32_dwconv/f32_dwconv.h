// f32_dwconv: the float32 depthwise convolution family (depth multiplier 1)
// behind the optimized DEPTHWISE_CONV_2D.
//
// For each output pixel p and channel c:
//   out[p][c] = clamp(sum_t inputs[p * taps + t][c] * w[t][c] + bias[c], min, max)
// Every tap has an input pointer (the indirection list the op builds, as
// for qs8_dwconv), so one kernel serves every window size, stride, dilation
// and padding: padding taps point at a row of zeros, whose products add
// nothing. The sum starts at zero and adds the taps in order with fused
// multiply-adds, then the bias: the reference kernel's order.
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_DWCONV_F32_DWCONV_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_DWCONV_F32_DWCONV_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

struct F32DwconvParams {
  float min = 0.0f, max = 0.0f;  // the fused activation's clamp bounds
};

// Packed weights, for each block of cb channels (the last padded with zero
// channels): float bias[cb]; then for each tap, the block's cb weights.
//
// One call computes `pixels` output pixels of `channels` channels each:
// inputs holds pixels * taps pointers (each to a pixel's first channel),
// output pixels are `output_stride` floats apart.
using F32DwconvFn = void (*)(int32_t pixels, int32_t channels, int32_t taps,
                             const float* const* inputs, const float* packed, float* output,
                             size_t output_stride, const F32DwconvParams& params);

struct F32DwconvVariant {
  const char* name;
  Isa isa;
  int32_t cb;  // channels per packed block
  F32DwconvFn fn;
};

const UkernelTable<F32DwconvVariant>& F32DwconvTable();

size_t F32DwconvPackedFloats(int32_t cb, int32_t channels, int32_t taps);
// weights: [taps][channels] (the [1, H, W, C] filter); bias: `channels`
// floats or null (zero).
void PackF32Dwconv(const float* weights, const float* bias, int32_t channels, int32_t taps,
                   int32_t cb, float* packed);

void f32_dwconv_4c__scalar(int32_t pixels, int32_t channels, int32_t taps,
                           const float* const* inputs, const float* packed, float* output,
                           size_t output_stride, const F32DwconvParams& params);
void f32_dwconv_8c__avx2(int32_t pixels, int32_t channels, int32_t taps,
                         const float* const* inputs, const float* packed, float* output,
                         size_t output_stride, const F32DwconvParams& params);
void f32_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const float* const* inputs, const float* packed, float* output,
                            size_t output_stride, const F32DwconvParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_DWCONV_F32_DWCONV_H_
