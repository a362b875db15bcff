// Runs an LSTM cell over a sequence, as TensorFlow Lite's lstm_eval does:
// time-major input [time, batch, input] steps all batch rows at once;
// batch-major [batch, time, input] runs each batch row through its whole
// sequence. `forward` false walks time backwards (the backward half of
// BIDIRECTIONAL_SEQUENCE_LSTM). Output rows are `output_stride` apart and
// start at column `output_offset` (merged bidirectional outputs).
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_SEQUENCE_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_SEQUENCE_H_

#include <cstdint>

#include "kernels/ref/common/lstm_tensors.h"

namespace brasa {

struct LstmSequenceOutput {
  int32_t stride = 0;  // elements between output rows (n_output unless merged)
  int32_t offset = 0;  // first column of this cell's output
};

// step(rows, input, output_state, cell_state, output) advances `rows` batch
// rows by one time step.
template <typename T, typename C, typename Step>
void RunLstmSequence(const LstmLayout& l, bool time_major, bool forward, const T* input,
                     T* output_state, C* cell_state, T* output, LstmSequenceOutput out, Step step) {
  for (int32_t t = 0; t < l.max_time; ++t) {
    const int32_t time = forward ? t : l.max_time - 1 - t;
    if (time_major) {
      const int64_t row = int64_t{time} * l.n_batch;
      step(l.n_batch, input + row * l.n_input, output_state, cell_state,
           output + row * out.stride + out.offset);
    }
  }
  if (time_major) return;
  for (int32_t b = 0; b < l.n_batch; ++b) {
    for (int32_t t = 0; t < l.max_time; ++t) {
      const int32_t time = forward ? t : l.max_time - 1 - t;
      const int64_t row = int64_t{b} * l.max_time + time;
      step(1, input + row * l.n_input, output_state + int64_t{b} * l.n_output,
           cell_state + int64_t{b} * l.n_cell, output + row * out.stride + out.offset);
    }
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_SEQUENCE_H_
