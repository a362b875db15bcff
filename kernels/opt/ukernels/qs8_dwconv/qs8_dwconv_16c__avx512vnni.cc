// qs8_dwconv with AVX512-VNNI: the AVX-512 variant with each product summed
// by one vpdpwssd (common/qs8_dwconv_avx512.h).
// GCC 12 reports its own _mm512_undefined_* operands once inlined here
// (-Wuninitialized, GCC bug 105593, fixed in GCC 13; see q8_vadd_16x__avx512.cc).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_row_avx512.h"

namespace brasa {
namespace {

struct DotAdd {
  static constexpr bool kDot = true;  // the row form's DotRowTile applies
  static __m512i Apply(__m512i acc, __m512i x, __m512i w) { return _mm512_dpwssd_epi32(acc, x, w); }
  static __m512i Dot(__m512i acc, __m512i unsigned_bytes, __m512i signed_bytes) {
    return _mm512_dpbusd_epi32(acc, unsigned_bytes, signed_bytes);
  }
};

}  // namespace

void qs8_dwconv_16c__avx512vnni(int32_t pixels, int32_t channels, int32_t taps,
                                const uint8_t* const* inputs, const void* packed, uint8_t* output,
                                size_t output_stride, const Qs8DwconvParams& params) {
  avx512::Qs8Dwconv16c<DotAdd>(pixels, channels, taps, inputs, packed, output, output_stride,
                               params);
}

// The row form (qs8_dwconv.h's Qs8DwconvRowFn; common/qs8_dwconv_row_avx512.h).
void qs8_dwconv_row3_16c__avx512vnni(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                     const void* packed, uint8_t* output,
                                     const Qs8DwconvParams& params) {
  avx512::Qs8DwconvRow16c<DotAdd>(pixels, channels, row, packed, output, params);
}

}  // namespace brasa
