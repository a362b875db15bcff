// The integer LSTM step (see lstm_integer.h). Each function mirrors one of
// TensorFlow Lite's tensor_utils routines the reference kernel calls, with
// its rounding and saturation.
#include "kernels/ref/common/lstm_integer.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/fixed_point_int16.h"

namespace brasa {
namespace {

// TensorFlow Lite adds and multiplies these in int32 and wraps where a
// hostile model's bias, zero point or scale overflows them: WrapAdd and
// WrapMul (quant_math.h) wrap the same way without undefined behaviour
// (found by fuzz_model_structured).

template <typename T>
T Saturate(int32_t x) {
  return static_cast<T>(std::min<int32_t>(std::numeric_limits<T>::max(),
                                          std::max<int32_t>(std::numeric_limits<T>::min(), x)));
}

// out[b, r] = sat(out[b, r] + zp + MBQM(bias[r] + sum_c x[b, c] * w[r, c])).
template <typename T>
void MatrixVectorAccumulate(const int8_t* x, const int32_t* bias, const int8_t* weights,
                            QuantizedMultiplier scale, int32_t n_batch, int32_t cols, int32_t rows,
                            int32_t zp, T* out) {
  for (int32_t b = 0; b < n_batch; ++b) {
    const int8_t* row_x = x + int64_t{b} * cols;
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t* w = weights + int64_t{r} * cols;
      int32_t acc = bias[r];
      for (int32_t c = 0; c < cols; ++c) acc = WrapAdd(acc, row_x[c] * w[c]);
      T& y = out[int64_t{b} * rows + r];
      y = Saturate<T>(WrapAdd(WrapAdd(MultiplyByQuantizedMultiplier(acc, scale), zp), y));
    }
  }
}

// 1/sqrt(variance) as a multiplier and a left shift (TensorFlow Lite's
// GetInvSqrtQuantizedMultiplierExp with reverse_shift -1): Newton-Raphson in
// Q3 on the variance scaled into [2^27, 2^29).
QuantizedMultiplier InverseSqrt(int32_t variance) {
  if (variance <= 1) return {std::numeric_limits<int32_t>::max(), 0};
  int shift = 11;
  while (variance >= (1 << 29)) {
    variance /= 4;
    ++shift;
  }
  const int pairs = (fixed_point::CountLeadingZeros(static_cast<uint32_t>(variance)) - 1) / 2 - 1;
  shift -= pairs;
  variance <<= 2 * pairs;
  using fixed_point::Mul;
  using fixed_point::Rescale;
  const int32_t input = variance >> 1;                       // Q3
  const int32_t half_input = RoundingDivideByPOT(input, 1);  // Q3
  const int32_t half_three = (1 << 28) + (1 << 27);          // 1.5 in Q3
  int32_t x = 1 << 28;                                       // 1.0 in Q3
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = Rescale(Mul(Mul(x, x), x), 9, 3);
    x = Rescale(fixed_point::Sub(Mul(half_three, x), Mul(half_input, x3)), 6, 3);
  }
  x = Mul(x, 1518500250);  // sqrt(2)/2 in Q0
  if (shift < 0) {
    x = static_cast<int32_t>(static_cast<uint32_t>(x) << -shift);
    shift = 0;
  }
  return {x, static_cast<MultiplierShift>(-shift)};
}

// Integer layer normalization of each row of gate [n_batch, n_cell], in place.
void LayerNorm(const IntegerLstmGate& g, int32_t n_batch, int32_t n_cell, int16_t* gate) {
  for (int32_t b = 0; b < n_batch; ++b) {
    int16_t* row = gate + int64_t{b} * n_cell;
    int64_t sum = 0, sum_sq = 0;
    for (int32_t j = 0; j < n_cell; ++j) {
      sum += row[j];
      sum_sq += int32_t{row[j]} * row[j];
    }
    const int32_t mean = static_cast<int32_t>(sum * 1024 / n_cell);
    const int32_t two_to_20_over_n = (1 << 20) / n_cell;
    const int64_t variance = sum_sq * two_to_20_over_n - int64_t{mean} * mean;
    int32_t variance2 = static_cast<int32_t>(variance / (1 << 20));
    if (variance2 < 1) variance2 = g.variance_guard;
    const QuantizedMultiplier inv_stddev = InverseSqrt(variance2);
    for (int32_t j = 0; j < n_cell; ++j) {
      const int32_t rescaled = MultiplyByQuantizedMultiplier(1024 * row[j] - mean, inv_stddev);
      // TensorFlow Lite forms this in int32 (wrapping) before widening it.
      const int64_t weighted =
          static_cast<int32_t>(static_cast<uint32_t>(rescaled) *
                                   static_cast<uint32_t>(int32_t{g.layer_norm_weights[j]}) +
                               static_cast<uint32_t>(g.layer_norm_bias[j]));
      const int32_t rounded =
          static_cast<int32_t>((weighted > 0 ? weighted + 512 : weighted - 512) / 1024);
      row[j] = Saturate<int16_t>(MultiplyByQuantizedMultiplier(
          rounded, g.layer_norm_scale.multiplier, g.layer_norm_scale.shift + 12));
    }
  }
}

// One gate before and after its activation: sigmoid, or tanh for the cell gate.
void ComputeGate(const IntegerLstmCell& cell, const IntegerLstmGate& g, bool is_cell_gate,
                 int32_t n_batch, const int8_t* input, const int8_t* output_state,
                 const int16_t* cell_state, int16_t* gate) {
  const int64_t size = int64_t{n_batch} * cell.n_cell;
  std::fill_n(gate, size, int16_t{0});
  MatrixVectorAccumulate(input, g.input_bias, g.input_weights, g.input_scale, n_batch, cell.n_input,
                         cell.n_cell, 0, gate);
  MatrixVectorAccumulate(output_state, g.recurrent_bias, g.recurrent_weights, g.recurrent_scale,
                         n_batch, cell.n_output, cell.n_cell, 0, gate);
  if (g.cell_weights != nullptr) {
    // TensorFlow Lite walks the peephole weights with a stride of n_output
    // (equal to n_cell unless there is a projection); Prepare rejects
    // n_output > n_cell so this stays in bounds.
    const int32_t v = cell.n_output;
    for (int32_t b = 0; b < n_batch; ++b) {
      for (int32_t j = 0; j < v; ++j) {
        const int64_t i = int64_t{b} * v + j;
        const int32_t product =
            MultiplyByQuantizedMultiplier(int32_t{g.cell_weights[j]} * cell_state[i], g.cell_scale);
        gate[i] = Saturate<int16_t>(WrapAdd(product, gate[i]));
      }
    }
  }
  if (g.layer_norm_weights != nullptr) LayerNorm(g, n_batch, cell.n_cell, gate);
  for (int64_t i = 0; i < size; ++i) {
    gate[i] = is_cell_gate ? fixed_point16::Tanh(gate[i], 3) : fixed_point16::Logistic(gate[i], 3);
  }
}

int16_t MultiplyAndShift(int16_t a, int16_t b, int shift) {
  return static_cast<int16_t>(RoundingDivideByPOT(int32_t{a} * b, shift));
}

// cell = sat(forget * cell + input * cell_gate), then the optional clip.
void UpdateCell(const IntegerLstmCell& cell, int32_t n_batch, const IntegerLstmScratch& s,
                int16_t* cell_state) {
  const int64_t size = int64_t{n_batch} * cell.n_cell;
  const int shift = 30 + cell.cell_scale_log2;
  for (int64_t i = 0; i < size; ++i) {
    const int16_t forget = s.gates[kForgetGate][i];
    const int16_t kept = MultiplyAndShift(forget, cell_state[i], 15);
    const int16_t input_gate =
        cell.use_cifg ? static_cast<int16_t>(32767 - forget) : s.gates[kInputGate][i];
    const int16_t added = MultiplyAndShift(input_gate, s.gates[kCellGate][i], shift);
    int16_t value = Saturate<int16_t>(int32_t{kept} + added);
    if (cell.cell_clip > 0) {
      value = std::max<int16_t>(std::min<int16_t>(value, cell.cell_clip),
                                static_cast<int16_t>(-cell.cell_clip));
    }
    cell_state[i] = value;
  }
}

// hidden = output_gate * tanh(cell), requantized; projected if there are
// projection weights.
void ComputeOutput(const IntegerLstmCell& cell, int32_t n_batch, const IntegerLstmScratch& s,
                   const int16_t* cell_state, int8_t* output_state) {
  const int64_t size = int64_t{n_batch} * cell.n_cell;
  const int tanh_integer_bits = 15 + cell.cell_scale_log2;
  for (int64_t i = 0; i < size; ++i) {
    s.cell_tanh[i] = fixed_point16::Tanh(cell_state[i], tanh_integer_bits);
  }
  const bool projection = cell.projection_weights != nullptr;
  // TensorFlow Lite subtracts the hidden zero point before the projection
  // (its bias adds it back through the row sums).
  int8_t* hidden = projection ? s.hidden : output_state;
  const int32_t hidden_zp = projection ? -cell.hidden_zp : cell.hidden_zp;
  for (int64_t i = 0; i < size; ++i) {
    const int32_t product = int32_t{s.gates[kOutputGate][i]} * s.cell_tanh[i];
    const int32_t scaled = MultiplyByQuantizedMultiplier(product, cell.hidden_scale);
    hidden[i] = Saturate<int8_t>(WrapAdd(scaled, hidden_zp));
  }
  if (!projection) return;
  const int64_t out_size = int64_t{n_batch} * cell.n_output;
  std::fill_n(output_state, out_size, int8_t{0});
  MatrixVectorAccumulate(hidden, cell.projection_bias, cell.projection_weights,
                         cell.projection_scale, n_batch, cell.n_cell, cell.n_output,
                         cell.output_state_zp, output_state);
  if (cell.proj_clip > 0) {
    for (int64_t i = 0; i < out_size; ++i) {
      output_state[i] = std::max<int8_t>(std::min<int8_t>(output_state[i], cell.proj_clip),
                                         static_cast<int8_t>(-cell.proj_clip));
    }
  }
}

}  // namespace

void IntegerLstmStep(const IntegerLstmCell& cell, int32_t n_batch, const int8_t* input,
                     int8_t* output_state, int16_t* cell_state, int8_t* output,
                     const IntegerLstmScratch& scratch) {
  for (int gate = cell.use_cifg ? kForgetGate : kInputGate; gate <= kCellGate; ++gate) {
    ComputeGate(cell, cell.gates[gate], gate == kCellGate, n_batch, input, output_state, cell_state,
                scratch.gates[gate]);
  }
  UpdateCell(cell, n_batch, scratch, cell_state);
  ComputeGate(cell, cell.gates[kOutputGate], false, n_batch, input, output_state, cell_state,
              scratch.gates[kOutputGate]);
  ComputeOutput(cell, n_batch, scratch, cell_state, output_state);
  std::memcpy(output, output_state, static_cast<size_t>(n_batch) * cell.n_output);
}

void FoldZeroPointIntoBias(const int8_t* weights, int32_t rows, int32_t cols, int32_t zero_point,
                           const int32_t* bias, int32_t* out) {
  for (int32_t r = 0; r < rows; ++r) {
    int32_t row_sum = 0;
    for (int32_t c = 0; c < cols; ++c) row_sum += weights[int64_t{r} * cols + c];
    out[r] = WrapAdd(bias != nullptr ? bias[r] : 0, WrapMul(row_sum, zero_point));
  }
}

}  // namespace brasa
