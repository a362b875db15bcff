// qs8_dwconv's row form with AVX-VNNI: the AVX2 row form with each pair of
// products summed by one vpdpwssd (common/qs8_dwconv_row_avx2.h). The
// indirection form stays qs8_dwconv_8c__avx2's.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwconv_row_avx2.h"

namespace brasa {
namespace {

struct DotAdd {
  static __m256i Apply(__m256i acc, __m256i x, __m256i w) {
    return _mm256_dpwssd_avx_epi32(acc, x, w);
  }
};

}  // namespace

void qs8_dwconv_row3_8c__avxvnni(int32_t pixels, int32_t channels, const Qs8DwconvRow& row,
                                 const void* packed, uint8_t* output,
                                 const Qs8DwconvParams& params) {
  avx2::Qs8DwconvRow8c<DotAdd>(pixels, channels, row, packed, output, params);
}

}  // namespace brasa
