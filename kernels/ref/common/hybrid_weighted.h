// Dynamic-range ("hybrid") CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED:
// float32 input and output, int8 weights (per-tensor or per-channel
// symmetric), float32 bias. As in LiteRT's EvalHybrid / EvalHybridPerChannel,
// each batch of the input is quantized to int8 on the fly (symmetric, or
// asymmetric with a per-batch zero point), the products are summed in int32
// and the sum is scaled back to float by input scale x filter scale.
#ifndef BRASA_KERNELS_REF_COMMON_HYBRID_WEIGHTED_H_
#define BRASA_KERNELS_REF_COMMON_HYBRID_WEIGHTED_H_

#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

struct ConvData;
struct DepthwiseData;
struct FullyConnectedData;

// What Prepare computes for a hybrid node (part of the op data).
struct HybridWeights {
  bool enabled = false;
  bool asymmetric = false;              // asymmetric per-batch input quantization
  const float* channel_scales = nullptr;  // filter scale per output channel
  int32_t batches = 0, batch_size = 0;  // quantized rows and their length
  int quantized_scratch = -1;           // int8 [batches * batch_size]
  int factors_scratch = -1;             // float [batches]: input scales
  int offsets_scratch = -1;             // int32 [batches]: input zero points
};

// Float input with an int8 filter (input 0 and 1 present).
bool IsHybridWeightedOp(const KernelContext& context);

// Checks the filter's quantization (symmetric, per-tensor or one scale per
// channel along `channel_dimension`), the float bias and output; fills the
// scales and requests the scratch for `batches` rows of `batch_size`.
Status PrepareHybridWeights(KernelContext& context, int32_t channels, int32_t channel_dimension,
                            int32_t batches, int32_t batch_size, bool asymmetric,
                            HybridWeights* hybrid);
// The same into a HybridWeights of its own in persistent memory: the
// convolutions' and FULLY_CONNECTED's op data hold a pointer, null on the
// int8 path (24 bytes less op data per node on a microcontroller).
Status PrepareHybridWeights(KernelContext& context, int32_t channels, int32_t channel_dimension,
                            int32_t batches, int32_t batch_size, bool asymmetric,
                            const HybridWeights** hybrid);

// Whether a per-channel filter has scales that differ (LiteRT's test for
// its per-channel hybrid convolution).
bool HasDistinctScales(const Tensor& filter);

// Quantizes the float input row by row into the scratch; returns the
// quantized rows, the input scales and the zero points.
struct HybridInput {
  const int8_t* values;
  const float* scales;
  const int32_t* offsets;
};
HybridInput QuantizeHybridInput(KernelContext& context, const HybridWeights& hybrid);

// One output of a hybrid convolution: the int32 sum scaled by the input
// and filter scales in LiteRT's order (per-channel: (acc * s_w) * s_in;
// per-tensor: acc * (s_in * s_w)), plus the bias, clamped.
inline float HybridConvOutput(int32_t acc, float input_scale, float filter_scale, bool asymmetric,
                              const float* bias, int32_t channel, float low, float high) {
  const float sum = asymmetric ? static_cast<float>(acc) * filter_scale * input_scale
                               : static_cast<float>(acc) * (input_scale * filter_scale);
  const float value = sum + (bias != nullptr ? bias[channel] : 0.0f);
  return std::min(std::max(value, low), high);
}

// The hybrid Evals (kernels/ref/hybrid_*.cc), reached from the kernels' Eval.
Status EvalHybridFullyConnected(KernelContext& context, const FullyConnectedData& data);
Status EvalHybridConv2d(KernelContext& context, const ConvData& data);
Status EvalHybridDepthwiseConv2d(KernelContext& context, const DepthwiseData& data);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_HYBRID_WEIGHTED_H_
