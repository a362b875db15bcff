// One time step of TensorFlow Lite's hybrid ("dynamic range") LSTM cell:
// float32 input, states, biases and layer norm weights; int8 matrix and
// peephole weights with one scale each. Every step quantizes each batch row
// of the input, of the output state and (with projection) of the hidden
// state to int8 (symmetric, or asymmetric with asymmetric_quantize_inputs),
// multiplies in int32 and scales the sums back to float; the rest of the
// cell is the float one (lstm_float.h). Used by UNIDIRECTIONAL_SEQUENCE_LSTM
// and BIDIRECTIONAL_SEQUENCE_LSTM.
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_HYBRID_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_HYBRID_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/lstm_float.h"
#include "kernels/ref/common/lstm_tensors.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {

// An int8 matrix [rows, cols] with its scale and (asymmetric inputs only)
// its row sums.
struct HybridLstmMatrix {
  const int8_t* data = nullptr;
  float scale = 0.0f;
  const int32_t* row_sums = nullptr;
  int32_t rows = 0, cols = 0;
};

struct HybridLstmGate {
  HybridLstmMatrix input, recurrent;
  const float* peephole = nullptr;    // int8 weights x scale, as LiteRT recovers them; or null
  const float* layer_norm = nullptr;  // or null
  const float* bias = nullptr;
};

struct HybridLstmCell : LstmCellBase {
  HybridLstmGate gates[4];  // indexed by LstmGate; kInputGate unused with CIFG
  bool asymmetric_inputs = false;
  HybridLstmMatrix projection;                // data null without projection
  const float* projection_bias = nullptr;     // or null
};

// Scratch indices (from Prepare) and the buffers they give in Eval.
struct HybridLstmScratchIds {
  int floats = -1, bytes = -1, ints = -1;
};
struct HybridLstmScratch {
  float* gates[4];  // n_batch * n_cell each
  float* hidden;    // n_batch * n_cell
  // Per batch row: the scales and zero points of the quantized input,
  // output state and hidden state, and row scale x matrix scale.
  float *input_scales, *state_scales, *hidden_scales, *products;
  int32_t *input_offsets, *state_offsets, *hidden_offsets;
  int8_t *input_q, *state_q, *hidden_q;  // [n_batch, n_input / n_output / n_cell]
};

// Checks the int8 weights (one positive scale, zero point 0, constant),
// points `cell` at them and computes in persistent memory what LiteRT
// derives from them once (row sums, recovered peephole weights); requests
// the step's scratch for `n_batch` rows.
Status PrepareHybridLstmCell(KernelContext& context, const LstmInputMap& map,
                             const LstmLayout& layout, RnnActivation activation, float cell_clip,
                             float proj_clip, bool asymmetric_inputs, HybridLstmCell* cell,
                             HybridLstmScratchIds* scratch);

HybridLstmScratch GetHybridLstmScratch(KernelContext& context, const HybridLstmScratchIds& ids,
                                       const LstmLayout& layout);

// As FloatLstmStep (lstm_float.h), with the hybrid cell.
void HybridLstmStep(const HybridLstmCell& cell, int32_t n_batch, const float* input,
                    float* output_state, float* cell_state, float* output, int32_t output_stride,
                    const HybridLstmScratch& scratch);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_HYBRID_H_
