// The per-ISA probe loops, each defined in its own file with its own compile
// flags. Call one only when PeakSupported says so. Each runs `iterations`
// rounds of independent multiply-accumulates, folds the accumulators into
// the return value (so the compiler must keep the work), and reports the
// operations it did in `*ops`.
#ifndef BRASA_BENCH_PEAK_PEAK_LOOPS_H_
#define BRASA_BENCH_PEAK_PEAK_LOOPS_H_

#include <cstdint>

namespace brasa {
namespace bench {

float F32FmaLoopAvx2(int64_t iterations, float seed, double* ops);
float F32FmaLoopAvx512(int64_t iterations, float seed, double* ops);
int32_t I8DotLoopAvxVnni(int64_t iterations, int32_t seed, double* ops);
int32_t I8DotLoopAvx512Vnni(int64_t iterations, int32_t seed, double* ops);

}  // namespace bench
}  // namespace brasa

#endif  // BRASA_BENCH_PEAK_PEAK_LOOPS_H_
