// f32_dconv's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_dconv/f32_dconv.h"

namespace brasa {
namespace {

const F32DconvVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_dconv_8x32__avx512", Isa::kAvx512, 32, f32_dconv_8x32__avx512},
    {"f32_dconv_4x16__avx2", Isa::kAvx2, 8, f32_dconv_4x16__avx2},
#endif
    {"f32_dconv_1x4__scalar", Isa::kScalar, 4, f32_dconv_1x4__scalar},
};

}  // namespace

const UkernelTable<F32DconvVariant>& F32DconvTable() {
  static const UkernelTable<F32DconvVariant> table = {kVariants,
                                                       sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
