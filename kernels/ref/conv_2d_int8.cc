// Register_CONV_2D_INT8: int8 input and filter only (conv_2d.cc). Each of the
// two registrations has a file of its own: src/runtime/fold_pad.cc refers to
// both weakly, so one defined next to the other would link that one's code too.
#include "brasa/kernel.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/conv_2d.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace internal {
void LinkInPlaceExecution();  // src/runtime/in_place.h: its nodes may run in place
}  // namespace internal

const OpKernel* Register_CONV_2D_INT8() {
  internal::LinkInPlaceExecution();
  static const OpKernel kernel = {"CONV_2D",
                                  PrepareWithOpData<ConvData, PrepareConv2dInt8>,
                                  EvalWithOpData<ConvData, EvalConv2dInt8>,
                                  internal::ParseConv2DOptions};
  return &kernel;
}

}  // namespace brasa
