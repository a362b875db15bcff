#include "bench/peak/peak.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "bench/peak/peak_loops.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#define BRASA_PEAK_X86 1
#endif

namespace brasa {
namespace bench {

// Where the loops' folded results go, so the compiler must do their work.
volatile double peak_sink = 0;

namespace {

#if defined(BRASA_PEAK_X86)

struct X86Features {
  bool avx2_fma = false;
  bool avx512f = false;
  bool avx512vnni = false;
  bool avxvnni = false;
};

// The register state the OS saves on context switch (XCR0): AVX needs the
// SSE and YMM bits, AVX-512 also the opmask and both ZMM halves.
uint64_t ReadXcr0() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

X86Features DetectFeatures() {
  X86Features f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
  const bool fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
  if (!osxsave || !avx) return f;
  const uint64_t xcr0 = ReadXcr0();
  const bool os_avx = (xcr0 & 0x6) == 0x6;
  const bool os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
  if (!os_avx || __get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const bool avx2 = (ebx >> 5) & 1, avx512f = (ebx >> 16) & 1, avx512vnni = (ecx >> 11) & 1;
  unsigned eax1 = 0, ebx1 = 0, ecx1 = 0, edx1 = 0;
  __cpuid_count(7, 1, eax1, ebx1, ecx1, edx1);
  const bool avxvnni = (eax1 >> 4) & 1;
  f.avx2_fma = avx2 && fma;
  f.avx512f = os_avx512 && avx512f;
  f.avx512vnni = f.avx512f && avx512vnni;
  f.avxvnni = f.avx2_fma && avxvnni;
  return f;
}

const X86Features& Features() {
  static const X86Features features = DetectFeatures();
  return features;
}

// Which loops the build compiled (CMake checks the compiler's ISA flags).
struct BuiltLoops {
  bool f32_avx2, f32_avx512, i8_avxvnni, i8_avx512vnni;
};
constexpr BuiltLoops kBuilt = {
#if defined(BRASA_PEAK_HAS_F32FMA_AVX2)
    true,
#else
    false,
#endif
#if defined(BRASA_PEAK_HAS_F32FMA_AVX512)
    true,
#else
    false,
#endif
#if defined(BRASA_PEAK_HAS_I8DOT_AVXVNNI)
    true,
#else
    false,
#endif
#if defined(BRASA_PEAK_HAS_I8DOT_AVX512VNNI)
    true,
#else
    false,
#endif
};

#endif  // BRASA_PEAK_X86

// Runs the kind's loop once; returns the operations done.
double RunLoop(PeakKind kind, int64_t iterations) {
  double ops = 0;
#if defined(BRASA_PEAK_X86)
  switch (kind) {
#if defined(BRASA_PEAK_HAS_F32FMA_AVX2)
    case PeakKind::kF32FmaAvx2:
      peak_sink = F32FmaLoopAvx2(iterations, 0.001f, &ops);
      break;
#endif
#if defined(BRASA_PEAK_HAS_F32FMA_AVX512)
    case PeakKind::kF32FmaAvx512:
      peak_sink = F32FmaLoopAvx512(iterations, 0.001f, &ops);
      break;
#endif
#if defined(BRASA_PEAK_HAS_I8DOT_AVXVNNI)
    case PeakKind::kI8DotAvxVnni:
      peak_sink = I8DotLoopAvxVnni(iterations, 0x01020304, &ops);
      break;
#endif
#if defined(BRASA_PEAK_HAS_I8DOT_AVX512VNNI)
    case PeakKind::kI8DotAvx512Vnni:
      peak_sink = I8DotLoopAvx512Vnni(iterations, 0x01020304, &ops);
      break;
#endif
    default:
      break;
  }
#else
  (void)kind;
  (void)iterations;
#endif
  return ops;
}

}  // namespace

const char* PeakKindName(PeakKind kind) {
  switch (kind) {
    case PeakKind::kF32FmaAvx2: return "f32 FMA AVX2 (ymm)";
    case PeakKind::kF32FmaAvx512: return "f32 FMA AVX-512 (zmm)";
    case PeakKind::kI8DotAvxVnni: return "int8 dot AVX-VNNI (ymm vpdpbusd)";
    case PeakKind::kI8DotAvx512Vnni: return "int8 dot AVX512-VNNI (zmm vpdpbusd)";
  }
  return "?";
}

bool PeakKindIsInt8(PeakKind kind) {
  return kind == PeakKind::kI8DotAvxVnni || kind == PeakKind::kI8DotAvx512Vnni;
}

const char* PeakKindUnit(PeakKind kind) { return PeakKindIsInt8(kind) ? "GOP/s" : "GFLOP/s"; }

bool PeakSupported(PeakKind kind) {
#if defined(BRASA_PEAK_X86)
  // Supported = the compiler built the loop and the CPU and OS can run it.
  const X86Features& f = Features();
  switch (kind) {
    case PeakKind::kF32FmaAvx2: return kBuilt.f32_avx2 && f.avx2_fma;
    case PeakKind::kF32FmaAvx512: return kBuilt.f32_avx512 && f.avx512f;
    case PeakKind::kI8DotAvxVnni: return kBuilt.i8_avxvnni && f.avxvnni;
    case PeakKind::kI8DotAvx512Vnni: return kBuilt.i8_avx512vnni && f.avx512vnni;
  }
#else
  (void)kind;
#endif
  return false;
}

double MeasurePeak(PeakKind kind, double min_seconds) {
  if (!PeakSupported(kind)) return 0;
  using Clock = std::chrono::steady_clock;
  // Grow the loop until one run takes min_seconds (this also lets the core
  // settle into the frequency it runs these instructions at), then keep the
  // best of a few runs.
  int64_t iterations = 1 << 12;
  double best = 0;
  for (int repetitions = 0; repetitions < 5;) {
    const Clock::time_point start = Clock::now();
    const double ops = RunLoop(kind, iterations);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (seconds < min_seconds) {
      iterations *= 2;
      continue;
    }
    best = std::max(best, ops / seconds / 1e9);
    ++repetitions;
  }
  return best;
}

const Peaks& MeasuredPeaks() {
  static const Peaks peaks = [] {
    Peaks p;
    for (PeakKind kind : {PeakKind::kF32FmaAvx2, PeakKind::kF32FmaAvx512,
                          PeakKind::kI8DotAvxVnni, PeakKind::kI8DotAvx512Vnni}) {
      if (!PeakSupported(kind)) continue;
      double& best = PeakKindIsInt8(kind) ? p.int8_gops : p.f32_gflops;
      best = std::max(best, MeasurePeak(kind));
    }
    return p;
  }();
  return peaks;
}

}  // namespace bench
}  // namespace brasa
