// qs8_gemm's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"

namespace brasa {
namespace {

const Qs8GemmVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"qs8_gemm_8x48c4__avx512vnni", Isa::kAvx512Vnni, 8, 16, qs8_gemm_8x48c4__avx512vnni,
     true},
    {"qs8_gemm_8x16c4__avx512", Isa::kAvx512, 8, 16, qs8_gemm_8x16c4__avx512},
    {"qs8_gemm_6x16c4__avxvnni", Isa::kAvxVnni, 6, 16, qs8_gemm_6x16c4__avxvnni},
    {"qs8_gemm_6x8c4__avx2", Isa::kAvx2, 6, 8, qs8_gemm_6x8c4__avx2},
#endif
    {"qs8_gemm_2x4c4__scalar", Isa::kScalar, 2, 4, qs8_gemm_2x4c4__scalar},
};

}  // namespace

const UkernelTable<Qs8GemmVariant>& Qs8GemmTable() {
  static const UkernelTable<Qs8GemmVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
