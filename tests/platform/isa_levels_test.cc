// Instruction-set levels: names, caps, and AVX-VNNI, the one x86 feature that
// is not implied by the levels above it.
#include <gtest/gtest.h>

#include "brasa/isa.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

TEST(IsaLevelsTest, EveryLevelNameParsesBack) {
  for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni,
                  Isa::kBest}) {
    Isa parsed = Isa::kScalar;
    ASSERT_TRUE(ParseIsa(IsaName(isa), &parsed)) << IsaName(isa);
    EXPECT_EQ(parsed, isa);
  }
  Isa unchanged = Isa::kAvx2;
  EXPECT_FALSE(ParseIsa("avx-vnni", &unchanged));
  EXPECT_EQ(unchanged, Isa::kAvx2);
}

TEST(IsaLevelsTest, ACapAllowsOnlyTheLevelsBelowIt) {
  EXPECT_TRUE(internal::IsaAllows(Isa::kAvx2, Isa::kScalar));
  EXPECT_TRUE(internal::IsaAllows(Isa::kAvx2, Isa::kAvx2));
  EXPECT_FALSE(internal::IsaAllows(Isa::kAvx2, Isa::kAvxVnni));
  EXPECT_FALSE(internal::IsaAllows(Isa::kAvxVnni, Isa::kAvx512));
  EXPECT_FALSE(internal::IsaAllows(Isa::kAvx512, Isa::kAvx512Vnni));
  EXPECT_TRUE(internal::IsaAllows(Isa::kAvx512Vnni, Isa::kAvx512));
}

// AVX-512 CPUs before Sapphire Rapids have no AVX-VNNI: a level at or above
// it allows its micro-kernels only where the CPU has the feature, which the
// detected level says for CPUs without AVX-512 (Alder Lake: kAvxVnni).
TEST(IsaLevelsTest, AvxVnniKernelsNeedTheFeatureNotJustTheLevel) {
  const Isa detected = internal::DetectedIsa();
  const bool allowed = internal::IsaAllows(Isa::kAvx512Vnni, Isa::kAvxVnni);
  if (detected == Isa::kAvxVnni) {
    EXPECT_TRUE(allowed);
  }
  if (detected < Isa::kAvxVnni) {
    EXPECT_FALSE(allowed);
  }
  // The same answer under every cap at or above the level.
  EXPECT_EQ(internal::IsaAllows(Isa::kAvxVnni, Isa::kAvxVnni), allowed);
  EXPECT_EQ(internal::IsaAllows(Isa::kAvx512, Isa::kAvxVnni), allowed);
}

}  // namespace
}  // namespace brasa
