// f32_vadd: the float32 ADD of two operands of the same shape, with the
// reference kernel's arithmetic: out[i] = min(max(a[i] + b[i], low), high)
// (ApplyFloatRange: one rounded add, then the fused activation's clamp).
// Every variant gives the reference's bits, NaNs and signed zeros included:
// the SIMD ones take max(low, x) and min(high, x), whose operand order
// returns x wherever std::max(x, low) and std::min(x, high) do.
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_VADD_F32_VADD_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_VADD_F32_VADD_H_

#include <cstddef>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// out[i] for i < count (out may be a or b).
using F32VaddFn = void (*)(size_t count, const float* a, const float* b, float* out, float low,
                           float high);

struct F32VaddVariant {
  const char* name;
  Isa isa;
  F32VaddFn fn;
};

const UkernelTable<F32VaddVariant>& F32VaddTable();

void f32_vadd__scalar(size_t count, const float* a, const float* b, float* out, float low,
                      float high);
void f32_vadd__avx2(size_t count, const float* a, const float* b, float* out, float low,
                    float high);
void f32_vadd__avx512(size_t count, const float* a, const float* b, float* out, float low,
                      float high);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_VADD_F32_VADD_H_
