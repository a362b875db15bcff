// f32_spmm's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

#define BRASA_F32_SPMM_ROW(NAME, ISA, MR, LANES) \
  {#NAME, ISA, MR, LANES, NAME##_spmm, NAME##_spmv}

const F32SpmmVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    BRASA_F32_SPMM_ROW(f32_spmm_64__avx512, Isa::kAvx512, 64, 16),
    BRASA_F32_SPMM_ROW(f32_spmm_64__avx2, Isa::kAvx2, 64, 8),
#endif
    BRASA_F32_SPMM_ROW(f32_spmm_8__scalar, Isa::kScalar, 8, 4),
};

#undef BRASA_F32_SPMM_ROW

}  // namespace

const UkernelTable<F32SpmmVariant>& F32SpmmTable() {
  static const UkernelTable<F32SpmmVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
