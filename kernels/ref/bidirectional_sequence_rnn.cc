// BIDIRECTIONAL_SEQUENCE_RNN: two fully connected recurrent cells over one
// sequence (time-major [time, batch, input] or batch-major), the forward one
// from the first time step, the backward one from the last, each with its
// own variable hidden state. Outputs: forward [.., fw_units] and backward
// [.., bw_units], or with merge_outputs one output holding both per row
// (forward first). float32 and hybrid (int8 weights), as LiteRT's
// bidirectional_sequence_rnn.cc; the auxiliary inputs (9-11) are not
// supported. The cell step is kernels/ref/common/rnn_step.cc.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/rnn_common.h"
#include "kernels/ref/common/rnn_step.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kInput = 0, kNumInputs = 12, kFirstAuxInput = 9;
constexpr int kWeights[2] = {1, 5}, kHiddenState[2] = {4, 8};

struct BidirectionalRnnData {
  int32_t batches = 0, max_time = 0;
  bool time_major = true, merge_outputs = false;
  int32_t passes = 1;
  RnnCell cell[2];  // forward, backward
  RnnScratchIds scratch[2];
};

Status Prepare(KernelContext& context) {
  if (context.raw_params() == nullptr) return context.Error("missing RNN options");
  const auto& params = context.params<BidirectionalSequenceRnnParams>();
  BRASA_RETURN_IF_ERROR(
      CheckBidirectionalCounts(context, kNumInputs, kFirstAuxInput, params.merge_outputs));
  const Tensor* input = context.input(kInput);
  if (input == nullptr) return context.Error("input 0 is missing");
  BRASA_RETURN_IF_ERROR(ExpectType(context, *input, DataType::kFloat32, "input"));
  if (input->rank() != 3) return context.Error("input must be 3-D, has rank %d", input->rank());
  auto* d = context.NewOpData<BidirectionalRnnData>();
  if (d == nullptr) return RnnOutOfMemory(context);
  d->time_major = params.time_major;
  d->merge_outputs = params.merge_outputs;
  d->batches = d->time_major ? input->dim(1) : input->dim(0);
  d->max_time = d->time_major ? input->dim(0) : input->dim(1);
  for (int direction = 0; direction < 2; ++direction) {
    RnnCell& cell = d->cell[direction];
    BRASA_RETURN_IF_ERROR(PrepareRnnCell(context, kWeights[direction], input->dim(2),
                                         params.activation, params.asymmetric_quantize_inputs,
                                         d->batches, &cell, &d->scratch[direction]));
    const Tensor* state = context.variable_input(kHiddenState[direction]);
    if (state == nullptr) {
      return context.Error("input %d (hidden state) must be a variable tensor",
                           kHiddenState[direction]);
    }
    BRASA_RETURN_IF_ERROR(ExpectType(context, *state, DataType::kFloat32, "hidden state"));
    BRASA_RETURN_IF_ERROR(ExpectMatrix(context, *state, d->batches, cell.units, "hidden state"));
  }
  // LiteRT's hybrid time-major Eval runs both cells over the whole sequence
  // max_time times (a loop around the time loop), the hidden states carrying
  // over; the outputs are those of the last pass. Done the same here.
  d->passes = d->time_major && d->cell[0].hybrid ? d->max_time : 1;
  Shape shape = input->shape;
  const int32_t fw_units = d->cell[0].units, bw_units = d->cell[1].units;
  shape.back() = params.merge_outputs ? fw_units + bw_units : fw_units;
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(0), DataType::kFloat32, "output 0"));
  BRASA_RETURN_IF_ERROR(context.ResizeOutput(0, shape));
  if (params.merge_outputs) return Status::Ok();
  shape.back() = bw_units;
  BRASA_RETURN_IF_ERROR(ExpectType(context, *context.output(1), DataType::kFloat32, "output 1"));
  return context.ResizeOutput(1, shape);
}

// One direction over the whole sequence; output rows `stride` apart.
void RunDirection(KernelContext& context, const BidirectionalRnnData& d, int direction,
                  float* output, int32_t stride) {
  const RnnCell& cell = d.cell[direction];
  const RnnScratch scratch = GetRnnScratch(context, d.scratch[direction]);
  const float* x = context.input(kInput)->data_as<float>();
  float* h = context.variable_input(kHiddenState[direction])->data_as<float>();
  for (int32_t t = 0; t < d.max_time; ++t) {
    const int32_t time = direction == 0 ? t : d.max_time - 1 - t;
    if (d.time_major) {
      const int64_t row = int64_t{time} * d.batches;
      RnnStep(cell, d.batches, x + row * cell.input_size, h, output + row * stride, stride,
              scratch);
    }
  }
  if (d.time_major) return;
  for (int32_t b = 0; b < d.batches; ++b) {
    for (int32_t t = 0; t < d.max_time; ++t) {
      const int32_t time = direction == 0 ? t : d.max_time - 1 - t;
      const int64_t row = int64_t{b} * d.max_time + time;
      RnnStep(cell, 1, x + row * cell.input_size, h + int64_t{b} * cell.units,
              output + row * stride, stride, scratch);
    }
  }
}

Status Eval(KernelContext& context) {
  const auto& d = *context.op_data<BidirectionalRnnData>();
  const int32_t fw_units = d.cell[0].units;
  for (int32_t pass = 0; pass < d.passes; ++pass) {
    if (d.merge_outputs) {
      float* output = context.output(0)->data_as<float>();
      const int32_t stride = fw_units + d.cell[1].units;
      RunDirection(context, d, 0, output, stride);
      RunDirection(context, d, 1, output + fw_units, stride);
    } else {
      RunDirection(context, d, 0, context.output(0)->data_as<float>(), fw_units);
      RunDirection(context, d, 1, context.output(1)->data_as<float>(), d.cell[1].units);
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_BIDIRECTIONAL_SEQUENCE_RNN() {
  static const OpKernel kernel = {"BIDIRECTIONAL_SEQUENCE_RNN", Prepare, Eval,
                                  internal::ParseBidirectionalSequenceRNNOptions};
  return &kernel;
}

}  // namespace brasa
