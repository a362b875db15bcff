// x8_zip3's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/x8_zip3/x8_zip3.h"

namespace brasa {
namespace {

const X8Zip3Variant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"x8_zip3_16x__avx2", Isa::kAvx2, 16, x8_zip3_16x__avx2},
#endif
    {"x8_zip3_1x__scalar", Isa::kScalar, 1, x8_zip3_1x__scalar},
};

}  // namespace

const UkernelTable<X8Zip3Variant>& X8Zip3Table() {
  static const UkernelTable<X8Zip3Variant> table = {kVariants,
                                                    sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
