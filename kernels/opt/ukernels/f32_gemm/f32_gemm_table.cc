// f32_gemm's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

const F32GemmVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_gemm_12x32__avx512", Isa::kAvx512, 12, 32, f32_gemm_12x32__avx512},
    {"f32_gemm_6x16__avx2", Isa::kAvx2, 6, 16, f32_gemm_6x16__avx2},
#endif
    {"f32_gemm_4x4__scalar", Isa::kScalar, 4, 4, f32_gemm_4x4__scalar},
};

}  // namespace

const UkernelTable<F32GemmVariant>& F32GemmTable() {
  static const UkernelTable<F32GemmVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
