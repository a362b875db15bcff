// Instruction-set levels brasa's optimized kernels may use.
//
// The optimized kernels pick, per op, the best micro-kernel the CPU supports.
// A level can be capped, for testing or to compare implementations, with
// InterpreterOptions::max_isa or the environment variable
// BRASA_ISA=scalar|avx2|avxvnni|avx512|avx512vnni (the lower of the two wins).
#ifndef BRASA_ISA_H_
#define BRASA_ISA_H_

#include <cstdint>

namespace brasa {

// As a cap, a level allows the ones below it. Levels of one architecture
// include the ones below them, except that AVX-VNNI (the VEX form of
// vpdpbusd, on 256-bit registers) is a separate CPU feature: AVX-512 CPUs
// before Sapphire Rapids lack it, so its micro-kernels also need the feature
// itself. Arm levels (NEON, NEON dot product) will take values 17 and up, so
// the architecture is value / 16.
enum class Isa : uint8_t {
  kScalar = 0,      // portable C++, every CPU
  kAvx2 = 1,        // x86-64: AVX2 + FMA
  kAvxVnni = 2,     // x86-64: AVX2 + FMA + AVX-VNNI (Alder Lake and later)
  kAvx512 = 3,      // x86-64: AVX-512 F, BW, DQ, VL
  kAvx512Vnni = 4,  // x86-64: AVX-512 + VNNI (vpdpbusd)
  kBest = 255,      // no cap: whatever the CPU supports
};

// "scalar", "avx2", "avxvnni", "avx512", "avx512vnni" or "best".
const char* IsaName(Isa isa);
// Parses the names IsaName returns; false for anything else.
bool ParseIsa(const char* text, Isa* isa);

}  // namespace brasa

#endif  // BRASA_ISA_H_
