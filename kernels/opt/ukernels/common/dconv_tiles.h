// The loops the SIMD variants of the direct convolution families (f32_dconv,
// qs8_dconv; f32_dconv_8x32__avx512 has its own) share: channels in chunks
// of two packed blocks, pixels in tiles of up to Policy::kMaxPixels, each
// tile size and block count a compile-time instance of Policy::Tile<P, NB>
// (so accumulators stay in registers). Portable code: each variant's
// translation unit instantiates it with its own ISA's flags, inside an
// unnamed namespace.
//
// Policy: kNr (channels per packed block), kMaxPixels, and
//   template <int32_t P, int32_t NB>
//   static void Tile(int32_t first_pixel, const In* const* rows, const In* block,
//                    size_t block_size, Out* out, int32_t count, const Params& params);
// computing pixels [first_pixel, first_pixel + P) x NB blocks from `block`
// (block_size elements apart), `count` real channels from `out` on.
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_DCONV_TILES_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_DCONV_TILES_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace brasa {
namespace {

template <typename Policy, int32_t P, int32_t NB, typename In, typename Out, typename Params>
void DconvDispatchPixels(int32_t pixels, int32_t first_pixel, const In* const* rows,
                         const In* block, size_t block_size, Out* out, int32_t count,
                         const Params& params) {
  if (pixels == P) {
    Policy::template Tile<P, NB>(first_pixel, rows, block, block_size, out, count, params);
  } else if constexpr (P > 1) {
    DconvDispatchPixels<Policy, P - 1, NB>(pixels, first_pixel, rows, block, block_size, out,
                                           count, params);
  }
}

// `pixels` outputs x params.channels from `packed` (blocks of block_size).
template <typename Policy, typename In, typename Out, typename Params>
void RunDconvTiles(int32_t pixels, const In* const* rows, const In* packed, size_t block_size,
                   Out* output, const Params& params) {
  constexpr int32_t kNr = Policy::kNr, kMaxPixels = Policy::kMaxPixels;
  for (int32_t first = 0; first < params.channels; first += 2 * kNr) {
    const In* block = packed + static_cast<size_t>(first / kNr) * block_size;
    const int32_t count = params.channels - first;
    for (int32_t k = 0; k < pixels; k += kMaxPixels) {
      const int32_t tile = std::min(kMaxPixels, pixels - k);
      if (count > kNr) {
        DconvDispatchPixels<Policy, kMaxPixels, 2>(tile, k, rows, block, block_size,
                                                   output + first, count, params);
      } else {
        DconvDispatchPixels<Policy, kMaxPixels, 1>(tile, k, rows, block, block_size,
                                                   output + first, count, params);
      }
    }
  }
}

}  // namespace
}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_DCONV_TILES_H_
