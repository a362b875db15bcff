// SVDF: a fully connected layer factored into a feature filter and a time
// filter over the last memory_size activations, which it keeps in a variable
// state tensor [batch, num_filters * memory_size] (each filter's history
// contiguous, oldest first). float32, and the integer variant of TensorFlow
// Lite's reference (int8 input/output and feature weights, int16 time weights
// and state, int32 bias), and hybrid (float input, state and output, int8
// weights: the input is quantized per batch row on the fly).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/rnn_common.h"
#include "kernels/ref/common/svdf_common.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

Status PrepareInteger(KernelContext& context, SvdfData* data) {
  const Tensor& input = *context.input(kSvdfInput);
  const Tensor& weights_feature = *context.input(kSvdfWeightsFeature);
  const Tensor& weights_time = *context.input(kSvdfWeightsTime);
  const Tensor* bias = context.input(kSvdfBias);
  const Tensor& state = *context.input(kSvdfState);
  const Tensor& output = *context.output(0);
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights_feature, DataType::kInt8, "weights_feature"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights_time, DataType::kInt16, "weights_time"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, state, DataType::kInt16, "state"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, output, DataType::kInt8, "output"));
  if (bias != nullptr) BRASA_RETURN_IF_ERROR(ExpectType(context, *bias, DataType::kInt32, "bias"));
  for (const auto& [tensor, what] :
       {std::make_pair(&input, "input"), std::make_pair(&weights_feature, "weights_feature"),
        std::make_pair(&weights_time, "weights_time"), std::make_pair(&state, "state"),
        std::make_pair(&output, "output")}) {
    BRASA_RETURN_IF_ERROR(ExpectQuantized(context, *tensor, what));
  }
  // TensorFlow Lite's integer SVDF supports only RELU (the int8 clamp at the
  // output zero point does the rest).
  if (data->activation != RnnActivation::kRelu) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "integer SVDF supports only the RELU activation");
  }
  // MBQM shifts its int32 sums left by the exponent: 32 or more is undefined.
  BRASA_RETURN_IF_ERROR(QuantizeMultiplierChecked(
      context, "feature-to-state multiplier",
      static_cast<double>(input.quantization.scale()) *
          static_cast<double>(weights_feature.quantization.scale()) /
          static_cast<double>(state.quantization.scale()),
      31, &data->feature_to_state));
  BRASA_RETURN_IF_ERROR(QuantizeMultiplierChecked(
      context, "state-to-output multiplier",
      static_cast<double>(state.quantization.scale()) *
          static_cast<double>(weights_time.quantization.scale()) /
          static_cast<double>(output.quantization.scale()),
      31, &data->state_to_output));
  data->input_zp = input.quantization.zero_point();
  data->output_zp = output.quantization.zero_point();
  return context.RequestScratch(
      sizeof(int32_t) * static_cast<size_t>(data->batches) * static_cast<size_t>(data->num_units),
      &data->unit_scratch);
}

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing SVDF options");
  const SvdfParams& params = context.params<SvdfParams>();
  if (context.num_inputs() != 5 || context.num_outputs() != 1) {
    return context.Error("expects 5 inputs and 1 output, has %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(kSvdfInput);
  const Tensor* weights_feature = context.input(kSvdfWeightsFeature);
  const Tensor* weights_time = context.input(kSvdfWeightsTime);
  if (input == nullptr || weights_feature == nullptr || weights_time == nullptr) {
    return context.Error("input, weights_feature and weights_time are required");
  }
  // Prepare reads both (the float path keeps a pointer, the hybrid one
  // dequantizes them): the state variable in their place has no bytes yet.
  if (weights_feature->allocation != Allocation::kConstant ||
      weights_time->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "weights_feature and weights_time must be constant tensors");
  }
  if (context.variable_input(kSvdfState) == nullptr) {
    return context.Error("input 4 (state) must be a variable tensor");
  }
  if (input->rank() != 2) return context.Error("input must be 2-D, has rank %d", input->rank());
  if (weights_feature->rank() != 2 || weights_time->rank() != 2) {
    return context.Error("weights_feature and weights_time must be 2-D");
  }
  SvdfData* data = context.NewOpData<SvdfData>();
  if (data == nullptr) return RnnOutOfMemory(context);
  data->batches = input->dim(0);
  data->input_size = input->dim(1);
  data->num_filters = weights_feature->dim(0);
  data->memory_size = weights_time->dim(1);
  if (params.rank <= 0 || data->num_filters % params.rank != 0) {
    return context.Error("rank %d must be positive and divide the %d filters", params.rank,
                         data->num_filters);
  }
  data->num_units = data->num_filters / params.rank;
  if (!ToRnnActivation(params.activation, &data->activation)) {
    return context.Error("unknown fused activation %d", static_cast<int>(params.activation));
  }
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *weights_feature, data->num_filters, data->input_size,
                                     "weights_feature"));
  BRASA_RETURN_IF_ERROR(
      ExpectMatrix(context, *weights_time, data->num_filters, data->memory_size, "weights_time"));
  if (const Tensor* bias = context.input(kSvdfBias)) {
    BRASA_RETURN_IF_ERROR(ExpectVector(context, *bias, data->num_units, "bias"));
  }
  const int64_t state_size = int64_t{data->memory_size} * data->num_filters;
  if (state_size > INT32_MAX) return context.Error("state is too large");
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *context.input(kSvdfState), data->batches,
                                     static_cast<int32_t>(state_size), "state"));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(
      4 * static_cast<size_t>(data->batches) * static_cast<size_t>(data->num_filters),
      &data->scratch));
  if (input->type == DataType::kFloat32 && weights_feature->type != DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareSvdfHybrid(context, params.asymmetric_quantize_inputs, data));
    BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output"));
  } else if (input->type == DataType::kFloat32) {
    for (const int i : {kSvdfWeightsTime, kSvdfBias, kSvdfState}) {
      const Tensor* t = context.input(i);
      if (t != nullptr)
        BRASA_RETURN_IF_ERROR(ExpectType(context, *t, DataType::kFloat32, "weights"));
    }
    data->weights_time = weights_time->data_as<float>();
    BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output"));
  } else if (input->type == DataType::kInt8) {
    BRASA_RETURN_IF_ERROR(PrepareInteger(context, data));
  } else {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(input->type));
  }
  return context.ResizeOutput(0, {data->batches, data->num_units});
}

// Integer sums wrap like the hardware: hostile weights or biases may
// overflow them (the output is then meaningless, but defined).
inline float AddAcc(float a, float b) { return a + b; }
inline int32_t AddAcc(int32_t a, int32_t b) { return WrapAdd(a, b); }

// Drops the oldest activation, then stores each filter's newest one in its
// last slot: to_state(sum_c w[f, c] * (x[b, c] - zp)).
template <typename T, typename Acc, typename S, typename ToState>
void ComputeFeatures(const SvdfData& d, const T* input, const T* weights, Acc zp, S* state,
                     ToState to_state) {
  ShiftState(state, int64_t{d.batches} * d.num_filters * d.memory_size);
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t f = 0; f < d.num_filters; ++f) {
      const T* x = input + int64_t{b} * d.input_size;
      const T* w = weights + int64_t{f} * d.input_size;
      Acc sum = 0;
      for (int32_t c = 0; c < d.input_size; ++c) {
        sum = AddAcc(sum, static_cast<Acc>(w[c]) * (x[c] - zp));
      }
      state[(int64_t{b} * d.num_filters + f) * d.memory_size + d.memory_size - 1] = to_state(sum);
    }
  }
}

// Sums each unit's `rank` filters, adds the bias (per unit), in place in `out`.
template <typename Acc>
void ReduceRankAndAddBias(const SvdfData& d, const Acc* per_filter, const Acc* bias, Acc* out) {
  const int32_t rank = d.num_filters / d.num_units;
  for (int32_t i = 0; i < d.batches * d.num_units; ++i) {
    Acc sum = 0;
    for (int32_t r = 0; r < rank; ++r) sum = AddAcc(sum, per_filter[int64_t{i} * rank + r]);
    out[i] = sum;
  }
  if (bias == nullptr) return;
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t u = 0; u < d.num_units; ++u) {
      Acc& value = out[int64_t{b} * d.num_units + u];
      value = AddAcc(value, bias[u]);
    }
  }
}

// Dot product of each filter's time weights with its history.
template <typename W, typename Acc>
void ApplyTimeWeights(const SvdfData& d, const W* weights_time, const W* state, Acc* per_filter) {
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t f = 0; f < d.num_filters; ++f) {
      const int64_t row = int64_t{b} * d.num_filters + f;
      const W* history = state + row * d.memory_size;
      const W* weights = weights_time + int64_t{f} * d.memory_size;
      Acc sum = 0;
      for (int32_t m = 0; m < d.memory_size; ++m) {
        sum = AddAcc(sum, static_cast<Acc>(weights[m]) * history[m]);
      }
      per_filter[row] = sum;
    }
  }
}

void EvalFloat(KernelContext& context, const SvdfData& d) {
  const Tensor* bias = context.input(kSvdfBias);
  float* state = context.variable_input(kSvdfState)->data_as<float>();
  float* scratch = static_cast<float*>(context.scratch(d.scratch));
  float* output = context.output(0)->data_as<float>();
  if (d.hybrid) {
    ComputeSvdfHybridFeatures(context, d, state, scratch);
  } else {
    ComputeFeatures(d, context.input(kSvdfInput)->data_as<float>(),
                    context.input(kSvdfWeightsFeature)->data_as<float>(), 0.0f, state,
                    [](float sum) { return sum; });
  }
  ApplyTimeWeights(d, d.weights_time, state, scratch);
  ReduceRankAndAddBias(d, scratch, bias ? bias->data_as<float>() : nullptr, output);
  ApplyRnnActivation(output, int64_t{d.batches} * d.num_units, d.activation, output);
}

// The feature products are requantized to the state scale and saturated to
// int16; the time products are summed in int32 and requantized to the output.
void EvalInteger(KernelContext& context, const SvdfData& d) {
  const int8_t* input = context.input(kSvdfInput)->data_as<int8_t>();
  const int8_t* weights_feature = context.input(kSvdfWeightsFeature)->data_as<int8_t>();
  const Tensor* bias = context.input(kSvdfBias);
  int16_t* state = context.variable_input(kSvdfState)->data_as<int16_t>();
  int32_t* per_filter = static_cast<int32_t*>(context.scratch(d.scratch));
  int32_t* per_unit = static_cast<int32_t*>(context.scratch(d.unit_scratch));
  int8_t* output = context.output(0)->data_as<int8_t>();
  ComputeFeatures(d, input, weights_feature, d.input_zp, state, [&d](int32_t sum) {
    const int32_t scaled = MultiplyByQuantizedMultiplier(sum, d.feature_to_state);
    return static_cast<int16_t>(std::min<int32_t>(std::max<int32_t>(scaled, INT16_MIN), INT16_MAX));
  });
  ApplyTimeWeights(d, context.input(kSvdfWeightsTime)->data_as<int16_t>(), state, per_filter);
  ReduceRankAndAddBias(d, per_filter, bias ? bias->data_as<int32_t>() : nullptr, per_unit);
  for (int32_t i = 0; i < d.batches * d.num_units; ++i) {
    // In int64: a large multiplier's saturated result plus the zero point
    // would overflow int32.
    const int64_t y =
        int64_t{MultiplyByQuantizedMultiplier(per_unit[i], d.state_to_output)} + d.output_zp;
    output[i] = static_cast<int8_t>(std::min<int64_t>(std::max<int64_t>(y, -128), 127));
  }
}

Status Eval(KernelContext& context) {
  const SvdfData& data = *context.op_data<SvdfData>();
  if (context.input(kSvdfInput)->type == DataType::kFloat32) {
    EvalFloat(context, data);
  } else {
    EvalInteger(context, data);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SVDF() {
  static const OpKernel kernel = {"SVDF", Prepare, Eval, internal::ParseSVDFOptions};
  return &kernel;
}

}  // namespace brasa
