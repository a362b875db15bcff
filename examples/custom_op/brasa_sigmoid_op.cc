#include "examples/custom_op/brasa_sigmoid_op.h"

#include <cmath>

namespace brasa_examples {
namespace {

// Prepare: validate everything once, with errors that name the node, and
// give the output its shape. Eval then only computes.
brasa::Status Prepare(brasa::KernelContext& context) {
  if (context.num_inputs() != 1 || context.num_outputs() != 1) {
    return context.Error("expected 1 input and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const brasa::Tensor* input = context.input(0);
  if (input == nullptr || input->type != brasa::DataType::kFloat32 ||
      context.output(0)->type != brasa::DataType::kFloat32) {
    return context.Error("only float32 input and output are supported");
  }
  return context.ResizeOutput(0, input->shape);
}

brasa::Status Eval(brasa::KernelContext& context) {
  const brasa::Tensor& input = *context.input(0);
  const float* x = input.data_as<float>();
  float* y = context.output(0)->data_as<float>();
  for (int64_t i = 0; i < input.element_count(); ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
  return brasa::Status::Ok();
}

}  // namespace

const brasa::OpKernel* BrasaSigmoidKernel() {
  static const brasa::OpKernel kernel = {kBrasaSigmoidName, Prepare, Eval};
  return &kernel;
}

}  // namespace brasa_examples
