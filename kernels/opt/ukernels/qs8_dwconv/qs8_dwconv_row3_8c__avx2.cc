// qs8_dwconv's row form with AVX2: each product summed by vpmaddwd +
// vpaddd (the body is common/qs8_dwconv_row_avx2.h).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_row_avx2.h"

namespace brasa {
namespace {

struct MaddAdd {
  static __m256i Apply(__m256i acc, __m256i x, __m256i w) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(x, w));
  }
};

}  // namespace

void qs8_dwconv_row3_8c__avx2(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                              const void* packed, uint8_t* output,
                              const Qs8DwconvParams& params) {
  avx2::Qs8DwconvRow8c<MaddAdd>(pixels, channels, row, packed, output, params);
}

}  // namespace brasa
