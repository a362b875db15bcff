// qs8_dwplane with AVX-512 F/BW: products summed with vpmaddwd + vpaddd
// (the body is common/qs8_dwplane_avx512.h).
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dwplane_avx512.h"

namespace brasa {
namespace {

struct MaddAdd {
  static __m512i Apply(__m512i acc, __m512i x, __m512i w) {
    return _mm512_add_epi32(acc, _mm512_madd_epi16(x, w));
  }
};

}  // namespace

void qs8_dwplane_16x__avx512(int32_t out_w, const uint8_t* const* rows, const void* packed,
                             uint8_t* output, const Qs8DwplaneParams& params) {
  avx512::Qs8Dwplane16x<MaddAdd>(out_w, rows, packed, output, params);
}

}  // namespace brasa
