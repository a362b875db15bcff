// x8_avgpool's variants, best first; the scalar one last. The scalar one is
// the same loops at the baseline (SSE2 on x86-64, NEON on AArch64), faster
// than the reference kernel, so the op runs it where nothing wider is
// allowed (SelectUkernel, not SelectSimdUkernel).
#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"

namespace brasa {
namespace {

const X8AvgpoolVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"x8_avgpool_64c__avx512", Isa::kAvx512, x8_avgpool_s8_64c__avx512,
     x8_avgpool_u8_64c__avx512},
    {"x8_avgpool_64c__avx2", Isa::kAvx2, x8_avgpool_s8_64c__avx2, x8_avgpool_u8_64c__avx2},
#endif
    {"x8_avgpool_64c__scalar", Isa::kScalar, x8_avgpool_s8_64c__scalar,
     x8_avgpool_u8_64c__scalar},
};

}  // namespace

const UkernelTable<X8AvgpoolVariant>& X8AvgpoolTable() {
  static const UkernelTable<X8AvgpoolVariant> table = {kVariants,
                                                       sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
