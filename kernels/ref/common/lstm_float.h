// One time step of TensorFlow Lite's float LSTM cell (optional CIFG,
// peephole, layer normalization, projection and clipping), as the
// UNIDIRECTIONAL_SEQUENCE_LSTM and BIDIRECTIONAL_SEQUENCE_LSTM kernels use it.
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_FLOAT_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_FLOAT_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/lstm_integer.h"
#include "kernels/ref/common/lstm_tensors.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {

struct FloatLstmGate {
  const float* input_weights = nullptr;       // [n_cell, n_input]
  const float* recurrent_weights = nullptr;   // [n_cell, n_output]
  const float* cell_weights = nullptr;        // peephole [n_cell], or null
  const float* layer_norm_weights = nullptr;  // [n_cell], or null
  const float* bias = nullptr;                // [n_cell]
};

// What the float and hybrid cells share: sizes, CIFG, activation, clipping.
struct LstmCellBase {
  bool use_cifg = false;
  int32_t n_input = 0, n_cell = 0, n_output = 0;
  RnnActivation activation = RnnActivation::kTanh;  // cell gate and cell output
  float cell_clip = 0.0f;                           // 0: none
  float proj_clip = 0.0f;
};
inline LstmCellBase MakeLstmCellBase(const LstmLayout& l, RnnActivation activation,
                                     float cell_clip, float proj_clip) {
  LstmCellBase base;
  base.use_cifg = l.use_cifg;
  base.n_input = l.n_input;
  base.n_cell = l.n_cell;
  base.n_output = l.n_output;
  base.activation = activation;
  base.cell_clip = cell_clip;
  base.proj_clip = proj_clip;
  return base;
}

struct FloatLstmCell : LstmCellBase {
  FloatLstmGate gates[4];  // indexed by LstmGate; kInputGate unused with CIFG
  const float* projection_weights = nullptr;  // [n_output, n_cell], or null
  const float* projection_bias = nullptr;     // [n_output], or null
};

// Points `cell` at the float weights `map` names (checked by
// CheckLstmTensors).
void FillFloatLstmCell(const KernelContext& context, const LstmInputMap& map,
                       const LstmLayout& layout, RnnActivation activation, float cell_clip,
                       float proj_clip, FloatLstmCell* cell);

// Per-step scratch for n_batch rows.
struct FloatLstmScratch {
  float* gates[4];  // n_batch * n_cell each
  float* hidden;    // n_batch * n_cell
};

// Advances output_state [n_batch, n_output] and cell_state [n_batch, n_cell]
// by one step on input [n_batch, n_input]; writes row b of the new output
// state to output + b * output_stride.
void FloatLstmStep(const FloatLstmCell& cell, int32_t n_batch, const float* input,
                   float* output_state, float* cell_state, float* output, int32_t output_stride,
                   const FloatLstmScratch& scratch);

// Pieces of the step shared with the hybrid cell (lstm_hybrid.cc).
// A gate's rows before the matrix products: its bias, or zeros with layer
// normalization (the bias is then added after normalizing).
void StartLstmGate(const float* bias, bool layer_norm, int32_t n_batch, int32_t n_cell,
                   float* gate);
// After the products: + peephole .* cell_state (peephole and cell_state
// non-null), layer normalization (layer_norm non-null) and the activation.
void FinishLstmGate(const float* peephole, const float* cell_state, const float* layer_norm,
                    const float* bias, RnnActivation activation, int32_t n_batch, int32_t n_cell,
                    float* gate);
// cell_state = clip(forget .* cell_state + cell_gate .* input_gate), the
// input gate being 1 - forget with CIFG.
void UpdateLstmCellState(bool use_cifg, float cell_clip, int64_t size, float* const gates[4],
                         float* cell_state);
// hidden = output_gate .* activation(cell_state).
void LstmHidden(RnnActivation activation, int64_t size, const float* output_gate,
                const float* cell_state, float* hidden);
// The order of one step: the input gate (unless CIFG), forget and cell
// gates, the cell state update, the output gate, then the hidden state.
// gate(index, activation, cell_state or null) computes gates[index].
template <typename Gate>
void RunLstmGates(bool use_cifg, RnnActivation activation, float cell_clip, int64_t size,
                  float* const gates[4], float* cell_state, float* hidden, Gate gate) {
  if (!use_cifg) gate(kInputGate, RnnActivation::kSigmoid, cell_state);
  gate(kForgetGate, RnnActivation::kSigmoid, cell_state);
  gate(kCellGate, activation, nullptr);
  UpdateLstmCellState(use_cifg, cell_clip, size, gates, cell_state);
  gate(kOutputGate, RnnActivation::kSigmoid, cell_state);
  LstmHidden(activation, size, gates[kOutputGate], cell_state, hidden);
}

// Each value to [-clip, clip] when clip > 0.
void ClipLstmValues(float clip, int64_t size, float* values);
// Row b of output_state [n_batch, n_output] to output + b * output_stride.
void CopyLstmOutput(const float* output_state, int32_t n_batch, int32_t n_output, float* output,
                    int32_t output_stride);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_FLOAT_H_
