// f32_dwconv's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_dwconv/f32_dwconv.h"

namespace brasa {
namespace {

const F32DwconvVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_dwconv_16c__avx512", Isa::kAvx512, 16, f32_dwconv_16c__avx512},
    {"f32_dwconv_8c__avx2", Isa::kAvx2, 8, f32_dwconv_8c__avx2},
#endif
    {"f32_dwconv_4c__scalar", Isa::kScalar, 4, f32_dwconv_4c__scalar},
};

}  // namespace

const UkernelTable<F32DwconvVariant>& F32DwconvTable() {
  static const UkernelTable<F32DwconvVariant> table = {kVariants,
                                                        sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
