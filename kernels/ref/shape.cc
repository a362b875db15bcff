// SHAPE: the input's dimensions as a 1-D int32 or int64 tensor (the output
// tensor's type, which the converter sets from out_type).
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const DataType type = context.output(0)->type;
  if (type != DataType::kInt32 && type != DataType::kInt64) {
    return context.Error("output must be int32 or int64, got %s", DataTypeName(type));
  }
  return context.ResizeOutput(0, Shape{context.input(0)->rank()});
}

Status Eval(KernelContext& context) {
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  for (int d = 0; d < input.rank(); ++d) {
    if (output.type == DataType::kInt64) {
      output.data_as<int64_t>()[d] = input.dim(d);
    } else {
      output.data_as<int32_t>()[d] = input.dim(d);
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SHAPE() {
  static const OpKernel kernel = {"SHAPE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
