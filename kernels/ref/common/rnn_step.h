// One step of TensorFlow Lite's fully connected recurrent cell,
// y = activation(b + W x + R h), then h = y: float32, or hybrid (int8 W and
// R with one scale each; x and h quantized per batch row on the fly, as
// kernel_utils::RnnBatchStep). Shared by RNN, UNIDIRECTIONAL_SEQUENCE_RNN
// and BIDIRECTIONAL_SEQUENCE_RNN.
#ifndef BRASA_KERNELS_REF_COMMON_RNN_STEP_H_
#define BRASA_KERNELS_REF_COMMON_RNN_STEP_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {

struct RnnCell {
  int32_t input_size = 0, units = 0;
  RnnActivation activation = RnnActivation::kNone;
  const float* bias = nullptr;
  const float* weights = nullptr;    // float: [units, input_size]
  const float* recurrent = nullptr;  // float: [units, units]
  bool hybrid = false, asymmetric_inputs = false;
  const int8_t* weights_q = nullptr;  // hybrid
  const int8_t* recurrent_q = nullptr;
  float weights_scale = 0.0f, recurrent_scale = 0.0f;
  const int32_t* row_sums = nullptr;  // weights' rows, then recurrent's (hybrid)
};

struct RnnScratchIds {
  int quantized_input = -1, quantized_state = -1, scales = -1, offsets = -1;
};
struct RnnScratch {
  int8_t* quantized_input;
  int8_t* quantized_state;
  float* scales;
  int32_t* offsets;
};

// Checks the weights (inputs weights_index, +1 recurrent, +2 bias: float32
// weights, or int8 with one positive scale; float32 bias) for `input_size`
// inputs, fills `cell` and, for a hybrid cell, requests scratch for
// `batches` rows.
Status PrepareRnnCell(KernelContext& context, int weights_index, int32_t input_size,
                      Activation activation, bool asymmetric_inputs, int32_t batches,
                      RnnCell* cell, RnnScratchIds* scratch);

RnnScratch GetRnnScratch(KernelContext& context, const RnnScratchIds& ids);

// `rows` batch rows: y row b (at y + b * y_stride) = activation(b + W x_b +
// R h_b), then h_b = y row b.
void RnnStep(const RnnCell& cell, int32_t rows, const float* x, float* h, float* y,
             int32_t y_stride, const RnnScratch& scratch);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_RNN_STEP_H_
