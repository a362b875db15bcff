// The inputs of TensorFlow Lite's LSTM operators (kernels/lstm_shared.h
// numbering) and the checks every LSTM kernel makes on them in Prepare.
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_TENSORS_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_TENSORS_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

enum LstmInput {
  kLstmInput = 0,
  kLstmInputWeights = 1,      // + gate (LstmGate order: input, forget, cell, output)
  kLstmRecurrentWeights = 5,  // + gate
  kLstmCellWeights = 9,       // peephole, + gate except the cell gate (9, 10, 11)
  kLstmGateBias = 12,         // + gate
  kLstmProjectionWeights = 16,
  kLstmProjectionBias = 17,
  kLstmOutputState = 18,
  kLstmCellState = 19,
  kLstmLayerNorm = 20,  // + gate
};

// Where each of the 24 unidirectional inputs above sits in an operator's
// input list (-1: the operator has none). BIDIRECTIONAL_SEQUENCE_LSTM keeps
// its forward cell at 1-17, its backward cell at 18-34, states at 35-38.
struct LstmInputMap {
  int index[24];
};
LstmInputMap UnidirectionalLstmInputs();
LstmInputMap BidirectionalLstmInputs(bool backward);

// Input `which` (an LstmInput index) of the cell described by `map`.
inline const Tensor* LstmTensor(const KernelContext& context, const LstmInputMap& map, int which) {
  const int i = map.index[which];
  return i < 0 ? nullptr : context.input(i);
}

// The optional pieces a model's LSTM uses, and its sizes; filled and checked
// by CheckLstmTensors.
struct LstmLayout {
  int32_t n_batch = 0, max_time = 0, n_input = 0, n_cell = 0, n_output = 0;
  bool use_cifg = false, use_peephole = false, use_layer_norm = false, use_projection = false;
  bool hybrid = false;  // float32 input and states, int8 weights (dynamic range)
};

// Peephole weights: cell state -> input (9), forget (10) and output (11)
// gates; the cell gate has none.
inline int LstmCellWeightsInput(int gate) {
  return gate == 3 ? kLstmCellWeights + 2 : kLstmCellWeights + gate;
}

// Validates the cell's inputs: presence (CIFG, peephole, projection and
// layer norm all-or-nothing), 2-D weights, 1-D vectors, variable states of
// the right size, and types: float32 everywhere; int8 input and weights,
// int16 peephole/layer norm/cell state, int32 biases (integer LSTM); or
// float32 input, states, biases and layer norm with int8 matrix and
// peephole weights (hybrid LSTM, checked further by PrepareHybridLstmCell). The
// caller checks the operator's input and output counts and output types.
Status CheckLstmTensors(KernelContext& context, const LstmInputMap& map, bool time_major,
                        LstmLayout* layout);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_TENSORS_H_
