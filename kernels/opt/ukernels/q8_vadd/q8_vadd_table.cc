// q8_vadd's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"

namespace brasa {
namespace {

const Q8VaddVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"q8_vadd_16x__avx512", Isa::kAvx512, 16, q8_vadd_16x__avx512},
    {"q8_vadd_8x__avx2", Isa::kAvx2, 8, q8_vadd_8x__avx2},
#endif
    {"q8_vadd_1x__scalar", Isa::kScalar, 1, q8_vadd_1x__scalar},
};

}  // namespace

const UkernelTable<Q8VaddVariant>& Q8VaddTable() {
  static const UkernelTable<Q8VaddVariant> table = {kVariants,
                                                     sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
