// qs8_dwplane's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/qs8_dwplane/qs8_dwplane.h"

namespace brasa {
namespace {

const Qs8DwplaneVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"qs8_dwplane_16x__avx512vnni", Isa::kAvx512Vnni, qs8_dwplane_16x__avx512vnni},
    {"qs8_dwplane_16x__avx512", Isa::kAvx512, qs8_dwplane_16x__avx512},
    {"qs8_dwplane_8x__avx2", Isa::kAvx2, qs8_dwplane_8x__avx2},
#endif
    {"qs8_dwplane_1x__scalar", Isa::kScalar, qs8_dwplane_1x__scalar},
};

}  // namespace

const UkernelTable<Qs8DwplaneVariant>& Qs8DwplaneTable() {
  static const UkernelTable<Qs8DwplaneVariant> table = {kVariants,
                                                        sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

}  // namespace brasa
