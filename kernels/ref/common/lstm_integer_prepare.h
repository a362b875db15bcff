// Prepare for the integer LSTM: effective scales, clips and zero-point-folded
// biases, computed as TensorFlow Lite's PopulateQuantizedLstmParams8x8_16
// does (the scales in float, as it does).
#ifndef BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_PREPARE_H_
#define BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_PREPARE_H_

#include "brasa/kernel.h"
#include "kernels/ref/common/lstm_integer.h"
#include "kernels/ref/common/lstm_tensors.h"

namespace brasa {

Status PrepareIntegerLstmCell(KernelContext& context, const LstmLayout& layout, float cell_clip,
                              float proj_clip, IntegerLstmCell* cell);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LSTM_INTEGER_PREPARE_H_
