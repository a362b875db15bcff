// qs8_spmv's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"

namespace brasa {
namespace {

const Qs8SpmvVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"qs8_spmv_1x4__avx512vnni", Isa::kAvx512Vnni, qs8_spmv_1x4__avx512vnni},
    {"qs8_spmv_1x4__avx2", Isa::kAvx2, qs8_spmv_1x4__avx2},
#endif
    {"qs8_spmv_1x4__scalar", Isa::kScalar, qs8_spmv_1x4__scalar},
};

}  // namespace

const UkernelTable<Qs8SpmvVariant>& Qs8SpmvTable() {
  static const UkernelTable<Qs8SpmvVariant> table = {kVariants,
                                                      sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
