// qs8_dconv's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace {

const Qs8DconvVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"qs8_dconv_8x32c4__avx512vnni", Isa::kAvx512Vnni, 16, false, qs8_dconv_8x32c4__avx512vnni},
    {"qs8_dconv_10x32c2__avx512", Isa::kAvx512, 16, true, qs8_dconv_10x32c2__avx512},
    {"qs8_dconv_6x16c2__avxvnni", Isa::kAvxVnni, 8, true, qs8_dconv_6x16c2__avxvnni},
    {"qs8_dconv_6x16c2__avx2", Isa::kAvx2, 8, true, qs8_dconv_6x16c2__avx2},
#endif
    {"qs8_dconv_1x4c4__scalar", Isa::kScalar, 4, false, qs8_dconv_1x4c4__scalar},
};

}  // namespace

const UkernelTable<Qs8DconvVariant>& Qs8DconvTable() {
  static const UkernelTable<Qs8DconvVariant> table = {kVariants,
                                                       sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
