// qs8_dconv with AVX-VNNI (AVX2 CPUs with the VEX form of vpdpwssd, such as
// Alder Lake): the AVX2 variant's wide 6x16 tiles
// (common/qs8_dconv_wide_avx2.h) with each pair of taps summed into a
// block's channels by one vpdpwssd instead of vpmaddwd + vpaddd.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dconv_wide_avx2.h"

namespace brasa {
namespace {

struct DotAdd {
  static constexpr bool kUnrollFive = true;  // see WideTiles::TileFor
  static __m256i Apply(__m256i acc, __m256i x, __m256i w) {
    return _mm256_dpwssd_avx_epi32(acc, x, w);
  }
};

}  // namespace

void qs8_dconv_6x16c2__avxvnni(int32_t pixels, const uint8_t* const* rows, const void* packed,
                               uint8_t* output, const Qs8DconvParams& params) {
  avx2::Qs8DconvWide6x16<DotAdd>(pixels, rows, packed, output, params);
}

}  // namespace brasa
