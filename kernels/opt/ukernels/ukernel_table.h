// Picking a micro-kernel from a family's table. Every family lists its
// variants best-first with the portable scalar one last; each row names the
// instruction-set level it needs (Isa) and the variant's tile sizes.
#ifndef BRASA_KERNELS_OPT_UKERNELS_UKERNEL_TABLE_H_
#define BRASA_KERNELS_OPT_UKERNELS_UKERNEL_TABLE_H_

#include <cstddef>

#include "brasa/isa.h"
#include "src/platform/cpu_features.h"

namespace brasa {

// A family's table: `variants` best-first, the last one scalar.
template <typename Variant>
struct UkernelTable {
  const Variant* variants;
  size_t count;
};

// The first variant `usable` allows (the scalar one at worst).
template <typename Variant>
const Variant& SelectUkernel(const UkernelTable<Variant>& table, Isa usable) {
  for (size_t i = 0; i + 1 < table.count; ++i) {
    if (internal::IsaAllows(usable, table.variants[i].isa)) return table.variants[i];
  }
  return table.variants[table.count - 1];
}

// The variant an optimized op runs, or nullptr when `usable` allows only the
// scalar one. Scalar variants are their family's portable oracle (every SIMD
// variant is tested against them) and keep the family complete on any CPU,
// but they are slower than the reference kernels' loops, which compilers
// vectorize for the baseline ISA: without a SIMD variant, ops run their
// reference kernel instead.
template <typename Variant>
const Variant* SelectSimdUkernel(const UkernelTable<Variant>& table, Isa usable) {
  const Variant& variant = SelectUkernel(table, usable);
  return variant.isa == Isa::kScalar ? nullptr : &variant;
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_UKERNEL_TABLE_H_
