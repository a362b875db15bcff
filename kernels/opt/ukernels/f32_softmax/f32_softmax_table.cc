// f32_softmax's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"

namespace brasa {
namespace {

const F32SoftmaxVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_softmax__avx512", Isa::kAvx512, f32_softmax__avx512},
    {"f32_softmax__avx2", Isa::kAvx2, f32_softmax__avx2},
#endif
    {"f32_softmax__scalar", Isa::kScalar, f32_softmax__scalar},
};

}  // namespace

const UkernelTable<F32SoftmaxVariant>& F32SoftmaxTable() {
  static const UkernelTable<F32SoftmaxVariant> table = {kVariants,
                                                         sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
