#include "kernels/ref/common/lstm_tensors.h"

#include <string>

#include "kernels/ref/common/rnn_common.h"

namespace brasa {
namespace {

// Input i must be there, of `type`, with the given shape (cols < 0: 1-D).
Status CheckWeight(const KernelContext& context, const LstmInputMap& map, int which, DataType type,
                   int32_t rows, int32_t cols) {
  const Tensor* t = LstmTensor(context, map, which);
  const int i = map.index[which];
  if (t == nullptr) return context.Error("LSTM input %d is missing", i);
  if (t->type != type) {
    return context.Error("LSTM input %d must be %s, is %s", i, DataTypeName(type),
                         DataTypeName(t->type));
  }
  const bool ok = cols < 0 ? (t->rank() == 1 && t->dim(0) == rows)
                           : (t->rank() == 2 && t->dim(0) == rows && t->dim(1) == cols);
  if (!ok) {
    return context.Error("LSTM input %d has shape %s; expected [%d%s%s]", i,
                         ShapeToString(t->shape).c_str(), rows, cols < 0 ? "" : ",",
                         cols < 0 ? "" : std::to_string(cols).c_str());
  }
  return Status::Ok();
}

// All of `inputs` present, or all absent.
Status AllOrNone(const KernelContext& context, const LstmInputMap& map,
                 std::initializer_list<int> inputs, const char* what, bool* present) {
  int count = 0;
  for (int i : inputs) count += LstmTensor(context, map, i) != nullptr;
  if (count != 0 && count != static_cast<int>(inputs.size())) {
    return context.Error("the %s inputs must be all present or all absent", what);
  }
  *present = count != 0;
  return Status::Ok();
}

Status CheckState(KernelContext& context, const LstmInputMap& map, int which, DataType type,
                  int64_t elements) {
  const int i = map.index[which];
  Tensor* state = context.variable_input(i);
  if (state == nullptr) return context.Error("LSTM input %d (state) must be a variable tensor", i);
  if (state->type != type) {
    return context.Error("LSTM state input %d must be %s, is %s", i, DataTypeName(type),
                         DataTypeName(state->type));
  }
  if (state->element_count() != elements) {
    return context.Error("LSTM state input %d has %lld elements, expected %lld", i,
                         static_cast<long long>(state->element_count()),
                         static_cast<long long>(elements));
  }
  return Status::Ok();
}

}  // namespace

LstmInputMap UnidirectionalLstmInputs() {
  LstmInputMap map;
  for (int i = 0; i < 24; ++i) map.index[i] = i;
  return map;
}

LstmInputMap BidirectionalLstmInputs(bool backward) {
  LstmInputMap map;
  map.index[kLstmInput] = 0;
  for (int i = 1; i <= kLstmProjectionBias; ++i) map.index[i] = i + (backward ? 17 : 0);
  map.index[kLstmOutputState] = backward ? 37 : 35;
  map.index[kLstmCellState] = backward ? 38 : 36;
  for (int i = kLstmLayerNorm; i < 24; ++i) map.index[i] = -1;
  return map;
}

Status CheckLstmTensors(KernelContext& context, const LstmInputMap& map, bool time_major,
                        LstmLayout* l) {
  const Tensor* input = LstmTensor(context, map, kLstmInput);
  const Tensor* input_to_output = LstmTensor(context, map, kLstmInputWeights + 3);
  const Tensor* recurrent_to_output = LstmTensor(context, map, kLstmRecurrentWeights + 3);
  if (input == nullptr || input_to_output == nullptr || recurrent_to_output == nullptr) {
    return context.Error("input and the output gate's weights are required");
  }
  if (input->rank() != 3) return context.Error("input must be 3-D, has rank %d", input->rank());
  if (input_to_output->rank() != 2 || recurrent_to_output->rank() != 2) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "weights must be 2-D (diagonal recurrent weights are not "
                                 "supported)");
  }
  l->max_time = time_major ? input->dim(0) : input->dim(1);
  l->n_batch = time_major ? input->dim(1) : input->dim(0);
  l->n_input = input->dim(2);
  l->n_cell = input_to_output->dim(0);
  l->n_output = recurrent_to_output->dim(1);
  const bool integer = input->type == DataType::kInt8;
  if (!integer && input->type != DataType::kFloat32) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(input->type));
  }
  l->hybrid = !integer && input_to_output->type == DataType::kInt8;
  const DataType weight = integer || l->hybrid ? DataType::kInt8 : DataType::kFloat32;
  if (input_to_output->type != weight) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s input with %s weights is not supported",
                                 DataTypeName(input->type), DataTypeName(input_to_output->type));
  }
  // Peephole weights are int16 (integer), int8 (hybrid) or float32; layer
  // norm weights int16 or float32; biases int32 or float32.
  const DataType wide = integer ? DataType::kInt16 : DataType::kFloat32;
  const DataType peephole = l->hybrid ? DataType::kInt8 : wide;
  const DataType bias = integer ? DataType::kInt32 : DataType::kFloat32;

  bool input_gate = false;
  BRASA_RETURN_IF_ERROR(AllOrNone(context, map, {kLstmInputWeights, kLstmRecurrentWeights},
                                  "input gate weight", &input_gate));
  l->use_cifg = !input_gate;
  BRASA_RETURN_IF_ERROR(AllOrNone(context, map, {kLstmCellWeights + 1, kLstmCellWeights + 2},
                                  "peephole", &l->use_peephole));
  bool projection_bias = false;
  l->use_projection = LstmTensor(context, map, kLstmProjectionWeights) != nullptr;
  projection_bias = LstmTensor(context, map, kLstmProjectionBias) != nullptr;
  if (map.index[kLstmLayerNorm + 1] >= 0) {
    BRASA_RETURN_IF_ERROR(AllOrNone(context, map,
                                    {kLstmLayerNorm + 1, kLstmLayerNorm + 2, kLstmLayerNorm + 3},
                                    "layer norm", &l->use_layer_norm));
  }
  if (!l->use_projection && (projection_bias || l->n_output != l->n_cell)) {
    return context.Error(
        "without projection weights, there must be no projection bias and "
        "n_output (%d) must equal n_cell (%d)",
        l->n_output, l->n_cell);
  }
  if (l->use_peephole && l->n_output > l->n_cell) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "peephole with n_output > n_cell is not supported");
  }
  for (int gate = l->use_cifg ? 1 : 0; gate < 4; ++gate) {
    BRASA_RETURN_IF_ERROR(
        CheckWeight(context, map, kLstmInputWeights + gate, weight, l->n_cell, l->n_input));
    BRASA_RETURN_IF_ERROR(
        CheckWeight(context, map, kLstmRecurrentWeights + gate, weight, l->n_cell, l->n_output));
    BRASA_RETURN_IF_ERROR(CheckWeight(context, map, kLstmGateBias + gate, bias, l->n_cell, -1));
    if (l->use_peephole && gate != 2) {
      BRASA_RETURN_IF_ERROR(
          CheckWeight(context, map, LstmCellWeightsInput(gate), peephole, l->n_cell, -1));
    }
    if (l->use_layer_norm) {
      BRASA_RETURN_IF_ERROR(CheckWeight(context, map, kLstmLayerNorm + gate, wide, l->n_cell, -1));
    }
  }
  if (l->use_cifg) {
    const bool extra = LstmTensor(context, map, kLstmGateBias) != nullptr ||
                       LstmTensor(context, map, kLstmCellWeights) != nullptr ||
                       LstmTensor(context, map, kLstmLayerNorm) != nullptr;
    if (extra) return context.Error("CIFG LSTM (no input gate weights) has input gate tensors");
  }
  if (l->use_projection) {
    BRASA_RETURN_IF_ERROR(
        CheckWeight(context, map, kLstmProjectionWeights, weight, l->n_output, l->n_cell));
    if (projection_bias) {
      BRASA_RETURN_IF_ERROR(CheckWeight(context, map, kLstmProjectionBias, bias, l->n_output, -1));
    }
  }
  BRASA_RETURN_IF_ERROR(
      CheckState(context, map, kLstmOutputState, input->type, int64_t{l->n_batch} * l->n_output));
  return CheckState(context, map, kLstmCellState, wide, int64_t{l->n_batch} * l->n_cell);
}

}  // namespace brasa
