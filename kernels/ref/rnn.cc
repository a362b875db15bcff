// RNN (one step, input [batch, input]) and UNIDIRECTIONAL_SEQUENCE_RNN
// (batch-major [batch, time, input] or time-major [time, batch, input]): a
// fully connected recurrent layer h = activation(W x + R h + b), with h kept
// in a variable tensor [batch, units] between invokes. float32, and hybrid
// (float input and state, int8 weights: the input and the state are quantized
// per batch row on the fly, as TensorFlow Lite's kernel_utils::RnnBatchStep).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/hybrid_quantize.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {
namespace {

constexpr int kInput = 0, kWeights = 1, kRecurrentWeights = 2, kBias = 3, kHiddenState = 4;

struct RnnData {
  int32_t batches = 0, max_time = 1, input_size = 0, units = 0;
  bool time_major = false;
  RnnActivation activation = RnnActivation::kNone;
  // Hybrid only: weight scales, row sums (asymmetric inputs), scratch.
  bool hybrid = false, asymmetric_inputs = false;
  float weights_scale = 0.0f, recurrent_scale = 0.0f;
  const int32_t* row_sums = nullptr;  // input weights' rows, then recurrent weights'
  int quantized_input = -1, quantized_state = -1, scales = -1, offsets = -1;
};

int32_t* RowSums(const Tensor& weights, int32_t* out) {
  for (int32_t r = 0; r < weights.dim(0); ++r) {
    int32_t sum = 0;
    for (int32_t c = 0; c < weights.dim(1); ++c)
      sum += weights.data_as<int8_t>()[int64_t{r} * weights.dim(1) + c];
    out[r] = sum;
  }
  return out + weights.dim(0);
}

Status PrepareHybrid(KernelContext& context, bool asymmetric_inputs, RnnData* d) {
  const Tensor& weights = *context.input(kWeights);
  const Tensor& recurrent = *context.input(kRecurrentWeights);
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights, DataType::kInt8, "weights"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, recurrent, DataType::kInt8, "recurrent_weights"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, weights, "weights"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, recurrent, "recurrent_weights"));
  d->hybrid = true;
  d->asymmetric_inputs = asymmetric_inputs;
  d->weights_scale = weights.quantization.scale();
  d->recurrent_scale = recurrent.quantization.scale();
  auto* sums = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * 2 * static_cast<size_t>(d->units)));
  if (sums == nullptr) return RnnOutOfMemory(context);
  RowSums(recurrent, RowSums(weights, sums));
  d->row_sums = sums;
  const size_t batches = static_cast<size_t>(d->batches);
  BRASA_RETURN_IF_ERROR(
      context.RequestScratch(batches * static_cast<size_t>(d->input_size), &d->quantized_input));
  BRASA_RETURN_IF_ERROR(
      context.RequestScratch(batches * static_cast<size_t>(d->units), &d->quantized_state));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(batches * sizeof(float), &d->scales));
  return context.RequestScratch(batches * sizeof(int32_t), &d->offsets);
}

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
  if (weights.type == DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(ExpectType(context, *context.input(kRecurrentWeights), DataType::kFloat32,
                                     "recurrent_weights"));
  } else {
    BRASA_RETURN_IF_ERROR(PrepareHybrid(context, params.asymmetric_quantize_inputs, data));
  }
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.input(kBias), DataType::kFloat32, "bias"));
  const Tensor* state = context.variable_input(kHiddenState);
  if (state == nullptr) return context.Error("input 4 (hidden state) must be a variable tensor");
  BRASA_RETURN_IF_ERROR(ExpectType(context, *state, DataType::kFloat32, "hidden state"));
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *state, data->batches, data->units, "hidden state"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output"));
  Shape output_shape = input.shape;
  output_shape.back() = data->units;
  return context.ResizeOutput(0, output_shape);
}

// Hybrid: y += (W q(x)) * s_x s_w for each batch row's quantized x (an
// all-zero x adds nothing, as TensorFlow Lite skips it).
void HybridAccumulate(KernelContext& context, const RnnData& d, const Tensor& weights,
                      float weights_scale, const int32_t* row_sums, int32_t rows, int32_t cols,
                      const float* x, int8_t* quantized, float* y) {
  if (std::all_of(x, x + int64_t{rows} * cols, [](float v) { return v == 0.0f; })) return;
  auto* scales = static_cast<float*>(context.scratch(d.scales));
  auto* offsets = static_cast<int32_t*>(context.scratch(d.offsets));
  for (int32_t b = 0; b < rows; ++b) {
    QuantizeFloatsForHybrid(x + int64_t{b} * cols, cols, d.asymmetric_inputs,
                            quantized + int64_t{b} * cols, &scales[b], &offsets[b]);
    scales[b] *= weights_scale;
  }
  HybridMatrixVectorAccumulate(weights.data_as<int8_t>(), d.units, cols, quantized, scales, offsets,
                               row_sums, rows, y);
}

void HybridStep(KernelContext& context, const RnnData& d, const float* bias, int32_t rows,
                const float* x, float* h, float* y) {
  for (int32_t b = 0; b < rows; ++b)
    std::memcpy(y + int64_t{b} * d.units, bias, sizeof(float) * d.units);
  HybridAccumulate(context, d, *context.input(kWeights), d.weights_scale, d.row_sums, rows,
                   d.input_size, x, static_cast<int8_t*>(context.scratch(d.quantized_input)), y);
  HybridAccumulate(context, d, *context.input(kRecurrentWeights), d.recurrent_scale,
                   d.row_sums + d.units, rows, d.units, h,
                   static_cast<int8_t*>(context.scratch(d.quantized_state)), y);
  ApplyRnnActivation(y, int64_t{rows} * d.units, d.activation, y);
  std::memcpy(h, y, sizeof(float) * static_cast<size_t>(rows) * static_cast<size_t>(d.units));
}

// One step for `rows` batch rows: y = act(b + W x + R h) (TensorFlow Lite's
// order of sums), then h = y.
void Step(KernelContext& context, const RnnData& d, const float* w, const float* r,
          const float* bias, int32_t rows, const float* x, float* h, float* y) {
  if (d.hybrid) return HybridStep(context, d, bias, rows, x, h, y);
  for (int32_t b = 0; b < rows; ++b) {
    const float* xb = x + int64_t{b} * d.input_size;
    const float* hb = h + int64_t{b} * d.units;
    float* yb = y + int64_t{b} * d.units;
    for (int32_t u = 0; u < d.units; ++u) {
      float input_dot = 0.0f, recurrent_dot = 0.0f;
      for (int32_t c = 0; c < d.input_size; ++c)
        input_dot += w[int64_t{u} * d.input_size + c] * xb[c];
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
  const float* w = d.hybrid ? nullptr : context.input(kWeights)->data_as<float>();
  const float* r = d.hybrid ? nullptr : context.input(kRecurrentWeights)->data_as<float>();
  const float* bias = context.input(kBias)->data_as<float>();
  float* h = context.variable_input(kHiddenState)->data_as<float>();
  float* y = context.output(0)->data_as<float>();
  if (d.time_major || d.max_time == 1) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{t} * d.batches;
      Step(context, d, w, r, bias, d.batches, x + row * d.input_size, h, y + row * d.units);
    }
    return Status::Ok();
  }
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int64_t row = int64_t{b} * d.max_time + t;
      Step(context, d, w, r, bias, 1, x + row * d.input_size, h + int64_t{b} * d.units,
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
