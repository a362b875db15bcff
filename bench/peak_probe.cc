// brasa_peak_probe: one core's measured peak FP32 FMA and int8 dot-product
// throughput, for each ISA this CPU supports. Kernel benches report their
// throughput as a share of the best of these ("pct_peak").
//
//   ./build/brasa_peak_probe [--seconds 0.05]
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench/peak/peak.h"

int main(int argc, char** argv) {
  using namespace brasa::bench;
  double seconds = 0.02;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--seconds S]  (S: minimum time per timed run)\n", argv[0]);
      return 2;
    }
  }
  if (!(seconds > 0 && seconds < 10)) {
    std::fprintf(stderr, "--seconds must be in (0, 10)\n");
    return 2;
  }
  std::printf("one core, best of 5 runs of at least %.3f s each\n", seconds);
  for (int k = 0; k < kNumPeakKinds; ++k) {
    const PeakKind kind = static_cast<PeakKind>(k);
    if (!PeakSupported(kind)) {
      std::printf("%-38s not supported by this CPU\n", PeakKindName(kind));
      continue;
    }
    std::printf("%-38s %9.1f %s\n", PeakKindName(kind), MeasurePeak(kind, seconds),
                PeakKindUnit(kind));
  }
  return 0;
}
