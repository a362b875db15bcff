// The few-channel part of the optimized DEPTHWISE_CONV_2D
// (kernels/opt/depthwise_conv_2d.cc): int8/uint8 nodes with depth
// multiplier 1, horizontal stride 1 and fewer channels C than the qs8_dwconv
// variant's block (C dividing it: 8 channels in person_detect's second
// layer). There a pixel fills only part of a vector, but with stride 1 an
// output row's pixels are as contiguous in memory as each tap's input
// pixels: the row is cut into "pseudo-pixels" of one block of channels
// (several real pixels), and the packed weights repeat the C channels
// across the block. The input is a padded copy (dwconv_padded_input.h), so
// pseudo-pixels need no padding taps. With C half the block and windows 3
// wide (person_detect's 48x48x8 layer), the variant's row form computes
// them: a pseudo-pixel of 2 pixels reads its window columns 2 pixels apart
// (Qs8DwconvRow stride 2 over pixels of C bytes), so each column is loaded
// once for the pseudo-pixels that share it (with VNNI, 3 taps per
// instruction) instead of once per tap through an indirection list.
#ifndef BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_ROWS_H_
#define BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_ROWS_H_

#include "brasa/kernel.h"
#include "kernels/opt/dwconv_padded_input.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/ref/depthwise_conv_2d.h"

namespace brasa {

// Multiply-adds from which the int8 depthwise paths (the row form in
// depthwise_conv_2d.cc, this file's rows) split across threads: below
// parallel_work.h's general threshold, as depthwise multiply-adds are slower
// (2^16 of them take 3 to 6 us on one core; person_detect's 41K-multiply-add
// layers ran slower on two threads, its 83K ones 1.35x faster).
constexpr int64_t kMinParallelDepthwiseMacs = int64_t{1} << 16;

struct RowsDepthwisePlan {
  bool active = false;
  const void* packed = nullptr;  // one block of `cb` lanes repeating the C channels
  bool row_form = false;         // variant.row over pseudo-pixels of 2 pixels
  const uint8_t* padding = nullptr;  // row_form: cb bytes of zp_in (Qs8DwconvRow::padding)
  int32_t rows_per_task = 1;         // output rows per task (and row-form call)
  PaddedInput padded;
  int padded_scratch = -1;  // [batches][padded.image_bytes()]
};

// Whether the rows path applies to a node with these weights under `variant`.
bool RowsDepthwiseApplies(const DepthwiseData& data, const Qs8DwconvWeights& weights,
                          const Qs8DwconvVariant& variant);
// Packs the repeated weights and requests the padded copy's scratch.
Status PrepareRowsDepthwise(KernelContext& context, const DepthwiseData& data,
                            Qs8DwconvWeights weights, const Qs8DwconvVariant& variant,
                            RowsDepthwisePlan* plan);
Status EvalRowsDepthwise(KernelContext& context, const DepthwiseData& data,
                         const Qs8DwconvVariant& variant, const Qs8DwconvParams& params,
                         const RowsDepthwisePlan& plan);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DEPTHWISE_CONV_2D_ROWS_H_
