// f32_gemm with AVX-512F: 12 rows x 32 channels per step, 24 accumulators
// (two vectors per row), each depth step one broadcast per row and two
// weight loads shared by all rows. Partial tiles store under a mask.
#include <immintrin.h>

#include <algorithm>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"

namespace brasa {
namespace {

constexpr int32_t kNr = 32;

inline __mmask16 FirstLanes(int32_t count) {
  if (count >= 16) return static_cast<__mmask16>(0xFFFF);
  if (count <= 0) return 0;
  return static_cast<__mmask16>((1u << count) - 1);
}

// min(max(v, low), high). The zero-masked forms: GCC 12 takes the plain
// ones' "undefined" pass-through operand for an uninitialized read
// (-Werror=uninitialized) once these loops are unrolled.
inline __m512 Clamp(__m512 v, __m512 low, __m512 high) {
  const __mmask16 all = static_cast<__mmask16>(0xFFFF);
  return _mm512_maskz_min_ps(all, _mm512_maskz_max_ps(all, v, low), high);
}

template <int32_t R, bool kPrefetch>
void GemmRows(int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  const size_t block_floats = static_cast<size_t>(kNr) * (1 + static_cast<size_t>(depth));
  for (int32_t first = 0; first < columns; first += kNr) {
    const float* b = packed + kNr;
    // The sums start from the bias (register copies), so the epilogue only
    // clamps and stores: at depth 16 (MobileNetV2's 16 -> 96 expansion over
    // 112x112) adding it there was 24 of 72 non-FMA vector operations per
    // 384 FMAs. Peeling the first depth step into one FMA onto the bias
    // instead measured 3-6% slower at depths 16-32.
    const __m512 bias_lo = _mm512_loadu_ps(packed), bias_hi = _mm512_loadu_ps(packed + 16);
    __m512 lo[R], hi[R];
    for (int32_t m = 0; m < R; ++m) {
      lo[m] = bias_lo;
      hi[m] = bias_hi;
    }
    int32_t k = 0;
    // One depth step of the tile.
    auto step = [&](int32_t at) __attribute__((always_inline)) {
      const __m512 w_lo = _mm512_loadu_ps(b);
      const __m512 w_hi = _mm512_loadu_ps(b + 16);
      b += kNr;
      for (int32_t m = 0; m < R; ++m) {
        const __m512 x = _mm512_set1_ps(a[m * a_stride + at]);
        lo[m] = _mm512_fmadd_ps(x, w_lo, lo[m]);
        hi[m] = _mm512_fmadd_ps(x, w_hi, hi[m]);
      }
    };
    if constexpr (kPrefetch) {
      // The first `count` steps each prefetch one depth step of the next
      // block from `ahead` on (see F32GemmParams): a loop of its own, so
      // the other steps pay nothing.
      const float* ahead = packed + kNr + block_floats;
      // The back block's share rides along with the block after (same
      // lines, same steps); only the call's last block prefetches it.
      const float* back = nullptr;
      int32_t count = 0;
      if (first + kNr < columns) {
        count = params.prefetch_tile == 0 ? depth : 0;
      } else {
        const int32_t tiles = params.prefetch_tiles;
        const int32_t share = (depth + tiles - 1) / tiles;
        const int32_t begin = params.prefetch_tile * share;
        ahead += static_cast<size_t>(begin) * kNr;
        count = begin >= depth ? 0 : std::min(share, depth - begin);
        if (params.prefetch_back != nullptr) {
          back = params.prefetch_back + kNr + static_cast<size_t>(begin) * kNr;
        }
      }
      int32_t lines = 2 * std::min(count, depth - k);
      if (2 * lines <= depth - k) {
        // A share that fits one line per two steps spreads over most of the
        // tile: the deep 7x7 layers' next blocks (128 KB each) come from
        // memory, and a burst of two lines a step keeps too few in flight
        // to hide that.
        if (back != nullptr) {
          for (; lines > 0; --lines, k += 2, ahead += 16, back += 16) {
            _mm_prefetch(reinterpret_cast<const char*>(ahead), _MM_HINT_T1);
            _mm_prefetch(reinterpret_cast<const char*>(back), _MM_HINT_T1);
            step(k);
            step(k + 1);
          }
        }
        for (; lines > 0; --lines, k += 2, ahead += 16) {
          _mm_prefetch(reinterpret_cast<const char*>(ahead), _MM_HINT_T1);
          step(k);
          step(k + 1);
        }
      } else {
        const int32_t end = k + lines / 2;
        for (; k < end; ++k, ahead += kNr) {
          _mm_prefetch(reinterpret_cast<const char*>(ahead), _MM_HINT_T1);
          _mm_prefetch(reinterpret_cast<const char*>(ahead + 16), _MM_HINT_T1);
          step(k);
        }
      }
    }
    for (; k < depth; ++k) step(k);
    // Plain stores for a full block: masked ones measured slower here.
    const int32_t count = columns - first;
    const __mmask16 mask_lo = FirstLanes(count), mask_hi = FirstLanes(count - 16);
    for (int32_t m = 0; m < R; ++m) {
      const __m512 out_lo = _mm512_min_ps(_mm512_max_ps(lo[m], low), high);
      const __m512 out_hi = _mm512_min_ps(_mm512_max_ps(hi[m], low), high);
      float* row = c + m * c_stride + first;
      if (count >= kNr) {
        _mm512_storeu_ps(row, out_lo);
        _mm512_storeu_ps(row + 16, out_hi);
      } else {
        _mm512_mask_storeu_ps(row, mask_lo, out_lo);
        _mm512_mask_storeu_ps(row + 16, mask_hi, out_hi);
      }
    }
    packed = b;
  }
}

// One row (FULLY_CONNECTED with a batch of 1): GemmRows<1> would give each
// block two dependent FMA chains and stream its weights alone. This walks B
// blocks at once (2B chains, the same order per sum) and prefetches each
// block's weights kPrefetchSteps depth steps ahead: the layer's weights
// (5 MB in MobileNetV2's classifier) come from L3 or memory on every run:
// 64 steps (32 KB over the 4 blocks) kept more of it in flight than 32.
constexpr int32_t kPrefetchSteps = 64;

template <int32_t B>
void GemmOneRowBlocks(int32_t columns, int32_t depth, const float* a, const float* packed,
                      float* c, const F32GemmParams& params) {
  const size_t block_floats = static_cast<size_t>(kNr) * (1 + static_cast<size_t>(depth));
  // The sums start from the bias, as GemmRows's do: a sum's order must not
  // depend on how many rows a call gets, or a thread split would change
  // the bytes.
  __m512 acc[2 * B];
  for (int32_t j = 0; j < B; ++j) {
    acc[2 * j] = _mm512_loadu_ps(packed + j * block_floats);
    acc[2 * j + 1] = _mm512_loadu_ps(packed + j * block_floats + 16);
  }
  const float* b = packed + kNr;
  for (int32_t k = 0; k < depth; ++k, b += kNr) {
    const __m512 x = _mm512_set1_ps(a[k]);
    for (int32_t j = 0; j < B; ++j) {
      const float* w = b + j * block_floats;
      _mm_prefetch(reinterpret_cast<const char*>(w + kPrefetchSteps * kNr), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(w + kPrefetchSteps * kNr + 16), _MM_HINT_T0);
      acc[2 * j] = _mm512_fmadd_ps(x, _mm512_loadu_ps(w), acc[2 * j]);
      acc[2 * j + 1] = _mm512_fmadd_ps(x, _mm512_loadu_ps(w + 16), acc[2 * j + 1]);
    }
  }
  const __m512 low = _mm512_set1_ps(params.min), high = _mm512_set1_ps(params.max);
  for (int32_t j = 0; j < B; ++j) {
    const int32_t count = columns - j * kNr;
    const __m512 out_lo = Clamp(acc[2 * j], low, high);
    const __m512 out_hi = Clamp(acc[2 * j + 1], low, high);
    _mm512_mask_storeu_ps(c + j * kNr, FirstLanes(count), out_lo);
    _mm512_mask_storeu_ps(c + j * kNr + 16, FirstLanes(count - 16), out_hi);
  }
}

void GemmOneRow(int32_t columns, int32_t depth, const float* a, const float* packed, float* c,
                const F32GemmParams& params) {
  constexpr int32_t kBlocks = 4;
  const size_t block_floats = static_cast<size_t>(kNr) * (1 + static_cast<size_t>(depth));
  int32_t first = 0;
  for (; columns - first > (kBlocks - 1) * kNr; first += kBlocks * kNr) {
    GemmOneRowBlocks<kBlocks>(columns - first, depth, a, packed, c + first, params);
    packed += kBlocks * block_floats;
  }
  const int32_t left = columns - first;
  if (left > kNr) {
    GemmOneRowBlocks<2>(left, depth, a, packed, c + first, params);
    if (left > 2 * kNr) {
      GemmOneRowBlocks<1>(left - 2 * kNr, depth, a, packed + 2 * block_floats,
                          c + first + 2 * kNr, params);
    }
  } else if (left > 0) {
    GemmOneRowBlocks<1>(left, depth, a, packed, c + first, params);
  }
}

// The run-time row count to the unrolled GemmRows<rows>.
template <int32_t R>
void Dispatch(int32_t rows, int32_t columns, int32_t depth, const float* a, size_t a_stride,
              const float* packed, float* c, size_t c_stride, const F32GemmParams& params) {
  if (rows == R) {
    if (params.prefetch_tiles > 0) {
      GemmRows<R, true>(columns, depth, a, a_stride, packed, c, c_stride, params);
    } else {
      GemmRows<R, false>(columns, depth, a, a_stride, packed, c, c_stride, params);
    }
  } else if constexpr (R > 1) {
    Dispatch<R - 1>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
  }
}

}  // namespace

void f32_gemm_12x32__avx512(int32_t rows, int32_t columns, int32_t depth, const float* a,
                            size_t a_stride, const float* packed, float* c, size_t c_stride,
                            const F32GemmParams& params) {
  if (rows == 1 && columns > kNr) {
    GemmOneRow(columns, depth, a, packed, c, params);
    return;
  }
  Dispatch<12>(rows, columns, depth, a, a_stride, packed, c, c_stride, params);
}

}  // namespace brasa
