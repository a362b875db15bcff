#include <cstdarg>
#include <cstdio>
#include <string>

#include "brasa/kernel.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace {

std::string FormatV(const char* format, va_list args) {
  char buffer[512];
  vsnprintf(buffer, sizeof(buffer), format, args);
  return buffer;
}

}  // namespace

int KernelContext::node_index() const { return node_->index; }
const char* KernelContext::op_name() const { return node_->op_name; }
int32_t KernelContext::builtin_code() const { return node_->builtin_code; }

int KernelContext::num_inputs() const {
  return static_cast<int>(node_->inputs.size());
}
int KernelContext::num_outputs() const {
  return static_cast<int>(node_->outputs.size());
}

int KernelContext::input_tensor_index(int i) const {
  if (i < 0 || i >= num_inputs()) return -1;
  return node_->inputs[static_cast<size_t>(i)];
}
int KernelContext::output_tensor_index(int i) const {
  if (i < 0 || i >= num_outputs()) return -1;
  return node_->outputs[static_cast<size_t>(i)];
}

const Tensor* KernelContext::input(int i) const {
  const int index = input_tensor_index(i);
  return index < 0 ? nullptr : &graph_->tensors[static_cast<size_t>(index)];
}
Tensor* KernelContext::output(int i) {
  const int index = output_tensor_index(i);
  return index < 0 ? nullptr : &graph_->tensors[static_cast<size_t>(index)];
}
const Tensor* KernelContext::output(int i) const {
  const int index = output_tensor_index(i);
  return index < 0 ? nullptr : &graph_->tensors[static_cast<size_t>(index)];
}

Tensor* KernelContext::variable_input(int i) {
  const int index = input_tensor_index(i);
  if (index < 0) return nullptr;
  Tensor& tensor = graph_->tensors[static_cast<size_t>(index)];
  return tensor.is_variable ? &tensor : nullptr;
}

int KernelContext::num_intermediates() const {
  return static_cast<int>(node_->intermediates.size());
}
const Tensor* KernelContext::intermediate(int i) const {
  if (i < 0 || i >= num_intermediates()) return nullptr;
  return &graph_->tensors[static_cast<size_t>(node_->intermediates[static_cast<size_t>(i)])];
}

const void* KernelContext::raw_params() const { return node_->params; }
const uint8_t* KernelContext::custom_options() const {
  return node_->custom_options;
}
size_t KernelContext::custom_options_size() const {
  return node_->custom_options_size;
}

Status KernelContext::ResizeOutput(int i, const Shape& shape) {
  if (!preparing_) return FailedPreconditionError("ResizeOutput during Eval");
  Tensor* tensor = output(i);
  if (tensor == nullptr) return Error("output %d does not exist", i);
  if (tensor->allocation == Allocation::kConstant) {
    return Error("output %d is a constant tensor", i);
  }
  for (int32_t dim : shape) {
    if (dim < 0) return Error("output %d would get a negative dimension", i);
  }
  tensor->shape = shape;
  return Status::Ok();
}

void* KernelContext::AllocatePersistent(size_t bytes) {
  if (!preparing_) return nullptr;
  return graph_->persistent.Allocate(bytes);
}

Status KernelContext::RequestScratch(size_t bytes, int* index) {
  if (!preparing_) return FailedPreconditionError("RequestScratch during Eval");
  *index = static_cast<int>(node_->scratch_bytes.size());
  node_->scratch_bytes.push_back(bytes);
  return Status::Ok();
}

void* KernelContext::raw_op_data() const { return node_->op_data; }
void KernelContext::set_op_data(void* data) { node_->op_data = data; }

void* KernelContext::scratch(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= node_->scratch.size()) {
    return nullptr;
  }
  return node_->scratch[static_cast<size_t>(index)];
}

Status KernelContext::Error(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return Status(StatusCode::kInvalidModel, "node " + std::to_string(node_->index) +
                                               " (" + node_->op_name + "): " + text);
}

Status KernelContext::ErrorWithCode(StatusCode code, const char* format,
                                    ...) const {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return Status(code, "node " + std::to_string(node_->index) + " (" +
                          node_->op_name + "): " + text);
}

}  // namespace brasa
