// BIDIRECTIONAL_SEQUENCE_LSTM (float32, and hybrid: float32 input and states
// with int8 weights, as LiteRT): two LSTM cells over one sequence,
// the forward one from the first time step, the backward one from the last,
// each with its own variable states. Outputs: forward [.., n_fw_output] and
// backward [.., n_bw_output], or with merge_outputs one output holding both
// per row (forward first). The auxiliary inputs (39-47, stacked layers) are
// not supported (LiteRT has no integer variant of this op).
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/lstm_float.h"
#include "kernels/ref/common/lstm_hybrid.h"
#include "kernels/ref/common/lstm_sequence.h"
#include "kernels/ref/common/lstm_tensors.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kNumInputs = 48, kFirstAuxInput = 39;

struct BidirectionalLstmData {
  LstmLayout layout[2];  // forward, backward
  FloatLstmCell cell[2];
  HybridLstmCell hybrid_cell[2];
  HybridLstmScratchIds hybrid_scratch[2];
  bool time_major = true, merge_outputs = false, hybrid = false;
  int gate_scratch[4] = {-1, -1, -1, -1};
  int hidden_scratch = -1;
};

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing LSTM options");
  const auto& params = context.params<BidirectionalSequenceLstmParams>();
  BRASA_RETURN_IF_ERROR(
      CheckBidirectionalCounts(context, kNumInputs, kFirstAuxInput, params.merge_outputs));
  if (!(params.cell_clip >= 0.0f) || !(params.proj_clip >= 0.0f)) {
    return context.Error("cell_clip and proj_clip must be >= 0");
  }
  auto* data = context.NewOpData<BidirectionalLstmData>();
  if (data == nullptr) return RnnOutOfMemory(context);
  data->time_major = params.time_major;
  data->merge_outputs = params.merge_outputs;
  RnnActivation activation;
  if (!ToRnnActivation(params.activation, &activation)) {
    return context.Error("unknown fused activation %d", static_cast<int>(params.activation));
  }
  int32_t max_cells = 0;
  for (int direction = 0; direction < 2; ++direction) {
    const LstmInputMap map = BidirectionalLstmInputs(direction == 1);
    LstmLayout& l = data->layout[direction];
    BRASA_RETURN_IF_ERROR(CheckLstmTensors(context, map, params.time_major, &l));
    if (context.input(0)->type != DataType::kFloat32) {
      return context.ErrorWithCode(StatusCode::kUnsupported, "only float32 is supported");
    }
    if (direction == 1 && l.hybrid != data->layout[0].hybrid) {
      return context.Error("one cell has int8 weights, the other float32");
    }
    data->hybrid = l.hybrid;
    if (l.hybrid) {
      BRASA_RETURN_IF_ERROR(PrepareHybridLstmCell(
          context, map, l, activation, params.cell_clip, params.proj_clip,
          params.asymmetric_quantize_inputs, &data->hybrid_cell[direction],
          &data->hybrid_scratch[direction]));
    } else {
      FillFloatLstmCell(context, map, l, activation, params.cell_clip, params.proj_clip,
                        &data->cell[direction]);
    }
    max_cells = std::max(max_cells, l.n_cell);
  }
  const LstmLayout& fw = data->layout[0];
  const LstmLayout& bw = data->layout[1];
  if (fw.n_cell != bw.n_cell || fw.n_output != bw.n_output) {
    return context.Error(
        "the backward cell (%d cells, %d outputs) must match the forward cell "
        "(%d, %d)",
        bw.n_cell, bw.n_output, fw.n_cell, fw.n_output);
  }
  // TensorFlow Lite steps each batch-major row's output state with the merged
  // row stride; only one batch row keeps that within the state.
  if (params.merge_outputs && !params.time_major && fw.n_batch > 1) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "merged outputs of a batch-major input need batch 1");
  }
  const size_t cells = static_cast<size_t>(fw.n_batch) * static_cast<size_t>(max_cells);
  for (int& scratch : data->gate_scratch) {
    if (data->hybrid) break;  // the hybrid cells have their own scratch
    BRASA_RETURN_IF_ERROR(context.RequestScratch(cells * sizeof(float), &scratch));
  }
  if (!data->hybrid) {
    BRASA_RETURN_IF_ERROR(context.RequestScratch(cells * sizeof(float), &data->hidden_scratch));
  }
  Shape shape = context.input(0)->shape;
  shape.back() = params.merge_outputs ? fw.n_output + bw.n_output : fw.n_output;
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output 0"));
  BRASA_RETURN_IF_ERROR(context.ResizeOutput(0, shape));
  if (params.merge_outputs) return Status::Ok();
  shape.back() = bw.n_output;
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(1), DataType::kFloat32, "output 1"));
  return context.ResizeOutput(1, shape);
}

Status Eval(KernelContext& context) {
  const auto& d = *context.op_data<BidirectionalLstmData>();
  FloatLstmScratch scratch{};
  for (int g = 0; g < 4 && !d.hybrid; ++g)
    scratch.gates[g] = static_cast<float*>(context.scratch(d.gate_scratch[g]));
  if (!d.hybrid) scratch.hidden = static_cast<float*>(context.scratch(d.hidden_scratch));
  const int32_t merged_stride = d.layout[0].n_output + d.layout[1].n_output;
  for (int direction = 0; direction < 2; ++direction) {
    const LstmInputMap map = BidirectionalLstmInputs(direction == 1);
    const FloatLstmCell& cell = d.cell[direction];
    const HybridLstmCell& hybrid_cell = d.hybrid_cell[direction];
    const LstmLayout& layout = d.layout[direction];
    HybridLstmScratch hybrid_scratch{};
    if (d.hybrid) {
      hybrid_scratch = GetHybridLstmScratch(context, d.hybrid_scratch[direction], layout);
    }
    LstmSequenceOutput out{layout.n_output, 0};
    if (d.merge_outputs) out = {merged_stride, direction == 0 ? 0 : d.layout[0].n_output};
    float* output = context.output(d.merge_outputs ? 0 : direction)->data_as<float>();
    RunLstmSequence(layout, d.time_major, /*forward=*/direction == 0,
                    context.input(0)->data_as<float>(),
                    context.variable_input(map.index[kLstmOutputState])->data_as<float>(),
                    context.variable_input(map.index[kLstmCellState])->data_as<float>(), output,
                    out, [&](int32_t rows, const float* x, float* h, float* c, float* y) {
                      if (d.hybrid) {
                        HybridLstmStep(hybrid_cell, rows, x, h, c, y, out.stride, hybrid_scratch);
                      } else {
                        FloatLstmStep(cell, rows, x, h, c, y, out.stride, scratch);
                      }
                    });
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_BIDIRECTIONAL_SEQUENCE_LSTM() {
  static const OpKernel kernel = {"BIDIRECTIONAL_SEQUENCE_LSTM", Prepare, Eval,
                                  internal::ParseBidirectionalSequenceLSTMOptions};
  return &kernel;
}

}  // namespace brasa
