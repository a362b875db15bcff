// UNIDIRECTIONAL_SEQUENCE_LSTM: an LSTM layer run over a sequence, batch-major
// [batch, time, input] or time-major [time, batch, input], keeping its output
// and cell state in variable tensors between invokes. float32, and the fully
// integer LSTM of TensorFlow Lite's reference (int8 activations, int16 cell
// state; with or without CIFG, peephole, layer norm, projection), and hybrid
// (float32 input and states, int8 weights, LiteRT's asymmetric_quantize_inputs
// option). The cell math is in kernels/ref/common/lstm_float.cc,
// lstm_integer.cc and lstm_hybrid.cc.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/lstm_float.h"
#include "kernels/ref/common/lstm_hybrid.h"
#include "kernels/ref/common/lstm_integer.h"
#include "kernels/ref/common/lstm_integer_prepare.h"
#include "kernels/ref/common/lstm_sequence.h"
#include "kernels/ref/common/lstm_tensors.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct SequenceLstmData {
  LstmLayout layout;
  bool time_major = false;
  bool integer = false;
  FloatLstmCell float_cell;
  IntegerLstmCell integer_cell;
  HybridLstmCell hybrid_cell;
  HybridLstmScratchIds hybrid_scratch;
  int gate_scratch[4] = {-1, -1, -1, -1};
  int hidden_scratch = -1, extra_scratch = -1;
};

// The input's shape with n_output features.
Status ResizeOutput(KernelContext& context, const LstmLayout& l) {
  Shape output_shape = context.input(kLstmInput)->shape;
  output_shape.back() = l.n_output;
  return context.ResizeOutput(0, output_shape);
}

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing LSTM options");
  const SequenceLstmParams& params = context.params<SequenceLstmParams>();
  if (!(params.cell_clip >= 0.0f) || !(params.proj_clip >= 0.0f)) {
    return context.Error("cell_clip and proj_clip must be >= 0");
  }
  if (params.diagonal_recurrent_tensors) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "diagonal recurrent weights are not supported");
  }
  SequenceLstmData* data = context.NewOpData<SequenceLstmData>();
  if (data == nullptr) return RnnOutOfMemory(context);
  data->time_major = params.time_major;
  if (context.num_inputs() != 24 && context.num_inputs() != 20) {
    return context.Error("expects 20 or 24 inputs, has %d", context.num_inputs());
  }
  if (context.num_outputs() != 1) return context.Error("expects 1 output");
  BRASA_RETURN_IF_ERROR(
      CheckLstmTensors(context, UnidirectionalLstmInputs(), params.time_major, &data->layout));
  BRASA_RETURN_IF_ERROR(
      ExpectType(context, *context.output(0), context.input(kLstmInput)->type, "output"));
  const LstmLayout& l = data->layout;
  data->integer = context.input(kLstmInput)->type == DataType::kInt8;
  const size_t cells = static_cast<size_t>(l.n_batch) * static_cast<size_t>(l.n_cell);
  size_t element = sizeof(float);
  if (data->integer) {
    BRASA_RETURN_IF_ERROR(PrepareIntegerLstmCell(context, l, params.cell_clip, params.proj_clip,
                                                 &data->integer_cell));
    element = sizeof(int16_t);
    BRASA_RETURN_IF_ERROR(context.RequestScratch(cells, &data->extra_scratch));  // int8 hidden
  } else {
    RnnActivation activation;
    if (!ToRnnActivation(params.activation, &activation)) {
      return context.Error("unknown fused activation %d", static_cast<int>(params.activation));
    }
    if (l.hybrid) {  // its own scratch holds the gates too
      BRASA_RETURN_IF_ERROR(PrepareHybridLstmCell(
          context, UnidirectionalLstmInputs(), l, activation, params.cell_clip, params.proj_clip,
          params.asymmetric_quantize_inputs, &data->hybrid_cell, &data->hybrid_scratch));
      return ResizeOutput(context, l);
    }
    FillFloatLstmCell(context, UnidirectionalLstmInputs(), l, activation, params.cell_clip,
                      params.proj_clip, &data->float_cell);
  }
  for (int& scratch : data->gate_scratch) {
    BRASA_RETURN_IF_ERROR(context.RequestScratch(cells * element, &scratch));
  }
  BRASA_RETURN_IF_ERROR(context.RequestScratch(cells * element, &data->hidden_scratch));
  return ResizeOutput(context, l);
}

// The whole sequence through the cell: see lstm_sequence.h.
template <typename T, typename C, typename Step>
void RunSequence(KernelContext& context, const SequenceLstmData& d, Step step) {
  RunLstmSequence(d.layout, d.time_major, /*forward=*/true, context.input(kLstmInput)->data_as<T>(),
                  context.variable_input(kLstmOutputState)->data_as<T>(),
                  context.variable_input(kLstmCellState)->data_as<C>(),
                  context.output(0)->data_as<T>(), LstmSequenceOutput{d.layout.n_output, 0}, step);
}

Status Eval(KernelContext& context) {
  const SequenceLstmData& d = *context.op_data<SequenceLstmData>();
  if (d.layout.hybrid) {
    const HybridLstmScratch scratch = GetHybridLstmScratch(context, d.hybrid_scratch, d.layout);
    RunSequence<float, float>(
        context, d, [&](int32_t rows, const float* x, float* h, float* c, float* y) {
          HybridLstmStep(d.hybrid_cell, rows, x, h, c, y, d.layout.n_output, scratch);
        });
  } else if (d.integer) {
    IntegerLstmScratch scratch;
    for (int g = 0; g < 4; ++g)
      scratch.gates[g] = static_cast<int16_t*>(context.scratch(d.gate_scratch[g]));
    scratch.cell_tanh = static_cast<int16_t*>(context.scratch(d.hidden_scratch));
    scratch.hidden = static_cast<int8_t*>(context.scratch(d.extra_scratch));
    RunSequence<int8_t, int16_t>(
        context, d, [&](int32_t rows, const int8_t* x, int8_t* h, int16_t* c, int8_t* y) {
          IntegerLstmStep(d.integer_cell, rows, x, h, c, y, scratch);
        });
  } else {
    FloatLstmScratch scratch;
    for (int g = 0; g < 4; ++g)
      scratch.gates[g] = static_cast<float*>(context.scratch(d.gate_scratch[g]));
    scratch.hidden = static_cast<float*>(context.scratch(d.hidden_scratch));
    RunSequence<float, float>(
        context, d, [&](int32_t rows, const float* x, float* h, float* c, float* y) {
          FloatLstmStep(d.float_cell, rows, x, h, c, y, d.layout.n_output, scratch);
        });
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_UNIDIRECTIONAL_SEQUENCE_LSTM() {
  static const OpKernel kernel = {"UNIDIRECTIONAL_SEQUENCE_LSTM", Prepare, Eval,
                                  internal::ParseUnidirectionalSequenceLSTMOptions};
  return &kernel;
}

}  // namespace brasa
