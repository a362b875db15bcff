// q8_vadd: the 8-bit quantized ADD family (int8 or uint8) behind the
// optimized ADD, with exactly the reference arithmetic (QUANTIZATION.md §2.4):
//   scaled_a = MultiplyByQuantizedMultiplier((a + a_offset) << left_shift, a_multiplier)
//   scaled_b = the same for b
//   out = clamp(MultiplyByQuantizedMultiplier(scaled_a + scaled_b, output_multiplier) + zp_out)
// The reference keeps every value in int32 (|a + offset| <= 510, so the shift
// by 20 cannot overflow), which the SIMD variants do lane by lane.
#ifndef BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_Q8_VADD_H_
#define BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_Q8_VADD_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

struct Q8VaddParams {
  bool uint8 = false;  // values are uint8 (else int8)
  int32_t a_offset = 0, b_offset = 0;  // -zp of each input
  int32_t left_shift = 0;              // 20 for 8-bit types
  QuantizedMultiplier a_multiplier, b_multiplier, output_multiplier;
  int32_t output_zero_point = 0;
  int32_t output_min = 0, output_max = 0;  // the fused activation's clamp
};

// out[i] = a[i] + b[i] (quantized) for i < count; `b_broadcast`: b[0] for
// every i instead (a scalar operand).
using Q8VaddFn = void (*)(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                          uint8_t* out, const Q8VaddParams& params);

struct Q8VaddVariant {
  const char* name;
  Isa isa;
  int32_t tile;  // elements per step
  Q8VaddFn fn;
};

const UkernelTable<Q8VaddVariant>& Q8VaddTable();

void q8_vadd_1x__scalar(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                        uint8_t* out, const Q8VaddParams& params);
void q8_vadd_8x__avx2(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                      uint8_t* out, const Q8VaddParams& params);
void q8_vadd_16x__avx512(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                         uint8_t* out, const Q8VaddParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_Q8_VADD_H_
