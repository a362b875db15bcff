// The probe loop the per-ISA files share. `Isa` supplies a vector type and
// its instructions; each file instantiates this with its own compile flags,
// so include it only from those files (their Isa structs have internal
// linkage, so the instantiations never mix).
//
// Isa::Vector, Isa::Scalar, Isa::kLanes, Isa::kAccumulators,
// Isa::kOpsPerInstruction, Isa::Multiplier(seed), Isa::Addend(seed),
// Isa::Start(seed, a) (distinct per accumulator, so the compiler cannot merge
// them), Isa::Mac(acc, m1, m2) (the measured instruction), Isa::Add(a, b),
// Isa::Store(Scalar* lanes, vector).
#ifndef BRASA_BENCH_PEAK_MAC_LOOP_H_
#define BRASA_BENCH_PEAK_MAC_LOOP_H_

#include <cstdint>
#include <type_traits>

namespace brasa {
namespace bench {

template <typename Isa>
typename Isa::Scalar RunMacLoop(int64_t iterations, typename Isa::Scalar seed, double* ops) {
  constexpr int kAccumulators = Isa::kAccumulators;
  const typename Isa::Vector m1 = Isa::Multiplier(seed), m2 = Isa::Addend(seed);
  typename Isa::Vector acc[kAccumulators];
  // Fully unrolled, so the accumulators live in registers (check with
  // objdump when changing this: one Mac instruction per accumulator).
#pragma GCC unroll 16
  for (int a = 0; a < kAccumulators; ++a) acc[a] = Isa::Start(seed, a);
  for (int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int a = 0; a < kAccumulators; ++a) acc[a] = Isa::Mac(acc[a], m1, m2);
  }
  *ops = static_cast<double>(iterations) * kAccumulators * Isa::kOpsPerInstruction;
#pragma GCC unroll 16
  for (int a = 1; a < kAccumulators; ++a) acc[0] = Isa::Add(acc[0], acc[a]);
  typename Isa::Scalar lanes[Isa::kLanes];
  Isa::Store(lanes, acc[0]);
  if constexpr (std::is_integral<typename Isa::Scalar>::value) {
    uint32_t sum = 0;  // wraps, like the lanes
    for (auto lane : lanes) sum += static_cast<uint32_t>(lane);
    return static_cast<typename Isa::Scalar>(sum);
  } else {
    typename Isa::Scalar sum = 0;
    for (auto lane : lanes) sum += lane;
    return sum;
  }
}

}  // namespace bench
}  // namespace brasa

#endif  // BRASA_BENCH_PEAK_MAC_LOOP_H_
