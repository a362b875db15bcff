// SVDF's hybrid path: see svdf_common.h and TensorFlow Lite's EvalHybridSVDF.
#include <algorithm>

#include "kernels/ref/common/hybrid_quantize.h"
#include "kernels/ref/common/svdf_common.h"

namespace brasa {

Status PrepareSvdfHybrid(KernelContext& context, bool asymmetric_inputs, SvdfData* data) {
  const Tensor& weights_feature = *context.input(kSvdfWeightsFeature);
  const Tensor& weights_time = *context.input(kSvdfWeightsTime);
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights_feature, DataType::kInt8, "weights_feature"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights_time, DataType::kInt8, "weights_time"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, weights_feature, "weights_feature"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, weights_time, "weights_time"));
  for (const int i : {kSvdfBias, kSvdfState}) {
    const Tensor* t = context.input(i);
    if (t != nullptr)
      BRASA_RETURN_IF_ERROR(ExpectType(context, *t, DataType::kFloat32, "bias/state"));
  }
  data->hybrid = true;
  data->asymmetric_inputs = asymmetric_inputs;
  data->weights_feature_scale = weights_feature.quantization.scale();
  const size_t time_count = static_cast<size_t>(weights_time.element_count());
  auto* dequantized = static_cast<float*>(context.AllocatePersistent(sizeof(float) * time_count));
  auto* row_sums = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(data->num_filters)));
  if (dequantized == nullptr || row_sums == nullptr) return RnnOutOfMemory(context);
  const float time_scale = weights_time.quantization.scale();
  for (size_t i = 0; i < time_count; ++i) {
    dequantized[i] = weights_time.data_as<int8_t>()[i] * time_scale;
  }
  for (int32_t f = 0; f < data->num_filters; ++f) {
    int32_t sum = 0;
    for (int32_t c = 0; c < data->input_size; ++c) {
      sum += weights_feature.data_as<int8_t>()[int64_t{f} * data->input_size + c];
    }
    row_sums[f] = sum;
  }
  data->weights_time = dequantized;
  data->row_sums = row_sums;
  const size_t batches = static_cast<size_t>(data->batches);
  BRASA_RETURN_IF_ERROR(context.RequestScratch(batches * static_cast<size_t>(data->input_size),
                                               &data->quantized_input));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(batches * sizeof(float), &data->input_scales));
  return context.RequestScratch(batches * sizeof(int32_t), &data->input_offsets);
}

// Hybrid features: each input row quantized to int8 (its own scale), int8
// dot products scaled back to float.
void ComputeSvdfHybridFeatures(KernelContext& context, const SvdfData& d, float* state,
                               float* per_filter) {
  const float* input = context.input(kSvdfInput)->data_as<float>();
  auto* quantized = static_cast<int8_t*>(context.scratch(d.quantized_input));
  auto* scales = static_cast<float*>(context.scratch(d.input_scales));
  auto* offsets = static_cast<int32_t*>(context.scratch(d.input_offsets));
  const int64_t filters = int64_t{d.batches} * d.num_filters;
  ShiftState(state, filters * d.memory_size);
  std::fill_n(per_filter, filters, 0.0f);
  const int64_t inputs = int64_t{d.batches} * d.input_size;
  // TensorFlow Lite skips an all-zero input (the products would be 0 too).
  if (std::all_of(input, input + inputs, [](float x) { return x == 0.0f; })) {
    for (int64_t f = 0; f < filters; ++f) state[f * d.memory_size + d.memory_size - 1] = 0.0f;
    return;
  }
  for (int32_t b = 0; b < d.batches; ++b) {
    const int64_t row = int64_t{b} * d.input_size;
    QuantizeFloatsForHybrid(input + row, d.input_size, d.asymmetric_inputs, quantized + row,
                            &scales[b], &offsets[b]);
    scales[b] *= d.weights_feature_scale;
  }
  HybridMatrixVectorAccumulate(context.input(kSvdfWeightsFeature)->data_as<int8_t>(), d.num_filters,
                               d.input_size, quantized, scales, offsets, d.row_sums, d.batches,
                               per_filter);
  for (int64_t f = 0; f < filters; ++f)
    state[f * d.memory_size + d.memory_size - 1] = per_filter[f];
}

}  // namespace brasa
