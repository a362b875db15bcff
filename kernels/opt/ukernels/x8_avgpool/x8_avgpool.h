// x8_avgpool: the int8/uint8 AVERAGE_POOL_2D of one output pixel: sums a
// window's taps (already clipped to the image) over contiguous channels and
// rounds sum / count as the reference kernel does (uint8 half up, int8 half
// away from zero: kernels/opt/pooling_divide.h), then clamps to the fused
// activation's range. Every variant compiles the same portable loops
// (ukernels/common/x8_avgpool_loops.h) with its level's flags: the compiler
// vectorizes them across channels, wider vectors doing more taps per step.
#ifndef BRASA_KERNELS_OPT_UKERNELS_X8_AVGPOOL_X8_AVGPOOL_H_
#define BRASA_KERNELS_OPT_UKERNELS_X8_AVGPOOL_X8_AVGPOOL_H_

#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/pooling_divide.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// `rows` x `cols` taps (at least one) from `first`; `row_stride` elements
// from one window row to the next, `tap_stride` from one tap to the next
// within a row; `channels` contiguous channels at each tap.
struct X8AvgpoolWindow {
  const void* first;
  int32_t rows, cols;
  int64_t row_stride, tap_stride;
  int32_t channels;
};

struct X8AvgpoolParams {
  int32_t count;  // rows x cols
  WindowDivisor divisor;  // MakeWindowDivisor(count)
  int16_t low, high;  // the activation range, inside the type's
};

// Writes `window.channels` pooled values to `out`.
using X8AvgpoolFn = void (*)(const X8AvgpoolWindow& window, const X8AvgpoolParams& params,
                             void* out);

struct X8AvgpoolVariant {
  const char* name;
  Isa isa;
  X8AvgpoolFn s8;  // int8
  X8AvgpoolFn u8;  // uint8
};

const UkernelTable<X8AvgpoolVariant>& X8AvgpoolTable();

void x8_avgpool_s8_64c__scalar(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);
void x8_avgpool_u8_64c__scalar(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);
void x8_avgpool_s8_64c__avx2(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);
void x8_avgpool_u8_64c__avx2(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);
void x8_avgpool_s8_64c__avx512(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);
void x8_avgpool_u8_64c__avx512(const X8AvgpoolWindow&, const X8AvgpoolParams&, void*);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_X8_AVGPOOL_X8_AVGPOOL_H_
