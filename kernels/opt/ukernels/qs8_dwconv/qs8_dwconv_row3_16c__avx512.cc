// qs8_dwconv's row form (qs8_dwconv.h's Qs8DwconvRowFn) with AVX-512 F/BW:
// products summed by vpmaddwd + vpaddd (the body is common/qs8_dwconv_row_avx512.h).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_row_avx512.h"

namespace brasa {
namespace {

struct MaddAdd {
  static __m512i Apply(__m512i acc, __m512i x, __m512i w) {
    return _mm512_add_epi32(acc, _mm512_madd_epi16(x, w));
  }
};

}  // namespace

void qs8_dwconv_row3_16c__avx512(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                 const void* packed, uint8_t* output,
                                 const Qs8DwconvParams& params) {
  avx512::Qs8DwconvRow16c<MaddAdd>(pixels, channels, row, packed, output, params);
}

}  // namespace brasa
