// qs8_dconv with AVX2: tiles of 6 pixels x 16 channels over the wide layout
// (common/qs8_dconv_wide_avx2.h), each pair of taps one vpmaddwd + vpaddd
// per block. The 2x16c4 kernel this replaced widened the weights for every
// 2 pixels and each pixel's 4 bytes per group, and kept two partial sums
// per channel.
#include <immintrin.h>

#include "kernels/opt/ukernels/common/qs8_dconv_wide_avx2.h"

namespace brasa {
namespace {

struct MaddAdd {
  static constexpr bool kUnrollFive = false;
  static __m256i Apply(__m256i acc, __m256i x, __m256i w) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(x, w));
  }
};

}  // namespace

void qs8_dconv_6x16c2__avx2(int32_t pixels, const uint8_t* const* rows, const void* packed,
                            uint8_t* output, const Qs8DconvParams& params) {
  avx2::Qs8DconvWide6x16<MaddAdd>(pixels, rows, packed, output, params);
}

}  // namespace brasa
