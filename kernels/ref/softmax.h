// The SOFTMAX reference kernel's op data and 8-bit arithmetic, for the
// optimized SOFTMAX (kernels/opt/softmax.cc): its Prepare is the reference
// one, and it computes every output with the functions below, so both
// kernels give the same bytes by construction.
#ifndef BRASA_KERNELS_REF_SOFTMAX_H_
#define BRASA_KERNELS_REF_SOFTMAX_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

struct SoftmaxOpData {
  float beta = 1.0f;
  // 8-bit inputs: beta * s_in as a multiplier > 1, and the smallest
  // difference from the row maximum that still contributes.
  QuantizedMultiplier input_beta;
  int32_t diff_min = 0;
  // ExpOfDifference(-i) for every 8-bit difference i = 0..255, computed once
  // (entries below diff_min are never read): the same values per element.
  // Persistent memory of the input type's tables only (a microcontroller
  // keeps 1 KB for int8, not 3 KB), and only for inputs of at least
  // kExpTableMinElements: a smaller one (micro_speech's 4 classes) computes
  // its two exps per element directly, in fewer steps than filling the table.
  int32_t* exp_of_difference = nullptr;  // [256], or null
  // int16: input rescale onto the exp table's [-10, 0] range, and the tables.
  QuantizedMultiplier input_int16;
  int16_t* exp_lut = nullptr;         // [kInt16LutSize]
  int16_t* reciprocal_lut = nullptr;  // [kInt16LutSize]
};

// The reference phases (every type): Prepare allocates the SoftmaxOpData.
Status PrepareSoftmaxReference(KernelContext& context);
Status EvalSoftmaxReference(KernelContext& context);

// 8-bit inputs (QUANTIZATION.md §2.7), for a difference `diff` <= 0 of an
// element from its row's maximum:
// - the element's term of the row's sum of exps (Q12.19; 0 below diff_min);
//   the sum adds the terms with int32 wrap-around, as LiteRT does;
int32_t SoftmaxSumTerm(const SoftmaxOpData& data, int32_t diff);
// - the row's scale from that sum, for outputs of `output_bits` bits;
struct SoftmaxRowScale {
  int32_t reciprocal = 0;
  int exponent = 0;
};
SoftmaxRowScale SoftmaxRowScaleOf(int32_t sum_of_exps, int output_bits);
// - the output value, in [out_min, out_max] (out_min below diff_min).
int32_t SoftmaxOutput(const SoftmaxOpData& data, const SoftmaxRowScale& scale, int32_t diff,
                      int32_t out_min, int32_t out_max);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_SOFTMAX_H_
