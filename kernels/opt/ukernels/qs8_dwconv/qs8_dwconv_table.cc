// qs8_dwconv's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"

namespace brasa {
namespace {

const Qs8DwconvVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"qs8_dwconv_16c__avx512vnni", Isa::kAvx512Vnni, 16, qs8_dwconv_16c__avx512vnni,
     qs8_dwconv_row3_16c__avx512vnni},
    {"qs8_dwconv_16c__avx512", Isa::kAvx512, 16, qs8_dwconv_16c__avx512,
     qs8_dwconv_row3_16c__avx512},
    // AVX-VNNI: the AVX2 indirection form, the row form with vpdpwssd.
    {"qs8_dwconv_8c__avxvnni", Isa::kAvxVnni, 8, qs8_dwconv_8c__avx2,
     qs8_dwconv_row3_8c__avxvnni},
    {"qs8_dwconv_8c__avx2", Isa::kAvx2, 8, qs8_dwconv_8c__avx2, qs8_dwconv_row3_8c__avx2},
#endif
    {"qs8_dwconv_4c__scalar", Isa::kScalar, 4, qs8_dwconv_4c__scalar,
     qs8_dwconv_row3_4c__scalar},
};

}  // namespace

const UkernelTable<Qs8DwconvVariant>& Qs8DwconvTable() {
  static const UkernelTable<Qs8DwconvVariant> table = {kVariants,
                                                        sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
