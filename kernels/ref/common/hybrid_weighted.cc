// Shared parts of the hybrid weighted ops: see hybrid_weighted.h.
#include "kernels/ref/common/hybrid_weighted.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/hybrid_quantize.h"

namespace brasa {

bool IsHybridWeightedOp(const KernelContext& context) {
  if (context.num_inputs() < 2) return false;
  const Tensor* input = context.input(0);
  const Tensor* filter = context.input(1);
  return input != nullptr && filter != nullptr && input->type == DataType::kFloat32 &&
         filter->type == DataType::kInt8;
}

bool HasDistinctScales(const Tensor& filter) {
  const ScaleList& scales = filter.quantization.scales;
  return std::any_of(scales.begin(), scales.end(), [&](float s) { return s != scales[0]; });
}

Status PrepareHybridWeights(KernelContext& context, int32_t channels, int32_t channel_dimension,
                            int32_t batches, int32_t batch_size, bool asymmetric,
                            HybridWeights* hybrid) {
  const Tensor& filter = *context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  const Tensor& output = *context.output(0);
  if (output.type != DataType::kFloat32) {
    return context.Error("hybrid output type %s is not float32", DataTypeName(output.type));
  }
  if (bias != nullptr && bias->type != DataType::kFloat32) {
    return context.Error("hybrid bias type %s is not float32", DataTypeName(bias->type));
  }
  BRASA_RETURN_IF_ERROR(CheckFilterScales(context, filter, channels, channel_dimension));
  for (int32_t zero_point : filter.quantization.zero_points) {
    if (zero_point != 0) return context.Error("hybrid filter zero point %d is not 0", zero_point);
  }
  auto* scales = static_cast<float*>(
      context.AllocatePersistent(sizeof(float) *
                                 static_cast<size_t>(std::max<int32_t>(channels, 1))));
  if (scales == nullptr) return OutOfMemory(context);
  for (int32_t c = 0; c < channels; ++c) scales[c] = FilterScale(filter, c);
  hybrid->enabled = true;
  hybrid->asymmetric = asymmetric;
  hybrid->channel_scales = scales;
  hybrid->batches = batches;
  hybrid->batch_size = batch_size;
  const size_t rows = static_cast<size_t>(std::max<int32_t>(batches, 1));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(
      std::max<size_t>(1, rows * static_cast<size_t>(batch_size)), &hybrid->quantized_scratch));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(sizeof(float) * rows, &hybrid->factors_scratch));
  return context.RequestScratch(sizeof(int32_t) * rows, &hybrid->offsets_scratch);
}

Status PrepareHybridWeights(KernelContext& context, int32_t channels, int32_t channel_dimension,
                            int32_t batches, int32_t batch_size, bool asymmetric,
                            const HybridWeights** hybrid) {
  void* memory = context.AllocatePersistent(sizeof(HybridWeights));
  if (memory == nullptr) return OutOfMemory(context);
  auto* weights = new (memory) HybridWeights();
  BRASA_RETURN_IF_ERROR(PrepareHybridWeights(context, channels, channel_dimension, batches,
                                             batch_size, asymmetric, weights));
  *hybrid = weights;
  return Status::Ok();
}

HybridInput QuantizeHybridInput(KernelContext& context, const HybridWeights& hybrid) {
  const float* input = context.input(0)->data_as<float>();
  auto* values = static_cast<int8_t*>(context.scratch(hybrid.quantized_scratch));
  auto* scales = static_cast<float*>(context.scratch(hybrid.factors_scratch));
  auto* offsets = static_cast<int32_t*>(context.scratch(hybrid.offsets_scratch));
  for (int32_t b = 0; b < hybrid.batches; ++b) {
    const int64_t start = int64_t{b} * hybrid.batch_size;
    QuantizeFloatsForHybrid(input + start, hybrid.batch_size, hybrid.asymmetric, values + start,
                            &scales[b], &offsets[b]);
  }
  return HybridInput{values, scales, offsets};
}

}  // namespace brasa
