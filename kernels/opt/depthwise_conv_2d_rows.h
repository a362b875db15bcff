// The few-channel part of the optimized DEPTHWISE_CONV_2D
// (kernels/opt/depthwise_conv_2d.cc): int8/uint8 nodes with depth
// multiplier 1, horizontal stride 1 and fewer channels C than the qs8_dwconv
// variant's block (C dividing it: 8 channels in person_detect's second
// layer). There a pixel fills only part of a vector, but with stride 1 an
// output row's pixels are as contiguous in memory as each tap's input
// pixels: the row is cut into "pseudo-pixels" of one block of channels
// (several real pixels), and the packed weights repeat the C channels
// across the block. The input is a padded copy (dwconv_padded_input.h), so
// pseudo-pixels need no padding taps.
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
