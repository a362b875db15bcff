// DENSIFY: expands a constant stored in TensorFlow Lite's compressed sparse
// format (pruned weights) into a dense tensor. The input is a constant, so the
// output is one too: it is computed once at Prepare into persistent memory,
// which keeps it out of the arena plan, and Eval does nothing.
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/unary_op.h"
#include "src/core/densify.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kFloat16 && type != DataType::kInt8) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (input->allocation != Allocation::kConstant) {
    return context.Error("input must be a constant tensor");
  }
  BRASA_RETURN_IF_ERROR(context.ResizeOutput(0, input->shape));
  const size_t element_size = DataTypeSize(type);
  const size_t bytes = element_size * static_cast<size_t>(input->element_count());
  void* dense = context.AllocatePersistent(bytes);
  if (dense == nullptr && bytes > 0) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted,
                                 "out of memory for the %zu-byte dense output", bytes);
  }
  if (input->sparsity != nullptr) {
    DensifyValues(*input->sparsity, input->shape, input->data, element_size, dense);
  } else if (bytes > 0) {
    // Another reader already needed the input dense (see graph_builder.cc).
    std::memcpy(dense, input->data, bytes);
  }
  output->data = dense;
  output->bytes = bytes;
  output->allocation = Allocation::kPersistent;
  return Status::Ok();
}

Status Eval(KernelContext&) { return Status::Ok(); }

}  // namespace

const OpKernel* Register_DENSIFY() {
  static const OpKernel kernel = {"DENSIFY", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
