// The body of f32_vadd's SIMD variants (f32_vadd__avx512.cc,
// f32_vadd__avx2.cc), written once over a `Lanes` policy that the including
// file defines with its own ISA's intrinsics:
//   V, kLanes, Load(p), Store(p, v), Set1(x), Add, Max, Min (each returning
//   its second operand where either is NaN, as x86's max and min do),
//   Tail(count, a, b, out, low, high) for the last count < kLanes elements.
// (common/f32_lanes_avx512.h and f32_lanes_avx2.h hold all but Tail.)
// Four vectors per step, then single vectors, then the tail.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_VADD_SIMD_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_VADD_SIMD_H_

#include <cstddef>

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

template <typename L>
void Vadd(size_t count, const float* a, const float* b, float* out, float low, float high) {
  using V = typename L::V;
  constexpr size_t kN = L::kLanes;
  const V lo = L::Set1(low), hi = L::Set1(high);
  // min(high, max(low, x)): x wherever the reference's std::min(std::max(x,
  // low), high) gives x, NaN included.
  auto add = [&](size_t i) {
    return L::Min(hi, L::Max(lo, L::Add(L::Load(a + i), L::Load(b + i))));
  };
  size_t i = 0;
  for (; i + 4 * kN <= count; i += 4 * kN) {
    const V s0 = add(i), s1 = add(i + kN), s2 = add(i + 2 * kN), s3 = add(i + 3 * kN);
    L::Store(out + i, s0);
    L::Store(out + i + kN, s1);
    L::Store(out + i + 2 * kN, s2);
    L::Store(out + i + 3 * kN, s3);
  }
  for (; i + kN <= count; i += kN) L::Store(out + i, add(i));
  if (i < count) L::Tail(count - i, a + i, b + i, out + i, low, high);
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_VADD_SIMD_H_
