// The body of f32_softmax's SIMD variants (f32_softmax__avx512.cc,
// f32_softmax__avx2.cc), written once over a `Lanes` policy that the
// including file defines with its own ISA's intrinsics:
//   V, kLanes, Load(p), Store(p, v), Set1(x), Add, Sub, Mul, Div,
//   Max(a, b) (b where either is NaN), Fma(a, b, c) = a * b + c,
//   RoundNearest(v), ScaleByPow2(v, n) = v * 2^n (n integral, in [-152, 0]),
//   ReduceMax(v), ReduceAdd(v).
// (common/f32_lanes_avx512.h and f32_lanes_avx2.h hold the arithmetic.)
// Three passes over the row, as the reference: its maximum; each element's
// exp, stored and summed (in kLanes partial sums); each exp divided by the
// sum. A row's last partial vector goes through a buffer padded with -inf,
// whose exps are 0.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_SOFTMAX_SIMD_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_SOFTMAX_SIMD_H_

#include <algorithm>
#include <cstdint>
#include <limits>

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

// exp(t) for t <= 0 (NaN stays NaN). t = n ln2 + r with n = round(t / ln2)
// and |r| <= ln2 / 2 (ln2 in two parts, so r is exact to about 2^-40);
// e^r = 1 + r (1 + r q(r)) with q a degree-4 polynomial fitted here to
// (e^r - 1 - r) / r^2 on that interval (relative error of the float
// evaluation below 6e-8, about one rounding); then the scaling by 2^n,
// rounded once, also into subnormals. Below t = -105, exp(t) rounds to 0 in
// float: such t are raised to -105, whose result is 0 as well.
template <typename L>
typename L::V ExpNonPositive(typename L::V t) {
  constexpr float kLog2e = 1.44269502162933349609375f;
  constexpr float kLn2Hi = 0.693147182464599609375f;      // ln 2 rounded to float
  constexpr float kLn2Lo = -1.904654323148236e-09f;      // ln 2 - kLn2Hi
  t = L::Max(L::Set1(-105.0f), t);
  const auto n = L::RoundNearest(L::Mul(t, L::Set1(kLog2e)));
  auto r = L::Fma(n, L::Set1(-kLn2Hi), t);
  r = L::Fma(n, L::Set1(-kLn2Lo), r);
  auto q = L::Set1(1.381462789e-03f);
  q = L::Fma(q, r, L::Set1(8.368710987e-03f));
  q = L::Fma(q, r, L::Set1(4.166838527e-02f));
  q = L::Fma(q, r, L::Set1(1.666652113e-01f));
  q = L::Fma(q, r, L::Set1(4.999999404e-01f));
  const auto one = L::Set1(1.0f);
  const auto e = L::Fma(L::Fma(q, r, one), r, one);
  return L::ScaleByPow2(e, n);
}

template <typename L>
void Softmax(const float* in, float* out, int32_t depth, float beta) {
  using V = typename L::V;
  constexpr int32_t kN = L::kLanes;
  const int32_t full = depth - depth % kN, rest = depth - full;
  V vmax = L::Set1(-std::numeric_limits<float>::infinity());
  for (int32_t i = 0; i < full; i += kN) vmax = L::Max(vmax, L::Load(in + i));
  float max = L::ReduceMax(vmax);
  for (int32_t i = full; i < depth; ++i) max = std::max(max, in[i]);

  const V row_max = L::Set1(max), vbeta = L::Set1(beta);
  V vsum = L::Set1(0.0f);
  for (int32_t i = 0; i < full; i += kN) {
    const V e = ExpNonPositive<L>(L::Mul(L::Sub(L::Load(in + i), row_max), vbeta));
    L::Store(out + i, e);
    vsum = L::Add(vsum, e);
  }
  alignas(64) float tail[kN];
  if (rest > 0) {
    std::fill(tail, tail + kN, -std::numeric_limits<float>::infinity());
    std::copy(in + full, in + depth, tail);
    const V e = ExpNonPositive<L>(L::Mul(L::Sub(L::Load(tail), row_max), vbeta));
    L::Store(tail, e);
    std::copy(tail, tail + rest, out + full);
    vsum = L::Add(vsum, e);
  }
  const float sum = L::ReduceAdd(vsum);

  const V vsum_all = L::Set1(sum);
  for (int32_t i = 0; i < full; i += kN) L::Store(out + i, L::Div(L::Load(out + i), vsum_all));
  for (int32_t i = full; i < depth; ++i) out[i] = out[i] / sum;
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_SOFTMAX_SIMD_H_
