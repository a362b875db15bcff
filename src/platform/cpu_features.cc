#include "src/platform/cpu_features.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define BRASA_DETECT_X86 1
#endif

namespace brasa {
namespace {

constexpr int Architecture(Isa isa) { return static_cast<int>(isa) / 16; }

// What detection found: a level, and AVX-VNNI and AVX-512 VBMI, which are
// not part of a level.
struct CpuFeatures {
  Isa level = Isa::kScalar;  // the best level whose features are all present
  bool avx_vnni = false;
  bool avx512_vbmi = false;  // with the avx512 level only
};

#if defined(BRASA_DETECT_X86)
// XCR0 through xgetbv (written as bytes-free inline asm: the intrinsic needs
// -mxsave, which the portable part of the build does not get).
uint64_t ReadXcr0() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (uint64_t{edx} << 32) | eax;
}

CpuFeatures DetectX86() {
  CpuFeatures features;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return features;
  const bool fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
  if (!osxsave || !avx || !fma) return features;
  const uint64_t xcr0 = ReadXcr0();
  if ((xcr0 & 0x6) != 0x6) return features;  // XMM and YMM state
  if (__get_cpuid_max(0, nullptr) < 7) return features;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const bool avx2 = (ebx >> 5) & 1;
  if (!avx2) return features;
  const bool avx512f = (ebx >> 16) & 1, avx512dq = (ebx >> 17) & 1;
  const bool avx512bw = (ebx >> 30) & 1, avx512vl = (ebx >> 31) & 1;
  const bool avx512_vnni = (ecx >> 11) & 1;
  const unsigned leaf0_ecx = ecx;
  unsigned leaf1_eax = 0, unused = 0;
  __cpuid_count(7, 1, leaf1_eax, unused, unused, unused);
  features.avx_vnni = (leaf1_eax >> 4) & 1;
  const bool avx512_state = (xcr0 & 0xE6) == 0xE6;  // opmask, ZMM upper halves, ZMM16-31
  if (!(avx512f && avx512dq && avx512bw && avx512vl && avx512_state)) {
    features.level = features.avx_vnni ? Isa::kAvxVnni : Isa::kAvx2;
  } else {
    features.level = avx512_vnni ? Isa::kAvx512Vnni : Isa::kAvx512;
    features.avx512_vbmi = (leaf0_ecx >> 1) & 1;
  }
  return features;
}
#endif

CpuFeatures Detect() {
#if defined(BRASA_DETECT_X86)
  return DetectX86();
#else
  return CpuFeatures();
#endif
}

const CpuFeatures& Detected() {
  static const CpuFeatures detected = Detect();
  return detected;
}

}  // namespace

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvxVnni: return "avxvnni";
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx512Vnni: return "avx512vnni";
    case Isa::kBest: return "best";
  }
  return "unknown";
}

bool ParseIsa(const char* text, Isa* isa) {
  if (text == nullptr) return false;
  for (Isa candidate :
       {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni, Isa::kBest}) {
    if (std::strcmp(text, IsaName(candidate)) == 0) {
      *isa = candidate;
      return true;
    }
  }
  return false;
}

namespace internal {

Isa DetectedIsa() { return Detected().level; }

Isa UsableIsa(Isa cap) {
  Isa usable = DetectedIsa();
  Isa environment = Isa::kBest;
  if (ParseIsa(std::getenv("BRASA_ISA"), &environment) && environment < usable) {
    usable = environment;
  }
  return cap < usable ? cap : usable;
}

bool IsaAllows(Isa usable, Isa variant) {
  if (variant == Isa::kScalar) return true;
  if (variant == Isa::kAvxVnni && !Detected().avx_vnni) return false;
  return Architecture(variant) == Architecture(usable) && variant <= usable;
}

bool HasAvx512Vbmi() { return Detected().avx512_vbmi; }

}  // namespace internal
}  // namespace brasa
