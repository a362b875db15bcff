// x8_zip3 with AVX2 (128-bit byte shuffles): 16 pixels per step. Each of the
// 48 output bytes comes from one plane; per 16-byte output vector, one
// vpshufb per plane moves that plane's bytes into place (the others' lanes
// zeroed by a set high bit in the control) and two ORs merge them. The tail
// runs pixel by pixel.
#include <immintrin.h>

#include "kernels/opt/ukernels/x8_zip3/x8_zip3.h"

namespace brasa {
namespace {

// Shuffle control for output vector v (bytes 16 v .. 16 v + 15) from plane k:
// output byte j is pixel (16 v + j) / 3 of plane (16 v + j) % 3.
__m128i Control(int v, int k) {
  alignas(16) int8_t bytes[16];
  for (int j = 0; j < 16; ++j) {
    const int i = 16 * v + j;
    bytes[j] = static_cast<int8_t>(i % 3 == k ? i / 3 : -128);
  }
  return _mm_load_si128(reinterpret_cast<const __m128i*>(bytes));
}

}  // namespace

void x8_zip3_16x__avx2(size_t count, const uint8_t* in, size_t plane_stride, uint8_t* out) {
  const uint8_t* p0 = in;
  const uint8_t* p1 = in + plane_stride;
  const uint8_t* p2 = in + 2 * plane_stride;
  __m128i control[3][3];
  for (int v = 0; v < 3; ++v) {
    for (int k = 0; k < 3; ++k) control[v][k] = Control(v, k);
  }
  size_t p = 0;
  for (; p + 16 <= count; p += 16, out += 48) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p0 + p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p1 + p));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p2 + p));
    for (int v = 0; v < 3; ++v) {
      const __m128i merged = _mm_or_si128(
          _mm_or_si128(_mm_shuffle_epi8(a, control[v][0]), _mm_shuffle_epi8(b, control[v][1])),
          _mm_shuffle_epi8(c, control[v][2]));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * v), merged);
    }
  }
  for (; p < count; ++p, out += 3) {
    out[0] = p0[p];
    out[1] = p1[p];
    out[2] = p2[p];
  }
}

}  // namespace brasa
