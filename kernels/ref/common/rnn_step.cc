// The recurrent cell step: see rnn_step.h.
#include "kernels/ref/common/rnn_step.h"

#include <algorithm>
#include <cstring>

#include "kernels/ref/common/hybrid_quantize.h"

namespace brasa {
namespace {

int32_t* RowSums(const Tensor& weights, int32_t* out) {
  for (int32_t r = 0; r < weights.dim(0); ++r) {
    int32_t sum = 0;
    for (int32_t c = 0; c < weights.dim(1); ++c)
      sum += weights.data_as<int8_t>()[int64_t{r} * weights.dim(1) + c];
    out[r] = sum;
  }
  return out + weights.dim(0);
}

Status PrepareHybrid(KernelContext& context, const Tensor& weights, const Tensor& recurrent,
                     bool asymmetric_inputs, int32_t batches, RnnCell* cell,
                     RnnScratchIds* scratch) {
  BRASA_RETURN_IF_ERROR(ExpectType(context, weights, DataType::kInt8, "weights"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, recurrent, DataType::kInt8, "recurrent_weights"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, weights, "weights"));
  BRASA_RETURN_IF_ERROR(ExpectQuantized(context, recurrent, "recurrent_weights"));
  cell->hybrid = true;
  cell->asymmetric_inputs = asymmetric_inputs;
  cell->weights_q = weights.data_as<int8_t>();
  cell->recurrent_q = recurrent.data_as<int8_t>();
  cell->weights_scale = weights.quantization.scale();
  cell->recurrent_scale = recurrent.quantization.scale();
  auto* sums = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * 2 * static_cast<size_t>(cell->units)));
  if (sums == nullptr) return RnnOutOfMemory(context);
  RowSums(recurrent, RowSums(weights, sums));
  cell->row_sums = sums;
  const size_t rows = static_cast<size_t>(std::max<int32_t>(batches, 1));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(
      rows * static_cast<size_t>(std::max<int32_t>(cell->input_size, 1)), &scratch->quantized_input));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(rows * static_cast<size_t>(cell->units),
                                               &scratch->quantized_state));
  BRASA_RETURN_IF_ERROR(context.RequestScratch(rows * sizeof(float), &scratch->scales));
  return context.RequestScratch(rows * sizeof(int32_t), &scratch->offsets);
}

// Hybrid: y_b += (W q(x_b)) * s_x s_w for each batch row's quantized x (an
// all-zero x adds nothing, as TensorFlow Lite skips it).
void HybridAccumulate(const RnnCell& cell, const int8_t* weights, float weights_scale,
                      const int32_t* row_sums, int32_t rows, int32_t cols, const float* x,
                      int8_t* quantized, const RnnScratch& s, float* y, int32_t y_stride) {
  if (std::all_of(x, x + int64_t{rows} * cols, [](float v) { return v == 0.0f; })) return;
  for (int32_t b = 0; b < rows; ++b) {
    const int64_t at = int64_t{b} * cols;
    QuantizeFloatsForHybrid(x + at, cols, cell.asymmetric_inputs, quantized + at, &s.scales[b],
                            &s.offsets[b]);
    s.scales[b] *= weights_scale;
    HybridMatrixVectorAccumulate(weights, cell.units, cols, quantized + at, &s.scales[b],
                                 &s.offsets[b], row_sums, 1, y + int64_t{b} * y_stride);
  }
}

}  // namespace

Status PrepareRnnCell(KernelContext& context, int weights_index, int32_t input_size,
                      Activation activation, bool asymmetric_inputs, int32_t batches,
                      RnnCell* cell, RnnScratchIds* scratch) {
  const char* names[3] = {"weights", "recurrent_weights", "bias"};
  for (int i = 0; i < 3; ++i) {
    const Tensor* tensor = context.input(weights_index + i);
    if (tensor == nullptr) {
      return context.Error("input %d (%s) is missing", weights_index + i, names[i]);
    }
    // The cell keeps pointers to them from here on: another tensor (the
    // hidden state, say) has no bytes yet (found by fuzz_model_structured).
    if (tensor->allocation != Allocation::kConstant) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "input %d (%s) must be a constant tensor", weights_index + i,
                                   names[i]);
    }
  }
  const Tensor& weights = *context.input(weights_index);
  const Tensor& recurrent = *context.input(weights_index + 1);
  const Tensor& bias = *context.input(weights_index + 2);
  if (weights.rank() != 2) return context.Error("weights must be 2-D");
  cell->units = weights.dim(0);
  cell->input_size = input_size;
  if (!ToRnnActivation(activation, &cell->activation)) {
    return context.Error("unknown fused activation %d", static_cast<int>(activation));
  }
  BRASA_RETURN_IF_ERROR(ExpectMatrix(context, weights, cell->units, input_size, "weights"));
  BRASA_RETURN_IF_ERROR(
      ExpectMatrix(context, recurrent, cell->units, cell->units, "recurrent_weights"));
  BRASA_RETURN_IF_ERROR(ExpectVector(context, bias, cell->units, "bias"));
  BRASA_RETURN_IF_ERROR(ExpectType(context, bias, DataType::kFloat32, "bias"));
  cell->bias = bias.data_as<float>();
  if (weights.type != DataType::kFloat32) {
    return PrepareHybrid(context, weights, recurrent, asymmetric_inputs, batches, cell, scratch);
  }
  BRASA_RETURN_IF_ERROR(
      ExpectType(context, recurrent, DataType::kFloat32, "recurrent_weights"));
  cell->weights = weights.data_as<float>();
  cell->recurrent = recurrent.data_as<float>();
  return Status::Ok();
}

RnnScratch GetRnnScratch(KernelContext& context, const RnnScratchIds& ids) {
  if (ids.scales < 0) return RnnScratch{nullptr, nullptr, nullptr, nullptr};
  return RnnScratch{static_cast<int8_t*>(context.scratch(ids.quantized_input)),
                    static_cast<int8_t*>(context.scratch(ids.quantized_state)),
                    static_cast<float*>(context.scratch(ids.scales)),
                    static_cast<int32_t*>(context.scratch(ids.offsets))};
}

void RnnStep(const RnnCell& cell, int32_t rows, const float* x, float* h, float* y,
             int32_t y_stride, const RnnScratch& s) {
  const int32_t units = cell.units;
  if (cell.hybrid) {
    for (int32_t b = 0; b < rows; ++b) {
      std::memcpy(y + int64_t{b} * y_stride, cell.bias, sizeof(float) * static_cast<size_t>(units));
    }
    HybridAccumulate(cell, cell.weights_q, cell.weights_scale, cell.row_sums, rows,
                     cell.input_size, x, s.quantized_input, s, y, y_stride);
    HybridAccumulate(cell, cell.recurrent_q, cell.recurrent_scale, cell.row_sums + units, rows,
                     units, h, s.quantized_state, s, y, y_stride);
  } else {
    // TensorFlow Lite's order of sums: (b + W x) + R h.
    for (int32_t b = 0; b < rows; ++b) {
      const float* xb = x + int64_t{b} * cell.input_size;
      const float* hb = h + int64_t{b} * units;
      float* yb = y + int64_t{b} * y_stride;
      for (int32_t u = 0; u < units; ++u) {
        float input_dot = 0.0f, recurrent_dot = 0.0f;
        for (int32_t c = 0; c < cell.input_size; ++c)
          input_dot += cell.weights[int64_t{u} * cell.input_size + c] * xb[c];
        for (int32_t c = 0; c < units; ++c)
          recurrent_dot += cell.recurrent[int64_t{u} * units + c] * hb[c];
        yb[u] = (cell.bias[u] + input_dot) + recurrent_dot;
      }
    }
  }
  for (int32_t b = 0; b < rows; ++b) {
    float* yb = y + int64_t{b} * y_stride;
    ApplyRnnActivation(yb, units, cell.activation, yb);
    std::memcpy(h + int64_t{b} * units, yb, sizeof(float) * static_cast<size_t>(units));
  }
}

}  // namespace brasa
