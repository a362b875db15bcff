// f32_softmax: one row of a float32 SOFTMAX,
//   out[i] = exp(beta * (in[i] - max)) / sum over j of exp(beta * (in[j] - max)),
// max the row's largest element: the reference kernel's formula and order
// of operations (kernels/ref/softmax.cc), for beta > 0. The SIMD variants
// evaluate exp with a polynomial of their own (common/f32_softmax_simd.h,
// within about one float rounding of the exact value) and sum in vector
// lanes, so they differ from the reference by a few units in the last
// place: far inside float32's 1e-5. The scalar variant is the reference's
// loop (std::exp), the family's oracle.
#ifndef BRASA_KERNELS_OPT_UKERNELS_F32_SOFTMAX_F32_SOFTMAX_H_
#define BRASA_KERNELS_OPT_UKERNELS_F32_SOFTMAX_F32_SOFTMAX_H_

#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

// `depth` >= 1 elements of `in` to `out` (the two may not overlap).
using F32SoftmaxFn = void (*)(const float* in, float* out, int32_t depth, float beta);

struct F32SoftmaxVariant {
  const char* name;
  Isa isa;
  F32SoftmaxFn fn;
};

const UkernelTable<F32SoftmaxVariant>& F32SoftmaxTable();

void f32_softmax__scalar(const float* in, float* out, int32_t depth, float beta);
void f32_softmax__avx2(const float* in, float* out, int32_t depth, float beta);
void f32_softmax__avx512(const float* in, float* out, int32_t depth, float beta);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_F32_SOFTMAX_F32_SOFTMAX_H_
