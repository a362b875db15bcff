// RNN (one step, input [batch, input]) and UNIDIRECTIONAL_SEQUENCE_RNN
// (batch-major [batch, time, input] or time-major [time, batch, input]): a
// fully connected recurrent layer h = activation(W x + R h + b), with h kept
// in a variable tensor [batch, units] between invokes. float32 only; hybrid
// (int8 weights, float input) is not supported.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {
namespace {

constexpr int kInput = 0, kWeights = 1, kRecurrentWeights = 2, kBias = 3, kHiddenState = 4;

struct RnnData {
  int32_t batches = 0, max_time = 1, input_size = 0, units = 0;
  bool time_major = false;
  RnnActivation activation = RnnActivation::kNone;
};

Status PrepareRnn(KernelContext& context, bool sequence) {
  if (context.raw_params() == nullptr) return context.Error("missing RNN options");
  const RnnParams& params = context.params<RnnParams>();
  if (context.num_inputs() != 5 || context.num_outputs() != 1) {
    return context.Error("expects 5 inputs and 1 output");
  }
  for (int i = 0; i < 4; ++i) {
    if (context.input(i) == nullptr) return context.Error("input %d is missing", i);
  }
  const Tensor& input = *context.input(kInput);
  const Tensor& weights = *context.input(kWeights);
  if (input.type != DataType::kFloat32 || weights.type != DataType::kFloat32) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "only float32 is supported (input %s, weights %s)",
                                 DataTypeName(input.type), DataTypeName(weights.type));
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
  data->input_size = input.dim(rank - 1);
  if (weights.rank() != 2) return context.Error("weights must be 2-D");
  data->units = weights.dim(0);
  if (!ToRnnActivation(params.activation, &data->activation)) {
    return context.Error("unknown fused activation %d", static_cast<int>(params.activation));
  }
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, weights, data->units, data->input_size, "weights"));
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *context.input(kRecurrentWeights), data->units,
                                     data->units, "recurrent_weights"));
  BRASA_RETURN_IF_ERROR(ExpectVector(context, *context.input(kBias), data->units, "bias"));
  for (int i = kRecurrentWeights; i <= kBias; ++i) {
    BRASA_RETURN_IF_ERROR(ExpectType(context, *context.input(i), DataType::kFloat32,
                                     i == kBias ? "bias" : "recurrent_weights"));
  }
  const Tensor* state = context.variable_input(kHiddenState);
  if (state == nullptr) return context.Error("input 4 (hidden state) must be a variable tensor");
  BRASA_RETURN_IF_ERROR(ExpectType(context, *state, DataType::kFloat32, "hidden state"));
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *state, data->batches, data->units, "hidden state"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output"));
  Shape output_shape = input.shape;
  output_shape.back() = data->units;
  return context.ResizeOutput(0, output_shape);
}

// One step for `rows` batch rows: y = act(b + W x + R h) (TensorFlow Lite's
// order of sums), then h = y.
void Step(const RnnData& d, const float* w, const float* r, const float* bias, int32_t rows,
          const float* x, float* h, float* y) {
  for (int32_t b = 0; b < rows; ++b) {
    const float* xb = x + int64_t{b} * d.input_size;
    const float* hb = h + int64_t{b} * d.units;
    float* yb = y + int64_t{b} * d.units;
    for (int32_t u = 0; u < d.units; ++u) {
      float input_dot = 0.0f, recurrent_dot = 0.0f;
      for (int32_t c = 0; c < d.input_size; ++c) input_dot += w[int64_t{u} * d.input_size + c] * xb[c];
      for (int32_t c = 0; c < d.units; ++c) recurrent_dot += r[int64_t{u} * d.units + c] * hb[c];
      yb[u] = (bias[u] + input_dot) + recurrent_dot;
    }
  }
  ApplyRnnActivation(y, int64_t{rows} * d.units, d.activation, y);
  std::memcpy(h, y, sizeof(float) * static_cast<size_t>(rows) * static_cast<size_t>(d.units));
}

Status Eval(KernelContext& context) {
  const RnnData& d = *context.op_data<RnnData>();
  const float* x = context.input(kInput)->data_as<float>();
  const float* w = context.input(kWeights)->data_as<float>();
  const float* r = context.input(kRecurrentWeights)->data_as<float>();
  const float* bias = context.input(kBias)->data_as<float>();
  float* h = context.variable_input(kHiddenState)->data_as<float>();
  float* y = context.output(0)->data_as<float>();
  if (d.time_major || d.max_time == 1) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{t} * d.batches;
      Step(d, w, r, bias, d.batches, x + row * d.input_size, h, y + row * d.units);
    }
    return Status::Ok();
  }
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{b} * d.max_time + t;
      Step(d, w, r, bias, 1, x + row * d.input_size, h + int64_t{b} * d.units,
           y + row * d.units);
    }
  }
  return Status::Ok();
}

Status PrepareSingleStep(KernelContext& context) { return PrepareRnn(context, false); }
Status PrepareSequence(KernelContext& context) { return PrepareRnn(context, true); }

}  // namespace

const OpKernel* Register_RNN() {
  static const OpKernel kernel = {"RNN", PrepareSingleStep, Eval};
  return &kernel;
}

const OpKernel* Register_UNIDIRECTIONAL_SEQUENCE_RNN() {
  static const OpKernel kernel = {"UNIDIRECTIONAL_SEQUENCE_RNN", PrepareSequence, Eval};
  return &kernel;
}

}  // namespace brasa
