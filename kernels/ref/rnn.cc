// RNN (one step, input [batch, input]) and UNIDIRECTIONAL_SEQUENCE_RNN
// (batch-major [batch, time, input] or time-major [time, batch, input]): a
// fully connected recurrent layer h = activation(W x + R h + b), with h kept
// in a variable tensor [batch, units] between invokes. float32, and hybrid
// (float input and state, int8 weights: the input and the state are quantized
// per batch row on the fly, as TensorFlow Lite's kernel_utils::RnnBatchStep).
// The cell step is in kernels/ref/common/rnn_step.cc.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/rnn_common.h"
#include "kernels/ref/common/rnn_step.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kInput = 0, kWeights = 1, kHiddenState = 4;

struct RnnData {
  int32_t batches = 0, max_time = 1;
  bool time_major = false;
  RnnCell cell;
  RnnScratchIds scratch;
};

Status PrepareRnn(KernelContext& context, bool sequence) {
  if (context.raw_params() == nullptr) return context.Error("missing RNN options");
  const RnnParams& params = context.params<RnnParams>();
  if (context.num_inputs() != 5 || context.num_outputs() != 1) {
    return context.Error("expects 5 inputs and 1 output");
  }
  if (context.input(kInput) == nullptr) return context.Error("input 0 is missing");
  const Tensor& input = *context.input(kInput);
  if (input.type != DataType::kFloat32) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(input.type));
  }
  RnnData* data = context.NewOpData<RnnData>();
  if (data == nullptr) return RnnOutOfMemory(context);
  const int rank = sequence ? 3 : 2;
  if (input.rank() != rank) {
    return context.Error("input must have rank %d, has %d", rank, input.rank());
  }
  data->time_major = sequence && params.time_major;
  data->batches = data->time_major ? input.dim(1) : input.dim(0);
  data->max_time = sequence ? (data->time_major ? input.dim(0) : input.dim(1)) : 1;
  BRASA_RETURN_IF_ERROR(PrepareRnnCell(context, kWeights, input.dim(rank - 1), params.activation,
                                       params.asymmetric_quantize_inputs, data->batches,
                                       &data->cell, &data->scratch));
  const Tensor* state = context.variable_input(kHiddenState);
  if (state == nullptr) return context.Error("input 4 (hidden state) must be a variable tensor");
  BRASA_RETURN_IF_ERROR(ExpectType(context, *state, DataType::kFloat32, "hidden state"));
  BRASA_RETURN_IF_ERROR(
      ExpectMatrix(context, *state, data->batches, data->cell.units, "hidden state"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output"));
  Shape output_shape = input.shape;
  output_shape.back() = data->cell.units;
  return context.ResizeOutput(0, output_shape);
}

Status Eval(KernelContext& context) {
  const RnnData& d = *context.op_data<RnnData>();
  const RnnCell& cell = d.cell;
  const RnnScratch scratch = GetRnnScratch(context, d.scratch);
  const float* x = context.input(kInput)->data_as<float>();
  float* h = context.variable_input(kHiddenState)->data_as<float>();
  float* y = context.output(0)->data_as<float>();
  if (d.time_major || d.max_time == 1) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{t} * d.batches;
      RnnStep(cell, d.batches, x + row * cell.input_size, h, y + row * cell.units, cell.units,
              scratch);
    }
    return Status::Ok();
  }
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{b} * d.max_time + t;
      RnnStep(cell, 1, x + row * cell.input_size, h + int64_t{b} * cell.units,
              y + row * cell.units, cell.units, scratch);
    }
  }
  return Status::Ok();
}

Status PrepareSingleStep(KernelContext& context) { return PrepareRnn(context, false); }
Status PrepareSequence(KernelContext& context) { return PrepareRnn(context, true); }

}  // namespace

const OpKernel* Register_RNN() {
  static const OpKernel kernel = {"RNN", PrepareSingleStep, Eval, internal::ParseRNNOptions};
  return &kernel;
}

const OpKernel* Register_UNIDIRECTIONAL_SEQUENCE_RNN() {
  static const OpKernel kernel = {"UNIDIRECTIONAL_SEQUENCE_RNN", PrepareSequence, Eval,
                                  internal::ParseSequenceRNNOptions};
  return &kernel;
}

}  // namespace brasa
