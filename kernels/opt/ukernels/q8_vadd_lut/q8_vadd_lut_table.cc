// q8_vadd_lut's variants, best first; the scalar one last.
#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"

#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

const Q8VaddLutVariant kVariants[] = {
#if BRASA_X86_UKERNELS
    {"q8_vadd_lut_64x__avx512vbmi", Isa::kAvx512, true, 64, q8_vadd_lut_64x__avx512vbmi},
#endif
    {"q8_vadd_lut_1x__scalar", Isa::kScalar, false, 1, q8_vadd_lut_1x__scalar},
};

}  // namespace

const UkernelTable<Q8VaddLutVariant>& Q8VaddLutTable() {
  static const UkernelTable<Q8VaddLutVariant> table = {
      kVariants, sizeof(kVariants) / sizeof(kVariants[0])};
  return table;
}

const Q8VaddLutVariant* SelectQ8VaddLut(Isa usable) {
  const UkernelTable<Q8VaddLutVariant>& table = Q8VaddLutTable();
  for (size_t i = 0; i + 1 < table.count; ++i) {
    const Q8VaddLutVariant& variant = table.variants[i];
    if (variant.vbmi && !internal::HasAvx512Vbmi()) continue;
    if (internal::IsaAllows(usable, variant.isa)) return &variant;
  }
  return nullptr;
}

}  // namespace brasa
