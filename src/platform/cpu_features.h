// CPU feature detection: which instruction-set level this CPU (and the OS,
// which must save the wider register state) supports. Detected once.
#ifndef BRASA_PLATFORM_CPU_FEATURES_H_
#define BRASA_PLATFORM_CPU_FEATURES_H_

#include "brasa/isa.h"

namespace brasa {
namespace internal {

// The best level the CPU and OS support; kScalar off x86-64 for now.
Isa DetectedIsa();

// The level kernels may use: the detected one, capped by `cap` and by the
// BRASA_ISA environment variable (ignored when it does not parse).
Isa UsableIsa(Isa cap);

// True when a micro-kernel written for `variant` may run where `usable` is
// the usable level: scalar always; others only within their architecture.
bool IsaAllows(Isa usable, Isa variant);

// Whether the CPU has AVX-512 VBMI (byte permutes: vpermb, vpermi2b), which
// no level includes (Skylake-X and Cascade Lake lack it; Ice Lake and AMD
// Zen 4 have it). Its variants also need the avx512 level.
bool HasAvx512Vbmi();

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_PLATFORM_CPU_FEATURES_H_
