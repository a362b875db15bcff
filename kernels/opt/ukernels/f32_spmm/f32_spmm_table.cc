// f32_spmm's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

#define BRASA_F32_SPMM_ROW(NAME, ISA, MR, GROUP, LANES) \
  {#NAME, ISA, MR, GROUP, LANES, NAME##_spmm, NAME##_spmv}

const F32SpmmVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    BRASA_F32_SPMM_ROW(f32_spmm_32x8__avx512, Isa::kAvx512, 32, 8, 16),
    BRASA_F32_SPMM_ROW(f32_spmm_8x8__avx2, Isa::kAvx2, 8, 8, 8),
#endif
    BRASA_F32_SPMM_ROW(f32_spmm_4x4__scalar, Isa::kScalar, 4, 4, 4),
};

#undef BRASA_F32_SPMM_ROW

}  // namespace

const UkernelTable<F32SpmmVariant>& F32SpmmTable() {
  static const UkernelTable<F32SpmmVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
