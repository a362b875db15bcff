// qs8_dwconv with AVX-512 F/BW: 16 channels per block, products summed with
// vpmaddwd + vpaddd (the body is common/qs8_dwconv_avx512.h).
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_row_avx512.h"

namespace brasa {
namespace {

struct MaddAdd {
  static constexpr bool kDot = false;  // no vpdpbusd: no DotRowTile
  static __m512i Apply(__m512i acc, __m512i x, __m512i w) {
    return _mm512_add_epi32(acc, _mm512_madd_epi16(x, w));
  }
};

}  // namespace

void qs8_dwconv_16c__avx512(int32_t pixels, int32_t channels, int32_t taps,
                            const uint8_t* const* inputs, const void* packed, uint8_t* output,
                            size_t output_stride, const Qs8DwconvParams& params) {
  avx512::Qs8Dwconv16c<MaddAdd>(pixels, channels, taps, inputs, packed, output, output_stride,
                                params);
}

// The row form (qs8_dwconv.h's Qs8DwconvRowFn; common/qs8_dwconv_row_avx512.h).
void qs8_dwconv_row3_16c__avx512(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                 const void* packed, uint8_t* output,
                                 const Qs8DwconvParams& params) {
  avx512::Qs8DwconvRow16c<MaddAdd>(pixels, channels, row, packed, output, params);
}

}  // namespace brasa
