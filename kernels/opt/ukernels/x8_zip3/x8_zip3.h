// x8_zip3: interleaves three planes of bytes into pixels of three bytes,
// out[3 p + k] = plane k [p] (k < 3): the NCHW -> NHWC TRANSPOSE of an RGB
// image (the first op of mobilenet_v2_quantized_1x3x224x224), a raw move.
#ifndef BRASA_KERNELS_OPT_UKERNELS_X8_ZIP3_X8_ZIP3_H_
#define BRASA_KERNELS_OPT_UKERNELS_X8_ZIP3_X8_ZIP3_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// Pixels [0, count): plane k starts at in + k * plane_stride; out gets
// 3 * count bytes.
using X8Zip3Fn = void (*)(size_t count, const uint8_t* in, size_t plane_stride, uint8_t* out);

struct X8Zip3Variant {
  const char* name;
  Isa isa;
  int32_t tile;  // pixels per step
  X8Zip3Fn fn;
};

const UkernelTable<X8Zip3Variant>& X8Zip3Table();

void x8_zip3_1x__scalar(size_t count, const uint8_t* in, size_t plane_stride, uint8_t* out);
void x8_zip3_16x__avx2(size_t count, const uint8_t* in, size_t plane_stride, uint8_t* out);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_X8_ZIP3_X8_ZIP3_H_
