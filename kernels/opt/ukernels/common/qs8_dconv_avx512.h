// What qs8_dconv's AVX-512 variants (qs8_dconv_8x32c4__avx512vnni.cc,
// qs8_dconv_10x32c2__avx512.cc) share: reading a group's 4 A bytes and the
// requantization of a block's 16 channels, with the per-channel parts of
// requantize_avx512.h's Requantize worked out once per tile instead of once
// per pixel (with 27 taps per output, requantizing costs as much as the
// sums). Same arithmetic, same results.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/opt/ukernels/common/packed_channel.h"
#include "kernels/opt/ukernels/common/requantize_avx512.h"
#include "kernels/opt/ukernels/qs8_dconv/qs8_dconv.h"

namespace brasa {
namespace avx512 {
// Internal linkage: compiled with each including file's ISA flags.
namespace {

constexpr int32_t kDconvNr = 16;
constexpr size_t kDconvHeaderBytes = sizeof(int32_t) * kPackedChannelWords * kDconvNr;

inline uint32_t LoadDconvWord(const uint8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}

// Pixels [0, P / 4 * 4) of StoreRequantizedPixels, 4 at a time; kMasked:
// the block has fewer than 16 channels, each pixel's store keeps `mask`'s.
template <int32_t P, bool kPlain, bool kUnsigned, bool kMasked>
BRASA_FORCE_INLINE void DconvStoreFours(const __m512i* totals, const RowBlockQuant& q,
                                        const FourPack& pack, __mmask16 mask, uint8_t* out,
                                        size_t stride) {
  for (int32_t p = 0; p + 4 <= P; p += 4) {
    const __m512i bytes = FinishFour<kUnsigned>(
        RequantizeRow<kPlain>(totals[p], q), RequantizeRow<kPlain>(totals[p + 1], q),
        RequantizeRow<kPlain>(totals[p + 2], q), RequantizeRow<kPlain>(totals[p + 3], q), pack);
    StoreFourRows<kMasked>(bytes, out + static_cast<size_t>(p) * stride, stride, mask);
  }
}

// DconvStoreFours for the block's quantization and clamp.
template <int32_t P, bool kMasked>
BRASA_FORCE_INLINE void DconvStoreFoursFor(const __m512i* totals, const RowBlockQuant& q,
                                           __mmask16 mask, uint8_t* out, size_t stride,
                                           const Qs8DconvParams& params) {
  const FourPack pack =
      MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  if (UnsignedBytes(params.output_min)) {
    q.plain ? DconvStoreFours<P, true, true, kMasked>(totals, q, pack, mask, out, stride)
            : DconvStoreFours<P, false, true, kMasked>(totals, q, pack, mask, out, stride);
  } else {
    q.plain ? DconvStoreFours<P, true, false, kMasked>(totals, q, pack, mask, out, stride)
            : DconvStoreFours<P, false, false, kMasked>(totals, q, pack, mask, out, stride);
  }
}

// The output bytes of P pixels (totals[p]: pixel p's sums) of one block of
// 16 channels, `count` of them real, pixel p at out + p * stride: the
// single-rounding requantization of requantize_avx512.h (RequantizeRow,
// its per-channel terms derived at packing), then 4 pixels' bytes at
// once (FinishFour; stores under the channels' mask only where the block
// is not full), the rest pixel by pixel under a mask. vpmovdb and one
// masked store per pixel took about as long as the sums of the 27-tap
// first layer.
template <int32_t P>
BRASA_FORCE_INLINE void StoreRequantizedPixels(const __m512i* totals, const uint8_t* header, int32_t count,
                                   uint8_t* out, size_t stride, const Qs8DconvParams& params) {
  const RowBlockQuant q = LoadRowBlockQuant(reinterpret_cast<const int32_t*>(header));
  const __mmask16 store = static_cast<__mmask16>((1u << std::min(kDconvNr, count)) - 1);
  int32_t p = 0;
  if (P >= 4) {
    if (count >= kDconvNr) {
      DconvStoreFoursFor<P, false>(totals, q, store, out, stride, params);
    } else {
      DconvStoreFoursFor<P, true>(totals, q, store, out, stride, params);
    }
    p = P / 4 * 4;
  }
  if (p < P) {
    const Requantization r =
        MakeRequantization(params.output_zero_point, params.output_min, params.output_max);
    for (; p < P; ++p) {
      _mm_mask_storeu_epi8(out + static_cast<size_t>(p) * stride, store,
                           FinishRow(RequantizeRow(totals[p], q), r));
    }
  }
}

// Pixels p, p + 1 of two plain blocks whose 32 channels are all of each
// pixel's bytes (stride 32): the 4 vectors' bytes are the 64 contiguous
// output bytes, one store instead of 4 extracts and 8 stores per 4 pixels.
template <int32_t P, bool kUnsigned>
BRASA_FORCE_INLINE void DconvStorePairs(const __m512i* first, const __m512i* second,
                                        const RowBlockQuant& q0, const RowBlockQuant& q1,
                                        const FourPack& pack, uint8_t* out) {
  constexpr int32_t kPixelBytes = 2 * kDconvNr;
  for (int32_t p = 0; p + 2 <= P; p += 2) {
    _mm512_storeu_si512(out + p * kPixelBytes,
                        FinishFour<kUnsigned>(RequantizeRow<true>(first[p], q0),
                                              RequantizeRow<true>(second[p], q1),
                                              RequantizeRow<true>(first[p + 1], q0),
                                              RequantizeRow<true>(second[p + 1], q1), pack));
  }
  if (P % 2 == 1) {
    const __m512i a = RequantizeRow<true>(first[P - 1], q0);
    const __m512i b = RequantizeRow<true>(second[P - 1], q1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + (P - 1) * kPixelBytes),
                        _mm512_castsi512_si256(FinishFour<kUnsigned>(a, b, a, b, pack)));
  }
}

// StoreRequantizedPixels for both blocks at once where each pixel's output
// is exactly their 32 channels and both are plain; false (nothing stored)
// otherwise.
template <int32_t P>
BRASA_FORCE_INLINE bool StorePixelPairs(const __m512i* first, const __m512i* second,
                                        const uint8_t* header0, const uint8_t* header1,
                                        uint8_t* out, const Qs8DconvParams& params) {
  const RowBlockQuant q0 = LoadRowBlockQuant(reinterpret_cast<const int32_t*>(header0));
  const RowBlockQuant q1 = LoadRowBlockQuant(reinterpret_cast<const int32_t*>(header1));
  if (params.channels != 2 * kDconvNr || !q0.plain || !q1.plain) return false;
  const FourPack pack =
      MakeFourPack(params.output_zero_point, params.output_min, params.output_max);
  if (UnsignedBytes(params.output_min)) {
    DconvStorePairs<P, true>(first, second, q0, q1, pack, out);
  } else {
    DconvStorePairs<P, false>(first, second, q0, q1, pack, out);
  }
  return true;
}

}  // namespace
}  // namespace avx512
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_QS8_DCONV_AVX512_H_
