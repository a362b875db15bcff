// f32_vadd's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"

namespace brasa {
namespace {

const F32VaddVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_vadd__avx512", Isa::kAvx512, f32_vadd__avx512},
    {"f32_vadd__avx2", Isa::kAvx2, f32_vadd__avx2},
#endif
    {"f32_vadd__scalar", Isa::kScalar, f32_vadd__scalar},
};

}  // namespace

const UkernelTable<F32VaddVariant>& F32VaddTable() {
  static const UkernelTable<F32VaddVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
