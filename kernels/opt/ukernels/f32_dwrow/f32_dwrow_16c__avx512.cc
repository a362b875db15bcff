// f32_dwrow with AVX-512F: 16 channels per packed block, interior output
// pixels 8 at a time (8 independent FMA chains hide the FMA latency; the 9
// weights of a 3x3 window, the sums and the 10 input columns fit the 32
// registers). The last block (fewer than 16 channels) is loaded and stored
// under a mask, so nothing is read or written outside the tensors.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/f32_dwrow_simd.h"

namespace brasa {
namespace {

struct Avx512Lanes {
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int32_t kCb = 16;
  static constexpr int32_t kTile = 8;
  static Mask TailMask(int32_t lanes) { return static_cast<Mask>((1u << lanes) - 1); }
  template <bool kTail>
  static V Load(const float* p, Mask mask) {
    return kTail ? _mm512_maskz_loadu_ps(mask, p) : _mm512_loadu_ps(p);
  }
  static V LoadFull(const float* p) { return _mm512_loadu_ps(p); }
  template <bool kTail>
  static void Store(float* p, V v, Mask mask) {
    if (kTail) {
      _mm512_mask_storeu_ps(p, mask, v);
    } else {
      _mm512_storeu_ps(p, v);
    }
  }
  static V Zero() { return _mm512_setzero_ps(); }
  static V Set1(float x) { return _mm512_set1_ps(x); }
  static V Fma(V a, V b, V acc) { return _mm512_fmadd_ps(a, b, acc); }
  static V Add(V a, V b) { return _mm512_add_ps(a, b); }
  // The masked forms take every lane's fallback explicitly: GCC 12 warns
  // (-Wuninitialized) about the plain forms' undefined one once inlined.
  static V Clamp(V x, V low, V high) {
    const V raised = _mm512_mask_max_ps(x, 0xFFFF, x, low);
    return _mm512_mask_min_ps(raised, 0xFFFF, raised, high);
  }
};

}  // namespace

void f32_dwrow_16c__avx512(const F32DwrowArgs& args, const float* packed, float* output,
                           const F32DwconvParams& params) {
  Dwrow<Avx512Lanes>(args, packed, output, params);
}

void f32_dwrow_copy_16c__avx512(const float* from, size_t from_pixel, float* to,
                                size_t to_pixel, int32_t pixels, int32_t floats) {
  DwrowCopy<Avx512Lanes>(from, from_pixel, to, to_pixel, pixels, floats);
}

}  // namespace brasa
