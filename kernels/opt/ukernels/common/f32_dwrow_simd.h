// The body of f32_dwrow's SIMD variants (f32_dwrow_16c__avx512.cc,
// f32_dwrow_8c__avx2.cc), written once over a `Lanes` policy that the
// including file defines with its own ISA's intrinsics:
//   V, Mask, kCb (lanes), kTile (output pixels per interior step),
//   TailMask(lanes), Load<kTail>(p, mask), LoadFull(p), Store<kTail>(p, v, mask),
//   Zero(), Set1(x), Fma(a, b, acc) = a * b + acc, Add, Clamp(x, low, high).
//
// For each block of channels the weights of the rows present and the bias
// sit in registers for the whole output row. Interior pixels go kTile at a
// time: each input column of a row is loaded once and feeds every output
// pixel whose window covers it (three with a 3-wide window and stride 1).
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_DWROW_SIMD_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_DWROW_SIMD_H_

#include <cstddef>
#include <cstdint>

#include "kernels/opt/ukernels/f32_dwrow/f32_dwrow.h"

namespace brasa {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

// p, which the compiler may no longer treat as p's arithmetic: without
// it, GCC turns a pointer walking along a row into one pointer per column
// and runs out of registers.
inline const float* Opaque(const float* p) {
  asm("" : "+r"(p));
  return p;
}

// One block of channels of one output row: kK-wide window, stride kS, kR
// input rows present; kTail: the block has fewer than kCb channels (masked).
template <typename L, int32_t kK, int32_t kS, int32_t kR, bool kTail>
struct DwrowBlock {
  using V = typename L::V;
  const float* in[kR];  // each present row, at this block's first channel
  V w[kR * kK];
  V bias, low, high;
  typename L::Mask mask;
  size_t pixel;  // floats from one pixel to the next
  int32_t input_w, pad_left;

  V Finish(V acc) const { return L::Clamp(L::Add(acc, bias), low, high); }

  // Output pixels [x, x + kT), whose windows lie inside the row. Each row's
  // input columns are loaded once, walking one pointer along the row (so
  // the addresses need no register each: Opaque), and feed every sum whose window
  // covers them as they come, which keeps each sum's taps in filter order.
  template <int32_t kT>
  void Interior(int32_t x, float* out) const {
    V acc[kT];
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j) acc[j] = L::Zero();
    const size_t origin = static_cast<size_t>(x * kS - pad_left) * pixel;
    constexpr int32_t kColumns = (kT - 1) * kS + kK;
#pragma GCC unroll 8
    for (int32_t r = 0; r < kR; ++r) {
      const float* column = in[r] + origin;
#pragma GCC unroll 32
      for (int32_t col = 0; col < kColumns; ++col, column = Opaque(column + pixel)) {
        const V x_in = L::template Load<kTail>(column, mask);
#pragma GCC unroll 16
        for (int32_t j = 0; j < kT; ++j) {
          const int32_t fx = col - j * kS;
          if (fx >= 0 && fx < kK) acc[j] = L::Fma(x_in, w[r * kK + fx], acc[j]);
        }
      }
    }
    float* to = out + static_cast<size_t>(x) * pixel;
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j, to += pixel) L::template Store<kTail>(to, Finish(acc[j]), mask);
  }

  // Output pixel x, whose window crosses the left or right border: the taps
  // outside the row are skipped.
  void Border(int32_t x, float* out) const {
    V acc = L::Zero();
    const int32_t origin = x * kS - pad_left;
#pragma GCC unroll 8
    for (int32_t r = 0; r < kR; ++r) {
#pragma GCC unroll 8
      for (int32_t fx = 0; fx < kK; ++fx) {
        const int32_t in_x = origin + fx;
        if (in_x < 0 || in_x >= input_w) continue;
        const V x_in = L::template Load<kTail>(in[r] + static_cast<size_t>(in_x) * pixel, mask);
        acc = L::Fma(x_in, w[r * kK + fx], acc);
      }
    }
    L::template Store<kTail>(out + static_cast<size_t>(x) * pixel, Finish(acc), mask);
  }
};

// Channels [first, first + lanes) of the output row; `block` points at
// their packed bias.
template <typename L, int32_t kK, int32_t kS, int32_t kR, bool kTail>
void DwrowConvolveBlock(const F32DwrowArgs& a, const float* block, int32_t first, int32_t lanes,
                        const F32DwconvParams& params, float* output) {
  DwrowBlock<L, kK, kS, kR, kTail> b;
  for (int32_t r = 0; r < kR; ++r) {
    b.in[r] = a.inputs[r] + first;
    for (int32_t fx = 0; fx < kK; ++fx) {
      b.w[r * kK + fx] = L::LoadFull(block + L::kCb * (1 + a.filter_rows[r] * kK + fx));
    }
  }
  b.bias = L::LoadFull(block);
  b.low = L::Set1(params.min);
  b.high = L::Set1(params.max);
  b.mask = L::TailMask(lanes);
  b.pixel = static_cast<size_t>(a.channels);
  b.input_w = a.input_w;
  b.pad_left = a.pad_left;
  float* out = output + first;
  // Pixels [x_lo, x_hi) have their whole window inside the row.
  int32_t x_lo = (a.pad_left + kS - 1) / kS;
  if (x_lo > a.out_w) x_lo = a.out_w;
  const int32_t last_origin = a.input_w - kK + a.pad_left;  // of the last inside window, times kS
  int32_t x_hi = last_origin < 0 ? 0 : last_origin / kS + 1;
  if (x_hi > a.out_w) x_hi = a.out_w;
  if (x_hi < x_lo) x_hi = x_lo;
  int32_t x = 0;
  for (; x < x_lo; ++x) b.Border(x, out);
  for (; x + L::kTile <= x_hi; x += L::kTile) b.template Interior<L::kTile>(x, out);
  if (L::kTile > 4 && x + 4 <= x_hi) {
    b.template Interior<4>(x, out);
    x += 4;
  }
  for (; x < x_hi; ++x) b.template Interior<1>(x, out);
  for (; x < a.out_w; ++x) b.Border(x, out);
}

template <typename L, int32_t kK, int32_t kS, int32_t kR>
void DwrowConvolveRows(const F32DwrowArgs& a, const float* packed, float* output,
                       const F32DwconvParams& params) {
  const size_t block_floats = static_cast<size_t>(L::kCb) * (1 + a.filter_h * kK);
  const float* block = packed + static_cast<size_t>(a.first / L::kCb) * block_floats;
  const int32_t end = a.first + a.count;
  int32_t first = a.first;
  for (; first + L::kCb <= end; first += L::kCb, block += block_floats) {
    DwrowConvolveBlock<L, kK, kS, kR, false>(a, block, first, L::kCb, params, output);
  }
  if (first < end) {
    DwrowConvolveBlock<L, kK, kS, kR, true>(a, block, first, end - first, params, output);
  }
}

// No input row inside the image: every output is the clamped bias.
template <typename L>
void DwrowBiasOnly(const F32DwrowArgs& a, const float* packed, float* output,
                   const F32DwconvParams& params) {
  const size_t block_floats = static_cast<size_t>(L::kCb) * (1 + a.filter_h * a.filter_w);
  const float* block = packed + static_cast<size_t>(a.first / L::kCb) * block_floats;
  const auto low = L::Set1(params.min), high = L::Set1(params.max);
  for (int32_t first = a.first; first < a.first + a.count; first += L::kCb, block += block_floats) {
    const int32_t lanes = a.first + a.count - first < L::kCb ? a.first + a.count - first : L::kCb;
    const auto value = L::Clamp(L::LoadFull(block), low, high);
    const auto mask = L::TailMask(lanes);
    for (int32_t x = 0; x < a.out_w; ++x) {
      L::template Store<true>(output + static_cast<size_t>(x) * a.channels + first, value, mask);
    }
  }
}

template <typename L, int32_t kK, int32_t kS>
void DwrowForRows(const F32DwrowArgs& a, const float* packed, float* output,
                  const F32DwconvParams& params) {
  switch (a.rows) {
    case 1: return DwrowConvolveRows<L, kK, kS, 1>(a, packed, output, params);
    case 2: return DwrowConvolveRows<L, kK, kS, 2>(a, packed, output, params);
    case 3: return DwrowConvolveRows<L, kK, kS, 3>(a, packed, output, params);
    case 4: return DwrowConvolveRows<L, kK, kS, 4>(a, packed, output, params);
    case 5: return DwrowConvolveRows<L, kK, kS, 5>(a, packed, output, params);
    default: return DwrowBiasOnly<L>(a, packed, output, params);
  }
}

// The variant's entry point: picks the instantiation for the window.
template <typename L>
void Dwrow(const F32DwrowArgs& a, const float* packed, float* output,
           const F32DwconvParams& params) {
  if (a.filter_w == 3) {
    if (a.stride == 1) return DwrowForRows<L, 3, 1>(a, packed, output, params);
    return DwrowForRows<L, 3, 2>(a, packed, output, params);
  }
  if (a.stride == 1) return DwrowForRows<L, 5, 1>(a, packed, output, params);
  DwrowForRows<L, 5, 2>(a, packed, output, params);
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_F32_DWROW_SIMD_H_
