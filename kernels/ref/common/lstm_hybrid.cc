// The hybrid LSTM step (see lstm_hybrid.h), in the order of TensorFlow
// Lite's lstm_eval LstmStepHybrid: quantize input and output state, the
// gates (input, forget, cell), the cell update, the output gate, then the
// hidden state, quantized again when it goes through the projection.
#include "kernels/ref/common/lstm_hybrid.h"

#include <algorithm>
#include <cstring>

#include "kernels/ref/common/hybrid_quantize.h"
#include "kernels/ref/common/lstm_float.h"
#include "kernels/ref/common/lstm_integer.h"

namespace brasa {
namespace {

// One scale, zero point 0, constant (the row sums and recovered peephole
// weights are computed here, once).
Status CheckHybridWeight(const KernelContext& context, const Tensor& t, int index) {
  if (t.allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "hybrid LSTM weights (input %d) must be constant", index);
  }
  if (t.quantization.scales.size() != 1 || !(t.quantization.scale() > 0.0f)) {
    return context.Error("hybrid LSTM weights (input %d) need one positive scale", index);
  }
  if (t.quantization.zero_point() != 0) {
    return context.Error("hybrid LSTM weights (input %d) have zero point %d, not 0", index,
                         t.quantization.zero_point());
  }
  return Status::Ok();
}

Status PrepareMatrix(KernelContext& context, const LstmInputMap& map, int which, bool row_sums,
                     HybridLstmMatrix* m) {
  const Tensor& t = *LstmTensor(context, map, which);
  BRASA_RETURN_IF_ERROR(CheckHybridWeight(context, t, map.index[which]));
  m->data = t.data_as<int8_t>();
  m->scale = t.quantization.scale();
  m->rows = t.dim(0);
  m->cols = t.dim(1);
  if (!row_sums) return Status::Ok();
  auto* sums = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(std::max<int32_t>(m->rows, 1))));
  if (sums == nullptr) return RnnOutOfMemory(context);
  for (int32_t r = 0; r < m->rows; ++r) {
    int32_t sum = 0;
    for (int32_t c = 0; c < m->cols; ++c) sum += m->data[int64_t{r} * m->cols + c];
    sums[r] = sum;
  }
  m->row_sums = sums;
  return Status::Ok();
}

// LiteRT multiplies the int8 peephole weights by their scale before use.
Status PreparePeephole(KernelContext& context, const LstmInputMap& map, int which,
                       const float** out) {
  const Tensor& t = *LstmTensor(context, map, which);
  BRASA_RETURN_IF_ERROR(CheckHybridWeight(context, t, map.index[which]));
  const int32_t n = t.dim(0);
  auto* weights = static_cast<float*>(
      context.AllocatePersistent(sizeof(float) * static_cast<size_t>(std::max<int32_t>(n, 1))));
  if (weights == nullptr) return RnnOutOfMemory(context);
  for (int32_t i = 0; i < n; ++i) weights[i] = t.quantization.scale() * t.data_as<int8_t>()[i];
  *out = weights;
  return Status::Ok();
}

const float* FloatData(const KernelContext& context, const LstmInputMap& map, int which) {
  const Tensor* t = LstmTensor(context, map, which);
  return t == nullptr ? nullptr : t->data_as<float>();
}

bool AllZero(const float* values, int64_t size) {
  return std::all_of(values, values + size, [](float v) { return v == 0.0f; });
}

void QuantizeRows(const float* values, int32_t n_batch, int32_t cols, bool asymmetric,
                  int8_t* quantized, float* scales, int32_t* offsets) {
  for (int32_t b = 0; b < n_batch; ++b) {
    const int64_t start = int64_t{b} * cols;
    QuantizeFloatsForHybrid(values + start, cols, asymmetric, quantized + start, &scales[b],
                            &offsets[b]);
  }
}

// out[b, r] += (m q_b) x (row scale x matrix scale), as LiteRT's
// MatrixBatchVectorMultiplyAccumulate with a scaling-factor scratch.
void Accumulate(const HybridLstmMatrix& m, const int8_t* quantized, const float* scales,
                const int32_t* offsets, int32_t n_batch, float* products, float* out) {
  for (int32_t b = 0; b < n_batch; ++b) products[b] = scales[b] * m.scale;
  HybridMatrixVectorAccumulate(m.data, m.rows, m.cols, quantized, products, offsets, m.row_sums,
                               n_batch, out);
}

// An all-zero input or output state adds nothing: LiteRT skips it.
struct ZeroRows {
  bool input, state;
};

void ComputeGate(const HybridLstmCell& cell, const HybridLstmGate& g, RnnActivation activation,
                 int32_t n_batch, ZeroRows zero, const float* cell_state,
                 const HybridLstmScratch& s, float* gate) {
  StartLstmGate(g.bias, g.layer_norm != nullptr, n_batch, cell.n_cell, gate);
  if (!zero.input) {
    Accumulate(g.input, s.input_q, s.input_scales, s.input_offsets, n_batch, s.products, gate);
  }
  if (!zero.state) {
    Accumulate(g.recurrent, s.state_q, s.state_scales, s.state_offsets, n_batch, s.products, gate);
  }
  FinishLstmGate(g.peephole, cell_state, g.layer_norm, g.bias, activation, n_batch, cell.n_cell,
                 gate);
}

}  // namespace

Status PrepareHybridLstmCell(KernelContext& context, const LstmInputMap& map, const LstmLayout& l,
                             RnnActivation activation, float cell_clip, float proj_clip,
                             bool asymmetric_inputs, HybridLstmCell* cell,
                             HybridLstmScratchIds* scratch) {
  for (int gate = l.use_cifg ? kForgetGate : kInputGate; gate < 4; ++gate) {
    HybridLstmGate& g = cell->gates[gate];
    BRASA_RETURN_IF_ERROR(
        PrepareMatrix(context, map, kLstmInputWeights + gate, asymmetric_inputs, &g.input));
    BRASA_RETURN_IF_ERROR(
        PrepareMatrix(context, map, kLstmRecurrentWeights + gate, asymmetric_inputs, &g.recurrent));
    if (l.use_peephole && gate != kCellGate) {
      BRASA_RETURN_IF_ERROR(PreparePeephole(context, map, LstmCellWeightsInput(gate), &g.peephole));
    }
    g.layer_norm = l.use_layer_norm ? FloatData(context, map, kLstmLayerNorm + gate) : nullptr;
    g.bias = FloatData(context, map, kLstmGateBias + gate);
  }
  if (l.use_projection) {
    BRASA_RETURN_IF_ERROR(PrepareMatrix(context, map, kLstmProjectionWeights, asymmetric_inputs,
                                        &cell->projection));
    cell->projection_bias = FloatData(context, map, kLstmProjectionBias);
  }
  static_cast<LstmCellBase&>(*cell) = MakeLstmCellBase(l, activation, cell_clip, proj_clip);
  cell->asymmetric_inputs = asymmetric_inputs;
  const size_t batch = static_cast<size_t>(std::max<int32_t>(l.n_batch, 1));
  const size_t cells = batch * static_cast<size_t>(l.n_cell);
  BRASA_RETURN_IF_ERROR(
      context.RequestScratch(sizeof(float) * (5 * cells + 4 * batch), &scratch->floats));
  const size_t rows = static_cast<size_t>(l.n_input) + static_cast<size_t>(l.n_output) +
                      static_cast<size_t>(l.n_cell);
  BRASA_RETURN_IF_ERROR(context.RequestScratch(std::max<size_t>(1, batch * rows), &scratch->bytes));
  return context.RequestScratch(sizeof(int32_t) * 3 * batch, &scratch->ints);
}

HybridLstmScratch GetHybridLstmScratch(KernelContext& context, const HybridLstmScratchIds& ids,
                                       const LstmLayout& l) {
  const int64_t batch = std::max<int32_t>(l.n_batch, 1);
  const int64_t cells = batch * l.n_cell;
  HybridLstmScratch s;
  float* f = static_cast<float*>(context.scratch(ids.floats));
  for (int g = 0; g < 4; ++g) s.gates[g] = f + g * cells;
  s.hidden = f + 4 * cells;
  s.input_scales = f + 5 * cells;
  s.state_scales = s.input_scales + batch;
  s.hidden_scales = s.state_scales + batch;
  s.products = s.hidden_scales + batch;
  auto* ints = static_cast<int32_t*>(context.scratch(ids.ints));
  s.input_offsets = ints;
  s.state_offsets = ints + batch;
  s.hidden_offsets = ints + 2 * batch;
  auto* bytes = static_cast<int8_t*>(context.scratch(ids.bytes));
  s.input_q = bytes;
  s.state_q = s.input_q + batch * l.n_input;
  s.hidden_q = s.state_q + batch * l.n_output;
  return s;
}

void HybridLstmStep(const HybridLstmCell& cell, int32_t n_batch, const float* input,
                    float* output_state, float* cell_state, float* output, int32_t output_stride,
                    const HybridLstmScratch& s) {
  const int64_t size = int64_t{n_batch} * cell.n_cell;
  const int64_t outputs = int64_t{n_batch} * cell.n_output;
  const ZeroRows zero{AllZero(input, int64_t{n_batch} * cell.n_input),
                      AllZero(output_state, outputs)};
  if (!zero.input) {
    QuantizeRows(input, n_batch, cell.n_input, cell.asymmetric_inputs, s.input_q, s.input_scales,
                 s.input_offsets);
  }
  if (!zero.state) {
    QuantizeRows(output_state, n_batch, cell.n_output, cell.asymmetric_inputs, s.state_q,
                 s.state_scales, s.state_offsets);
  }
  RunLstmGates(cell.use_cifg, cell.activation, cell.cell_clip, size, s.gates, cell_state, s.hidden,
               [&](int g, RnnActivation activation, const float* c) {
                 ComputeGate(cell, cell.gates[g], activation, n_batch, zero, c, s, s.gates[g]);
               });
  if (cell.projection.data != nullptr) {
    for (int32_t b = 0; b < n_batch; ++b) {
      float* row = output_state + int64_t{b} * cell.n_output;
      if (cell.projection_bias != nullptr) {
        std::copy_n(cell.projection_bias, cell.n_output, row);
      } else {
        std::fill_n(row, cell.n_output, 0.0f);
      }
    }
    if (!AllZero(s.hidden, size)) {
      QuantizeRows(s.hidden, n_batch, cell.n_cell, cell.asymmetric_inputs, s.hidden_q,
                   s.hidden_scales, s.hidden_offsets);
      Accumulate(cell.projection, s.hidden_q, s.hidden_scales, s.hidden_offsets, n_batch,
                 s.products, output_state);
    }
    ClipLstmValues(cell.proj_clip, outputs, output_state);
  } else {
    std::memcpy(output_state, s.hidden, sizeof(float) * static_cast<size_t>(size));
  }
  CopyLstmOutput(output_state, n_batch, cell.n_output, output, output_stride);
}

}  // namespace brasa
