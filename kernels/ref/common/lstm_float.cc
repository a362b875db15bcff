// The float LSTM step (see lstm_float.h), in TensorFlow Lite's order of
// operations: bias first, then input and recurrent products, peephole, layer
// normalization, activation.
#include "kernels/ref/common/lstm_float.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace brasa {
namespace {

// out[b, r] += sum_c x[b, c] * w[r, c]
void MatrixVectorAccumulate(const float* w, const float* x, int32_t n_batch, int32_t cols,
                            int32_t rows, float* out) {
  for (int32_t b = 0; b < n_batch; ++b) {
    const float* row_x = x + int64_t{b} * cols;
    for (int32_t r = 0; r < rows; ++r) {
      const float* row_w = w + int64_t{r} * cols;
      float dot = 0.0f;
      for (int32_t c = 0; c < cols; ++c) dot += row_w[c] * row_x[c];
      out[int64_t{b} * rows + r] += dot;
    }
  }
}

// Each row to zero mean and unit variance (epsilon 1e-8, as TensorFlow Lite).
void MeanStddevNormalize(float* row, int32_t size) {
  float sum = 0.0f;
  for (int32_t i = 0; i < size; ++i) sum += row[i];
  const float mean = sum / static_cast<float>(size);
  float sum_diff_sq = 0.0f;
  for (int32_t i = 0; i < size; ++i) sum_diff_sq += (row[i] - mean) * (row[i] - mean);
  const float variance = sum_diff_sq / static_cast<float>(size);
  const float stddev_inv = 1.0f / std::sqrt(variance + 1e-8f);
  for (int32_t i = 0; i < size; ++i) row[i] = (row[i] - mean) * stddev_inv;
}

void ComputeGate(const FloatLstmCell& cell, const FloatLstmGate& g, RnnActivation activation,
                 int32_t n_batch, const float* input, const float* output_state,
                 const float* cell_state, float* gate) {
  StartLstmGate(g.bias, g.layer_norm_weights != nullptr, n_batch, cell.n_cell, gate);
  MatrixVectorAccumulate(g.input_weights, input, n_batch, cell.n_input, cell.n_cell, gate);
  MatrixVectorAccumulate(g.recurrent_weights, output_state, n_batch, cell.n_output, cell.n_cell,
                         gate);
  FinishLstmGate(g.cell_weights, cell_state, g.layer_norm_weights, g.bias, activation, n_batch,
                 cell.n_cell, gate);
}

}  // namespace

void StartLstmGate(const float* bias, bool layer_norm, int32_t n_batch, int32_t n_cell,
                   float* gate) {
  for (int32_t b = 0; b < n_batch; ++b) {
    float* row = gate + int64_t{b} * n_cell;
    if (layer_norm) {
      std::fill_n(row, n_cell, 0.0f);
    } else {
      std::copy_n(bias, n_cell, row);
    }
  }
}

void FinishLstmGate(const float* peephole, const float* cell_state, const float* layer_norm,
                    const float* bias, RnnActivation activation, int32_t n_batch, int32_t n_cell,
                    float* gate) {
  for (int32_t b = 0; b < n_batch; ++b) {
    float* row = gate + int64_t{b} * n_cell;
    if (peephole != nullptr && cell_state != nullptr) {
      const float* c = cell_state + int64_t{b} * n_cell;
      for (int32_t i = 0; i < n_cell; ++i) row[i] += peephole[i] * c[i];
    }
    if (layer_norm != nullptr) {
      MeanStddevNormalize(row, n_cell);
      for (int32_t i = 0; i < n_cell; ++i) row[i] = row[i] * layer_norm[i] + bias[i];
    }
    ApplyRnnActivation(row, n_cell, activation, row);
  }
}

void UpdateLstmCellState(bool use_cifg, float cell_clip, int64_t size, float* const gates[4],
                         float* cell_state) {
  for (int64_t i = 0; i < size; ++i) {
    const float input_gate = use_cifg ? 1.0f - gates[kForgetGate][i] : gates[kInputGate][i];
    float c = gates[kForgetGate][i] * cell_state[i];
    c += gates[kCellGate][i] * input_gate;
    cell_state[i] = c;
  }
  ClipLstmValues(cell_clip, size, cell_state);
}

void LstmHidden(RnnActivation activation, int64_t size, const float* output_gate,
                const float* cell_state, float* hidden) {
  for (int64_t i = 0; i < size; ++i) {
    hidden[i] = output_gate[i] * ApplyRnnActivation(cell_state[i], activation);
  }
}

void ClipLstmValues(float clip, int64_t size, float* values) {
  if (clip <= 0.0f) return;
  for (int64_t i = 0; i < size; ++i) values[i] = std::max(-clip, std::min(values[i], clip));
}

void CopyLstmOutput(const float* output_state, int32_t n_batch, int32_t n_output, float* output,
                    int32_t output_stride) {
  for (int32_t b = 0; b < n_batch; ++b) {
    std::memcpy(output + int64_t{b} * output_stride, output_state + int64_t{b} * n_output,
                sizeof(float) * static_cast<size_t>(n_output));
  }
}

void FillFloatLstmCell(const KernelContext& context, const LstmInputMap& map, const LstmLayout& l,
                       RnnActivation activation, float cell_clip, float proj_clip,
                       FloatLstmCell* cell) {
  auto data = [&](int which) {
    const Tensor* t = LstmTensor(context, map, which);
    return t == nullptr ? nullptr : t->data_as<float>();
  };
  for (int gate = l.use_cifg ? kForgetGate : kInputGate; gate < 4; ++gate) {
    FloatLstmGate& g = cell->gates[gate];
    g.input_weights = data(kLstmInputWeights + gate);
    g.recurrent_weights = data(kLstmRecurrentWeights + gate);
    g.cell_weights =
        l.use_peephole && gate != kCellGate ? data(LstmCellWeightsInput(gate)) : nullptr;
    g.layer_norm_weights = l.use_layer_norm ? data(kLstmLayerNorm + gate) : nullptr;
    g.bias = data(kLstmGateBias + gate);
  }
  static_cast<LstmCellBase&>(*cell) = MakeLstmCellBase(l, activation, cell_clip, proj_clip);
  cell->projection_weights = l.use_projection ? data(kLstmProjectionWeights) : nullptr;
  cell->projection_bias = l.use_projection ? data(kLstmProjectionBias) : nullptr;
}

void FloatLstmStep(const FloatLstmCell& cell, int32_t n_batch, const float* input,
                   float* output_state, float* cell_state, float* output, int32_t output_stride,
                   const FloatLstmScratch& s) {
  const int64_t size = int64_t{n_batch} * cell.n_cell;
  RunLstmGates(cell.use_cifg, cell.activation, cell.cell_clip, size, s.gates, cell_state, s.hidden,
               [&](int g, RnnActivation activation, const float* c) {
                 ComputeGate(cell, cell.gates[g], activation, n_batch, input, output_state, c,
                             s.gates[g]);
               });
  if (cell.projection_weights != nullptr) {
    for (int32_t b = 0; b < n_batch; ++b) {
      float* row = output_state + int64_t{b} * cell.n_output;
      for (int32_t o = 0; o < cell.n_output; ++o) {
        row[o] = cell.projection_bias != nullptr ? cell.projection_bias[o] : 0.0f;
      }
    }
    MatrixVectorAccumulate(cell.projection_weights, s.hidden, n_batch, cell.n_cell, cell.n_output,
                           output_state);
    ClipLstmValues(cell.proj_clip, int64_t{n_batch} * cell.n_output, output_state);
  } else {
    std::memcpy(output_state, s.hidden, sizeof(float) * static_cast<size_t>(size));
  }
  CopyLstmOutput(output_state, n_batch, cell.n_output, output, output_stride);
}

}  // namespace brasa
