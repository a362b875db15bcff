// One time step of TensorFlow Lite's fully integer ("8x8_16") LSTM cell:
// int8 input and output state, int16 cell state and gates, int32 biases
// folded with the zero points. Gates are Q3.12 before their activation and
// Q0.15 after it; the cell state is Q(15+cell_scale_log2).
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_H_

#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

enum LstmGate { kInputGate = 0, kForgetGate = 1, kCellGate = 2, kOutputGate = 3 };

struct IntegerLstmGate {
  const int8_t* input_weights = nullptr;  // [n_cell, n_input]
  const int32_t* input_bias = nullptr;    // gate bias - zp_in * row sums
  QuantizedMultiplier input_scale;
  const int8_t* recurrent_weights = nullptr;  // [n_cell, n_output]
  const int32_t* recurrent_bias = nullptr;    // -zp_state * row sums
  QuantizedMultiplier recurrent_scale;
  const int16_t* cell_weights = nullptr;  // peephole, or null
  QuantizedMultiplier cell_scale;
  const int16_t* layer_norm_weights = nullptr;  // or null
  const int32_t* layer_norm_bias = nullptr;     // the gate bias, with layer norm
  QuantizedMultiplier layer_norm_scale;
  int32_t variance_guard = 1;
};

struct IntegerLstmCell {
  IntegerLstmGate gates[4];  // kInputGate is unused with CIFG
  bool use_cifg = false;
  int32_t n_input = 0, n_cell = 0, n_output = 0;
  int32_t cell_scale_log2 = 0;  // the cell state scale is 2^cell_scale_log2
  int16_t cell_clip = 0;        // 0: none
  int8_t proj_clip = 0;
  QuantizedMultiplier hidden_scale;  // output gate * tanh(cell) -> hidden
  int32_t hidden_zp = 0;
  const int8_t* projection_weights = nullptr;  // [n_output, n_cell], or null
  const int32_t* projection_bias = nullptr;    // bias + hidden_zp * row sums
  QuantizedMultiplier projection_scale;
  int32_t output_state_zp = 0;
};

// Scratch for one step of n_batch rows: four gates and the hidden values.
struct IntegerLstmScratch {
  int16_t* gates[4];   // n_batch * n_cell each
  int16_t* cell_tanh;  // n_batch * n_cell
  int8_t* hidden;      // n_batch * n_cell (projection input)
};

// Advances output_state [n_batch, n_output] and cell_state [n_batch, n_cell]
// by one step on input [n_batch, n_input] and copies the new output state to
// output.
void IntegerLstmStep(const IntegerLstmCell& cell, int32_t n_batch, const int8_t* input,
                     int8_t* output_state, int16_t* cell_state, int8_t* output,
                     const IntegerLstmScratch& scratch);

// TensorFlow Lite's PrecomputeZeroPointTimesWeightWithBias: bias (or 0) plus
// zero_point times each row's sum of `weights` [rows, cols].
void FoldZeroPointIntoBias(const int8_t* weights, int32_t rows, int32_t cols, int32_t zero_point,
                           const int32_t* bias, int32_t* out);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_H_
