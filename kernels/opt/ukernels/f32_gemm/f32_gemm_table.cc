// f32_gemm's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

const F32GemmVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"f32_gemm_24x16__avx512", Isa::kAvx512, 24, 16, f32_gemm_24x16__avx512, 16},
    // Depth <= 32 (the 112x112 and 56x56 expansions): 6-row tiles measured
    // 4-6% faster than 12-row ones of the same body (depths 16, 24, 32);
    // from depth 64 on, equal or slower.
    {"f32_gemm_12x32__avx512", Isa::kAvx512, 12, 32, f32_gemm_12x32__avx512, 0, 6, 32},
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

const F32GemmVariant* SelectF32Gemm(Isa usable, int32_t columns) {
  const UkernelTable<F32GemmVariant>& table = F32GemmTable();
  for (size_t i = 0; i + 1 < table.count; ++i) {
    const F32GemmVariant& variant = table.variants[i];
    if (variant.max_columns != 0 && columns > variant.max_columns) continue;
    if (internal::IsaAllows(usable, variant.isa)) return &variant;
  }
  return nullptr;
}

}  // namespace brasa
