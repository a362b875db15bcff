// Helpers for kernel benches: report arithmetic throughput and how close it
// gets to this core's measured peak (bench/peak/peak.h).
//
//   void BM_MyKernel(benchmark::State& state) {
//     ... set up ...
//     const brasa::bench::LoopStart start = brasa::bench::StartLoop();
//     for (auto _ : state) { ... one call ... }
//     brasa::bench::ReportThroughput(state, start, 2.0 * macs, brasa::bench::Arithmetic::kInt8);
//   }
//   BENCHMARK(BM_MyKernel)->UseRealTime();
//
// adds two counters, over the wall time of the whole loop (with a thread
// pool, the main thread's CPU time says nothing; UseRealTime() makes the
// reported time per iteration wall time too):
//   GOPS      ops per second / 1e9 (an op is a multiply or an add: 2 per MAC)
//   pct_peak  100 * GOPS / (threads * the best measured peak for the data type);
//             absent when this CPU has no probe for the data type
#ifndef BRASA_BENCH_KERNEL_BENCH_H_
#define BRASA_BENCH_KERNEL_BENCH_H_

#include <benchmark/benchmark.h>

#include <chrono>

#include "bench/peak/peak.h"

namespace brasa {
namespace bench {

enum class Arithmetic { kFloat32, kInt8 };

// Giga-ops per second the measured peak allows one thread, or 0 if unknown.
inline double PeakGigaOps(Arithmetic arithmetic) {
  const Peaks& peaks = MeasuredPeaks();
  return arithmetic == Arithmetic::kInt8 ? peaks.int8_gops : peaks.f32_gflops;
}

using LoopStart = std::chrono::steady_clock::time_point;
inline LoopStart StartLoop() { return std::chrono::steady_clock::now(); }

inline void ReportThroughput(benchmark::State& state, LoopStart start, double ops_per_iteration,
                             Arithmetic arithmetic, int threads = 1) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (state.iterations() == 0 || seconds <= 0) return;
  const double gops = ops_per_iteration * static_cast<double>(state.iterations()) / seconds / 1e9;
  state.counters["GOPS"] = gops;
  const double peak = PeakGigaOps(arithmetic) * (threads > 0 ? threads : 1);
  if (peak > 0) state.counters["pct_peak"] = 100.0 * gops / peak;
}

}  // namespace bench
}  // namespace brasa

#endif  // BRASA_BENCH_KERNEL_BENCH_H_
