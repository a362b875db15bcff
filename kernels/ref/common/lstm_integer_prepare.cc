#include "kernels/ref/common/lstm_integer_prepare.h"

#include <algorithm>
#include <cmath>

#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/rnn_common.h"

namespace brasa {
namespace {

float ScaleOf(const KernelContext& context, int input) {
  const Tensor* t = context.input(input);
  return t == nullptr ? 1.0f : t->quantization.scale();
}

// bias + zero_point * row sums of weights, in persistent memory.
Status FoldBias(KernelContext& context, int weights_input, int32_t zero_point, const int32_t* bias,
                const int32_t** out) {
  const Tensor& weights = *context.input(weights_input);
  auto* folded = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(weights.dim(0))));
  if (folded == nullptr) return RnnOutOfMemory(context);
  FoldZeroPointIntoBias(weights.data_as<int8_t>(), weights.dim(0), weights.dim(1), zero_point, bias,
                        folded);
  *out = folded;
  return Status::Ok();
}

}  // namespace

Status PrepareIntegerLstmCell(KernelContext& context, const LstmLayout& l, float cell_clip,
                              float proj_clip, IntegerLstmCell* cell) {
  const Tensor& input = *context.input(kLstmInput);
  const Tensor& output_state = *context.input(kLstmOutputState);
  const Tensor& cell_state = *context.input(kLstmCellState);
  for (int i = 0; i < context.num_inputs(); ++i) {
    const Tensor* t = context.input(i);
    if (t != nullptr && (i < kLstmGateBias || i > kLstmGateBias + 3) &&
        !(t->quantization.is_quantized() && t->quantization.scale() > 0.0f)) {
      return context.Error("LSTM input %d must have a positive quantization scale", i);
    }
  }
  if (context.num_intermediates() != 5) {
    return context.Error("integer LSTM needs 5 intermediate tensors, has %d",
                         context.num_intermediates());
  }
  for (int i = l.use_layer_norm ? 0 : 4; i < 5; ++i) {
    if (i == kInputGate && l.use_cifg) continue;
    if (!context.intermediate(i)->quantization.is_quantized()) {
      return context.Error("LSTM intermediate %d has no quantization", i);
    }
  }
  int cell_scale_log2 = 0;
  if (!CheckedLog2(cell_state.quantization.scale(), &cell_scale_log2)) {
    return context.Error("cell state scale %g is not a power of two",
                         static_cast<double>(cell_state.quantization.scale()));
  }
  if (15 + cell_scale_log2 < 0 || 15 + cell_scale_log2 > 6) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "cell state scale 2^%d is outside [2^-15, 2^-9]", cell_scale_log2);
  }
  cell->cell_scale_log2 = cell_scale_log2;
  const float state_scale = output_state.quantization.scale();
  cell->cell_clip =
      cell_clip > 0.0f
          ? static_cast<int16_t>(std::min(
                std::max(cell_clip / cell_state.quantization.scale(), -32768.0f), 32767.0f))
          : 0;
  cell->proj_clip =
      proj_clip > 0.0f
          ? static_cast<int8_t>(std::min(
                std::max(proj_clip / context.output(0)->quantization.scale(), -128.0f), 127.0f))
          : 0;
  const float input_scale = input.quantization.scale();
  const int32_t input_zp = input.quantization.zero_point();
  const int32_t state_zp = output_state.quantization.zero_point();
  const float hidden_scale = context.intermediate(4)->quantization.scale();
  cell->hidden_zp = context.intermediate(4)->quantization.zero_point();
  cell->output_state_zp = state_zp;
  cell->use_cifg = l.use_cifg;
  cell->n_input = l.n_input;
  cell->n_cell = l.n_cell;
  cell->n_output = l.n_output;
  // A hostile model's scales can ask for a shift no int32 can take: refuse
  // it here instead of shifting by 32 or more in Eval.
  Status scales_ok = Status::Ok();
  auto quantize = [&context, &scales_ok](double real) {
    const QuantizedMultiplier m = QuantizeMultiplier(real);
    if ((!std::isfinite(real) || m.shift > 31) && scales_ok.ok()) {
      scales_ok = context.Error("effective scale %g is out of range", real);
    }
    return m;
  };
  for (int gate = l.use_cifg ? 1 : 0; gate < 4; ++gate) {
    IntegerLstmGate& g = cell->gates[gate];
    // Without layer norm the gates are Q3.12 before their activation.
    const float gate_scale =
        l.use_layer_norm ? context.intermediate(gate)->quantization.scale() : 1.0f / 4096.0f;
    const int in = kLstmInputWeights + gate, rec = kLstmRecurrentWeights + gate;
    g.input_weights = context.input(in)->data_as<int8_t>();
    g.recurrent_weights = context.input(rec)->data_as<int8_t>();
    const float input_effective = ScaleOf(context, in) * input_scale / gate_scale;
    const float recurrent_effective = ScaleOf(context, rec) * state_scale / gate_scale;
    g.input_scale = quantize(input_effective);
    g.recurrent_scale = quantize(recurrent_effective);
    const int32_t* bias = context.input(kLstmGateBias + gate)->data_as<int32_t>();
    BRASA_RETURN_IF_ERROR(
        FoldBias(context, in, -input_zp, l.use_layer_norm ? nullptr : bias, &g.input_bias));
    BRASA_RETURN_IF_ERROR(FoldBias(context, rec, -state_zp, nullptr, &g.recurrent_bias));
    if (l.use_peephole && gate != kCellGate) {
      const int peephole = LstmCellWeightsInput(gate);
      g.cell_weights = context.input(peephole)->data_as<int16_t>();
      const float effective = static_cast<float>(std::pow(2.0, cell_scale_log2) *
                                                 ScaleOf(context, peephole) / gate_scale);
      g.cell_scale = quantize(effective);
    }
    if (l.use_layer_norm) {
      const float ln_scale = ScaleOf(context, kLstmLayerNorm + gate);
      g.layer_norm_weights = context.input(kLstmLayerNorm + gate)->data_as<int16_t>();
      g.layer_norm_bias = bias;
      g.layer_norm_scale = quantize(ln_scale);
      g.variance_guard = std::max<int32_t>(1, static_cast<int32_t>(10000 * ln_scale));
    }
  }
  const float hidden_effective =
      static_cast<float>(std::pow(2.0, -15) / hidden_scale * std::pow(2.0, -15));
  cell->hidden_scale = quantize(hidden_effective);
  if (l.use_projection) {
    const float projection_effective =
        ScaleOf(context, kLstmProjectionWeights) * hidden_scale / state_scale;
    cell->projection_scale = quantize(projection_effective);
    cell->projection_weights = context.input(kLstmProjectionWeights)->data_as<int8_t>();
    const Tensor* bias = context.input(kLstmProjectionBias);
    BRASA_RETURN_IF_ERROR(FoldBias(context, kLstmProjectionWeights, cell->hidden_zp,
                                   bias ? bias->data_as<int32_t>() : nullptr,
                                   &cell->projection_bias));
  }
  return scales_ok;
}

}  // namespace brasa
