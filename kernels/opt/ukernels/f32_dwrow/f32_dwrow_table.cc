// f32_dwrow's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_dwrow/f32_dwrow.h"

namespace brasa {
namespace {

const F32DwrowVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_dwrow_16c__avx512", Isa::kAvx512, 16, f32_dwrow_16c__avx512,
     f32_dwrow_copy_16c__avx512},
    {"f32_dwrow_8c__avx2", Isa::kAvx2, 8, f32_dwrow_8c__avx2, f32_dwrow_copy_8c__avx2},
#endif
    {"f32_dwrow_4c__scalar", Isa::kScalar, 4, f32_dwrow_4c__scalar, f32_dwrow_copy_4c__scalar},
};

}  // namespace

const UkernelTable<F32DwrowVariant>& F32DwrowTable() {
  static const UkernelTable<F32DwrowVariant> table = {kVariants,
                                                       sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
