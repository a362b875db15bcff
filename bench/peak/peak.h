// One core's peak arithmetic throughput, measured, so kernel benches can say
// how close they get ("% of peak"). x86-64 only; elsewhere every kind reports
// unsupported.
//
// Each kind is a loop of independent multiply-accumulate instructions (enough
// accumulators to hide their latency) in its own file, compiled with that
// ISA's flags; a kind runs only after CPUID (and XGETBV, for the OS's
// register state) says the CPU supports it.
#ifndef BRASA_BENCH_PEAK_PEAK_H_
#define BRASA_BENCH_PEAK_PEAK_H_

namespace brasa {
namespace bench {

enum class PeakKind {
  kF32FmaAvx2,        // vfmadd231ps ymm: 16 FLOP each
  kF32FmaAvx512,      // vfmadd231ps zmm: 32 FLOP each
  kI8DotAvxVnni,      // vpdpbusd ymm (AVX-VNNI): 64 OP (32 u8*s8 MACs) each
  kI8DotAvx512Vnni,   // vpdpbusd zmm (AVX512-VNNI): 128 OP each
};
constexpr int kNumPeakKinds = 4;

// "f32 FMA AVX2", ...; and the unit, "GFLOP/s" or "GOP/s".
const char* PeakKindName(PeakKind kind);
const char* PeakKindUnit(PeakKind kind);
bool PeakKindIsInt8(PeakKind kind);

// Whether this CPU and OS can run the kind's instructions.
bool PeakSupported(PeakKind kind);

// Giga-operations per second on the calling thread (an operation is a
// multiply or an add: 2 per MAC), the best of a few timed repetitions of at
// least `min_seconds` each. 0 when unsupported.
double MeasurePeak(PeakKind kind, double min_seconds = 0.02);

// The best supported peak per data type, measured on first call and cached:
// what "% of peak" means in the kernel benches. 0 when no kind is supported.
struct Peaks {
  double f32_gflops = 0;
  double int8_gops = 0;
};
const Peaks& MeasuredPeaks();

}  // namespace bench
}  // namespace brasa

#endif  // BRASA_BENCH_PEAK_PEAK_H_
