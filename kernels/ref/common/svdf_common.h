// What the SVDF kernel (kernels/ref/svdf.cc) shares with its hybrid path
// (svdf_hybrid.cc): inputs, op data, the state shift.
#ifndef BRASA_KERNELS_REF_COMMON_SVDF_COMMON_H_
#define BRASA_KERNELS_REF_COMMON_SVDF_COMMON_H_

#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {

constexpr int kSvdfInput = 0, kSvdfWeightsFeature = 1, kSvdfWeightsTime = 2, kSvdfBias = 3,
              kSvdfState = 4;

struct SvdfData {
  int32_t batches = 0, input_size = 0, num_filters = 0, num_units = 0, memory_size = 0;
  RnnActivation activation = RnnActivation::kNone;
  QuantizedMultiplier feature_to_state;  // s_in * s_wf / s_state
  QuantizedMultiplier state_to_output;   // s_state * s_wt / s_out
  int32_t input_zp = 0, output_zp = 0;
  int scratch = -1;  // float or int32 per filter; the integer path adds per unit
  int unit_scratch = -1;
  const float* weights_time = nullptr;  // float time weights (dequantized if hybrid)
  // Hybrid only.
  bool hybrid = false, asymmetric_inputs = false;
  float weights_feature_scale = 0.0f;
  const int32_t* row_sums = nullptr;                                // of the feature weights
  int quantized_input = -1, input_scales = -1, input_offsets = -1;  // scratch
};

// Drops each filter's oldest activation: the whole state moves left by one
// element; each filter's last slot is then overwritten with the new one.
template <typename T>
void ShiftState(T* state, int64_t count) {
  if (count > 1) std::memmove(state, state + 1, sizeof(T) * static_cast<size_t>(count - 1));
}

// Hybrid: float input, bias, state and output; int8 feature and time weights.
// Dequantizes the time weights once and requests the quantization scratch.
Status PrepareSvdfHybrid(KernelContext& context, bool asymmetric_inputs, SvdfData* data);

// Shifts the state and stores each filter's newest activation, computed from
// the input quantized per batch row to int8; `per_filter` is scratch.
void ComputeSvdfHybridFeatures(KernelContext& context, const SvdfData& d, float* state,
                               float* per_filter);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_SVDF_COMMON_H_
