// The body of f32_dwrow's SIMD variants (f32_dwrow_16c__avx512.cc,
// f32_dwrow_8c__avx2.cc), written once over a `Lanes` policy that the
// including file defines with its own ISA's intrinsics:
//   V, Mask, kCb (lanes), kTile (output pixels per interior step),
//   TailMask(lanes), Load<kTail>(p, mask), LoadFull(p), Store<kTail>(p, v, mask),
//   Zero(), Set1(x), Fma(a, b, acc) = a * b + acc, Add, Clamp(x, low, high).
//
// For each block of channels the weights of the rows present and the bias
// sit in registers. Output pixels go kTile at a time (kTile independent FMA
// chains): each input column of a row is loaded once and feeds every output
// pixel whose window covers it (three with a 3-wide window and stride 1).
// The tiles at the row's ends skip the columns outside the input, so the
// border pixels run at the interior's pace; the last tile of a row ends at
// its last pixel (recomputing a few of the previous tile's, to the same
// values). Rows a multiple of 7 pixels wide go 7 at a time (DwrowTile); rows
// narrower than a tile go 4 pixels, then 1, at a time.
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
  size_t in_pixel, out_pixel;  // floats from one input (output) pixel to the next
  int32_t input_w, pad_left;

  V Finish(V acc) const { return L::Clamp(L::Add(acc, bias), low, high); }

  // Output pixels [x, x + kT). kEdge: some of their windows' columns lie
  // outside the input (padding), and are skipped. Each row's columns are
  // loaded walking one pointer along it (Opaque) and feed the sums as they
  // come, which keeps each sum's taps in filter order.
  template <int32_t kT, bool kEdge>
  void Tile(int32_t x, float* out) const {
    V acc[kT];
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j) acc[j] = L::Zero();
    const int32_t origin = x * kS - pad_left;
    constexpr int32_t kColumns = (kT - 1) * kS + kK;
#pragma GCC unroll 8
    for (int32_t r = 0; r < kR; ++r) {
      const float* column =
          in[r] + static_cast<ptrdiff_t>(origin) * static_cast<ptrdiff_t>(in_pixel);
#pragma GCC unroll 32
      for (int32_t col = 0; col < kColumns; ++col, column = Opaque(column + in_pixel)) {
        if (kEdge && (origin + col < 0 || origin + col >= input_w)) continue;
        V x_in = L::template Load<kTail>(column, mask);
        // In a register: else GCC folds the load into each FMA that uses it,
        // and the loads, not the FMAs, set the pace.
        asm("" : "+v"(x_in));
#pragma GCC unroll 16
        for (int32_t j = 0; j < kT; ++j) {
          const int32_t fx = col - j * kS;
          if (fx >= 0 && fx < kK) acc[j] = L::Fma(x_in, w[r * kK + fx], acc[j]);
        }
      }
    }
    float* to = out + static_cast<size_t>(x) * out_pixel;
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j, to += out_pixel) {
      L::template Store<kTail>(to, Finish(acc[j]), mask);
    }
  }

  // The tile of kT pixels at x; [lo, hi): the pixels whose window lies
  // inside the input.
  template <int32_t kT>
  void TileAt(int32_t x, int32_t lo, int32_t hi, float* out) const {
    if (x < lo || x + kT > hi) {
      Tile<kT, true>(x, out);
    } else {
      Tile<kT, false>(x, out);
    }
  }
};

// Two neighbouring full blocks of channels of one output row (3-wide window,
// kR <= 3 rows), kT pixels at a time: each column load brings both blocks'
// lines (see DwrowUsesPairs). Each sum's taps in filter order, as
// DwrowBlock's.
template <typename L, int32_t kK, int32_t kS, int32_t kR>
struct DwrowPair {
  using V = typename L::V;
  const float* in[kR];  // each present row, at the first block's first channel
  V w0[kR * kK], w1[kR * kK];
  const float* bias;  // the first block's packed bias; the second's block_floats later
  size_t block_floats;
  float low, high;
  size_t in_pixel, out_pixel;
  int32_t input_w, pad_left;

  template <int32_t kT, bool kEdge>
  void Tile(int32_t x, float* out) const {
    V acc0[kT], acc1[kT];
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j) acc0[j] = acc1[j] = L::Zero();
    const int32_t origin = x * kS - pad_left;
    constexpr int32_t kColumns = (kT - 1) * kS + kK;
#pragma GCC unroll 8
    for (int32_t r = 0; r < kR; ++r) {
      const float* column =
          in[r] + static_cast<ptrdiff_t>(origin) * static_cast<ptrdiff_t>(in_pixel);
#pragma GCC unroll 32
      for (int32_t col = 0; col < kColumns; ++col, column = Opaque(column + in_pixel)) {
        if (kEdge && (origin + col < 0 || origin + col >= input_w)) continue;
        V x0 = L::LoadFull(column), x1 = L::LoadFull(column + L::kCb);
        asm("" : "+v"(x0), "+v"(x1));
#pragma GCC unroll 16
        for (int32_t j = 0; j < kT; ++j) {
          const int32_t fx = col - j * kS;
          if (fx >= 0 && fx < kK) {
            acc0[j] = L::Fma(x0, w0[r * kK + fx], acc0[j]);
            acc1[j] = L::Fma(x1, w1[r * kK + fx], acc1[j]);
          }
        }
      }
    }
    const V b0 = L::LoadFull(bias), b1 = L::LoadFull(bias + block_floats);
    const V lo = L::Set1(low), hi = L::Set1(high);
    const typename L::Mask all = L::TailMask(L::kCb);
    float* to = out + static_cast<size_t>(x) * out_pixel;
#pragma GCC unroll 16
    for (int32_t j = 0; j < kT; ++j, to += out_pixel) {
      L::template Store<false>(to, L::Clamp(L::Add(acc0[j], b0), lo, hi), all);
      L::template Store<false>(to + L::kCb, L::Clamp(L::Add(acc1[j], b1), lo, hi), all);
    }
  }
};

// Which output pixels of the row have their whole window inside the input:
// [lo, hi).
struct DwrowInterior {
  int32_t lo, hi;
};

template <int32_t kK, int32_t kS>
DwrowInterior InteriorOf(const F32DwrowArgs& a) {
  DwrowInterior interior;
  interior.lo = (a.pad_left + kS - 1) / kS;
  const int32_t last_origin = a.input_w - kK + a.pad_left;  // of the last inside window, times kS
  interior.hi = last_origin < 0 ? 0 : last_origin / kS + 1;
  if (interior.hi > a.out_w) interior.hi = a.out_w;
  return interior;
}

// The pixels per tile along a row: kTile, except for rows that are a
// multiple of 7 pixels but not of kTile = 8 (MobileNets' 7-, 14- and
// 28-pixel rows), which go 7 at a time: 8-pixel tiles would compute 16 pixels
// for 14 (the last tile ends at the row's end, redoing two), and 4-pixel
// tiles 8 for 7. Seven sums, the 9 weights of a 3x3 window and an input
// column still fit AVX-512's 32 registers (not AVX2's 16: kTile 4 there).
// Both strides: stride 2's 14 -> 7 layer of 512 channels took 10-12.6 us
// in 4-pixel tiles, 8.3-8.6 us in 7-pixel ones (min of 3000 invokes).
template <typename L>
int32_t DwrowTile(int32_t out_w) {
  return L::kTile == 8 && out_w % 8 != 0 && out_w % 7 == 0 ? 7 : L::kTile;
}

// Pixels per DwrowPair tile.
constexpr int32_t kDwrowPairTile = 4;

// Channels [first, first + lanes) of output pixels [x_begin, x_end) (x_begin
// a multiple of `tile`: DwrowTile's, or kDwrowPairTile beside DwrowPair,
// which goes 4 at a time too); `block` points at their packed bias.
template <typename L, int32_t kK, int32_t kS, int32_t kR, bool kTail>
void DwrowConvolveBlock(const F32DwrowArgs& a, const float* block, int32_t first, int32_t lanes,
                        DwrowInterior interior, int32_t tile, int32_t x_begin, int32_t x_end,
                        const F32DwconvParams& params, float* output) {
  DwrowBlock<L, kK, kS, kR, kTail> b;
  for (int32_t r = 0; r < kR; ++r) {
    b.in[r] = a.inputs[r] + (first - a.input_first);
    for (int32_t fx = 0; fx < kK; ++fx) {
      b.w[r * kK + fx] = L::LoadFull(block + L::kCb * (1 + a.filter_rows[r] * kK + fx));
    }
  }
  b.bias = L::LoadFull(block);
  b.low = L::Set1(params.min);
  b.high = L::Set1(params.max);
  b.mask = L::TailMask(lanes);
  b.in_pixel = static_cast<size_t>(a.input_pixel);
  b.out_pixel = static_cast<size_t>(a.channels);
  b.input_w = a.input_w;
  b.pad_left = a.pad_left;
  float* out = output + first;
  const int32_t lo = interior.lo, hi = interior.hi;
  constexpr int32_t kT = L::kTile;
  if (tile == 7) {
    for (int32_t x = x_begin; x < x_end; x += 7) b.template TileAt<7>(x, lo, hi, out);
  } else if (tile != kDwrowPairTile && a.out_w >= kT) {
    for (int32_t x = x_begin; x < x_end; x += kT) {
      b.template TileAt<kT>(x < a.out_w - kT ? x : a.out_w - kT, lo, hi, out);
    }
  } else if (a.out_w >= 4) {
    for (int32_t x = x_begin; x < x_end; x += 4) {
      b.template TileAt<4>(x < a.out_w - 4 ? x : a.out_w - 4, lo, hi, out);
    }
  } else {
    for (int32_t x = x_begin; x < x_end; ++x) b.template TileAt<1>(x, lo, hi, out);
  }
}

// Channels [first, first + 2 * kCb) of output pixels [x_begin, x_end)
// (x_begin a multiple of kDwrowPairTile), DwrowPair's way; `block` points
// at the first block's packed bias.
template <typename L, int32_t kK, int32_t kS, int32_t kR>
void DwrowConvolvePair(const F32DwrowArgs& a, const float* block, size_t block_floats,
                       int32_t first, DwrowInterior interior, int32_t x_begin, int32_t x_end,
                       const F32DwconvParams& params, float* output) {
  DwrowPair<L, kK, kS, kR> b;
  for (int32_t r = 0; r < kR; ++r) {
    b.in[r] = a.inputs[r] + (first - a.input_first);
    for (int32_t fx = 0; fx < kK; ++fx) {
      const size_t tap = static_cast<size_t>(L::kCb) * (1 + a.filter_rows[r] * kK + fx);
      b.w0[r * kK + fx] = L::LoadFull(block + tap);
      b.w1[r * kK + fx] = L::LoadFull(block + block_floats + tap);
    }
  }
  b.bias = block;
  b.block_floats = block_floats;
  b.low = params.min;
  b.high = params.max;
  b.in_pixel = static_cast<size_t>(a.input_pixel);
  b.out_pixel = static_cast<size_t>(a.channels);
  b.input_w = a.input_w;
  b.pad_left = a.pad_left;
  float* out = output + first;
  constexpr int32_t kT = kDwrowPairTile;
  for (int32_t x = x_begin; x < x_end; x += kT) {
    const int32_t at = x < a.out_w - kT ? x : a.out_w - kT;
    if (at < interior.lo || at + kT > interior.hi) {
      b.template Tile<kT, true>(at, out);
    } else {
      b.template Tile<kT, false>(at, out);
    }
  }
}

// Whether DwrowConvolveRows goes two blocks at a time (DwrowPair): AVX-512
// (AVX2's 16 registers hold no two blocks' weights), a 3-wide window of at
// most 3 rows, rows of at least a tile; with stride 2 rows a multiple of
// the 4-pixel tile or pixels a multiple of 1 KB apart, with stride 1
// pixels not a multiple of 2 KB apart. Loads, not FMAs, set a tile's pace
// (a stride-2 column feeds one or two sums), and two blocks' lines per
// column (128 contiguous bytes) arrive faster than one block's in twice the
// columns; most of all where the pixels lie a power of two apart, and one
// block's loads along a row all fall in one to four of L1's 64 sets.
// Nodes alone, medians of 8 alternating rounds of 300 invokes, one thread,
// single blocks -> pairs (with 8 KB segments): stride 2 112x112x64 ->
// 56x56 78.2 -> 71.1 us, 56x56x128 45.1 -> 38.8 us, 28x28x256 24.5 -> 22.8
// us, 14x14x512 16.8 -> 14.4 us, 112x112x96 118.3 -> 108.9 us, 56x56x144
// 51.2 -> 48.0 us; (with 64 KB segments) stride 1 112x112x32 90.6 -> 74.5
// us, 56x56x144 119.5 -> 99.0 us, 28x28x192 39.5 -> 30.7 us, 14x14x384
// 18.7 -> 16.9 us, 14x14x576 28.4 -> 25.3 us, 56x56x128 105.5 -> 83.6 us,
// 28x28x256 58.2 -> 49.8 us. Kept single: stride-2 rows of 7 or 14 pixels
// of other channel counts, which 7-pixel tiles fit exactly (14x14x576 ->
// 7x7: 10.0 us, 11.8 us in pairs), and stride 1 at 512 and 1024 channels
// read in place (14x14x512 40.6 -> 42.0 us, 7x7x1024 25.1 -> 30.6 us in
// pairs); the driver's compact copies of those rows (input_pixel 4 or 8
// blocks) go in pairs (14x14x512 32.0 -> 28.9 us).
template <typename L, int32_t kK, int32_t kS, int32_t kR>
bool DwrowUsesPairs(const F32DwrowArgs& a) {
  if (L::kCb != 16 || kK != 3 || kR > 3 || a.out_w < kDwrowPairTile) return false;
  const int64_t pixel_bytes = static_cast<int64_t>(a.input_pixel) * sizeof(float);
  if (kS == 1) return pixel_bytes % 2048 != 0;
  return a.out_w % kDwrowPairTile == 0 || pixel_bytes % 1024 == 0;
}

template <typename L, int32_t kK, int32_t kS, int32_t kR>
void DwrowConvolveRows(const F32DwrowArgs& a, const float* packed, float* output,
                       const F32DwconvParams& params) {
  const size_t block_floats = static_cast<size_t>(L::kCb) * (1 + a.filter_h * kK);
  const float* block = packed + static_cast<size_t>(a.first / L::kCb) * block_floats;
  const int32_t end = a.first + a.count;
  const DwrowInterior interior = InteriorOf<kK, kS>(a);
  // Segments of the row about kSegmentBytes of input wide (at least one
  // tile; each block loads its weights once per segment), all blocks of one
  // segment before the next: the row is read front to back once (the
  // blocks of a pixel share its cache lines), not once per block. The
  // segment's window rows stay in L1 while its blocks pass over them (96
  // channels at stride 2: 8 pixels, 3 x 17 columns x 384 B = 20 KB; 32
  // pixels would be 72 KB, more than L1, so every block after the first
  // fetched its lines again from L2).
  constexpr int32_t kSegmentBytes = 8192;
  // Pairs of blocks take segments 8 times as long: a pair's two lines per
  // column are all it uses of them (no other pair shares them), so L1 holds
  // nothing for the next pair anyway, and a pair walking further along the
  // rows keeps its weights longer and reads longer runs (nodes alone, medians
  // of 6 rounds: 56x56x144 -> 28x28 44.9 -> 40.4 us, 28x28x256 -> 14x14
  // 22.7 -> 21.0 us, 56x56x128 -> 28x28 38.8 -> 36.1 us at 32 KB; 64 KB,
  // 128 KB and whole rows within 1 us of each other, 112x112x96 best from
  // 64 KB: 111.9 us at 32 KB, 104.3 us at 64 KB).
  constexpr int32_t kPairSegmentBytes = 65536;
  const bool pairs = DwrowUsesPairs<L, kK, kS, kR>(a);
  const int32_t tile = pairs ? kDwrowPairTile : DwrowTile<L>(a.out_w);
  int32_t segment = (pairs ? kPairSegmentBytes : kSegmentBytes) /
                    (a.input_pixel * static_cast<int32_t>(sizeof(float)) * kS);
  segment = segment < tile ? tile : segment - segment % tile;
  for (int32_t x = 0; x < a.out_w; x += segment) {
    const int32_t x_end = a.out_w - x <= segment ? a.out_w : x + segment;
    const float* block_x = block;
    int32_t first = a.first;
    if (pairs) {
      for (; first + 2 * L::kCb <= end; first += 2 * L::kCb, block_x += 2 * block_floats) {
        DwrowConvolvePair<L, kK, kS, kR>(a, block_x, block_floats, first, interior, x, x_end,
                                         params, output);
      }
    }
    for (; first + L::kCb <= end; first += L::kCb, block_x += block_floats) {
      DwrowConvolveBlock<L, kK, kS, kR, false>(a, block_x, first, L::kCb, interior, tile, x,
                                               x_end, params, output);
    }
    if (first < end) {
      DwrowConvolveBlock<L, kK, kS, kR, true>(a, block_x, first, end - first, interior, tile, x,
                                              x_end, params, output);
    }
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

// The variant's copy function (F32DwrowCopyFn): whole blocks, kCb floats a
// vector.
template <typename L>
void DwrowCopy(const float* from, size_t from_pixel, float* to, size_t to_pixel, int32_t pixels,
               int32_t floats) {
  for (int32_t x = 0; x < pixels; ++x, from += from_pixel, to += to_pixel) {
    for (int32_t c = 0; c < floats; c += L::kCb) {
      L::template Store<false>(to + c, L::LoadFull(from + c), L::TailMask(L::kCb));
    }
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
