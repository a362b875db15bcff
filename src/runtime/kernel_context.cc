#include <cstdarg>
#include <cstdio>
#include <string>

#include "brasa/kernel.h"
#include "src/platform/cpu_features.h"
#include "src/platform/thread_pool.h"
#include "src/runtime/graph.h"
#include "src/runtime/graph_set.h"

namespace brasa {
namespace {

#if !(defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS)  // else Error is inline
std::string FormatV(const char* format, va_list args) {
  char buffer[512];
  vsnprintf(buffer, sizeof(buffer), format, args);
  return buffer;
}

// "node 7 (ADD)", or "subgraph 2 node 7 (ADD)" outside the main subgraph.
std::string NodeLabel(const internal::Graph& graph, const internal::Node& node) {
  std::string label;
  if (graph.subgraph_index != 0) label = "subgraph " + std::to_string(graph.subgraph_index) + " ";
  return label + "node " + std::to_string(node.index) + " (" + node.op_name + ")";
}
#endif

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
  return ResizeOutputTo(i, shape.data(), shape.size());
}

Status KernelContext::ResizeOutput(int i, std::initializer_list<int32_t> dims) {
  return ResizeOutputTo(i, dims.begin(), dims.size());
}

// One body for both: a microcontroller links one vector copy (assign), not
// also the copy assignment and a Shape built per call site.
Status KernelContext::ResizeOutputTo(int i, const int32_t* dims, size_t rank) {
  if (!preparing_) return FailedPreconditionError("ResizeOutput during Eval");
  Tensor* tensor = output(i);
  if (tensor == nullptr) return Error("output %d does not exist", i);
  if (tensor->allocation == Allocation::kConstant) {
    return Error("output %d is a constant tensor", i);
  }
  for (size_t d = 0; d < rank; ++d) {
    if (dims[d] < 0) return Error("output %d would get a negative dimension", i);
  }
  tensor->shape.assign(dims, dims + rank);
  return Status::Ok();
}

void* KernelContext::AllocatePersistent(size_t bytes) {
  if (!preparing_) return nullptr;
  return graph_->persistent.Allocate(bytes);
}

bool KernelContext::ReleaseConstantInput(int i) {
  const int index = input_tensor_index(i);
  if (!preparing_ || index < 0) return false;
  Tensor& tensor = graph_->tensors[static_cast<size_t>(index)];
  if (tensor.allocation != Allocation::kPersistent || tensor.is_variable ||
      tensor.data == nullptr) {
    return false;
  }
  for (int output : graph_->outputs) {
    if (output == index) return false;
  }
  int readers = 0;
  for (const internal::Node& node : graph_->nodes) {
    for (int input : node.inputs) readers += input == index ? 1 : 0;
  }
  if (readers != 1 || !graph_->persistent.Release(tensor.data)) return false;
  tensor.data = nullptr;
  return true;
}

Status KernelContext::RequestScratch(size_t bytes, int* index) {
  if (!preparing_) return FailedPreconditionError("RequestScratch during Eval");
  *index = static_cast<int>(node_->scratch.size());
  node_->scratch.push_back({bytes, nullptr});
  return Status::Ok();
}

void* KernelContext::raw_op_data() const { return node_->op_data; }
void KernelContext::set_op_data(void* data) { node_->op_data = data; }

void* KernelContext::scratch(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= node_->scratch.size()) {
    return nullptr;
  }
  return node_->scratch[static_cast<size_t>(index)].data;
}

Isa KernelContext::isa() const { return internal::UsableIsa(graph_->runtime.max_isa); }

bool KernelContext::use_reference_kernels() const {
  return graph_->runtime.use_reference_kernels;
}

int KernelContext::num_threads() const {
  const internal::ThreadPool* pool = graph_->runtime.thread_pool;
  return pool == nullptr ? 1 : pool->num_threads();
}

void KernelContext::ParallelFor(int count, void (*task)(void* task_context, int index),
                                void* task_context) const {
  internal::ThreadPool* pool = graph_->runtime.thread_pool;
  if (pool == nullptr) {
    for (int i = 0; i < count; ++i) task(task_context, i);
  } else {
    pool->ParallelFor(count, task, task_context);
  }
}

#if !(defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS)  // else inline
Status KernelContext::Error(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return Status(StatusCode::kInvalidModel, NodeLabel(*graph_, *node_) + ": " + text);
}

Status KernelContext::ErrorWithCode(StatusCode code, const char* format,
                                    ...) const {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return Status(code, NodeLabel(*graph_, *node_) + ": " + text);
}
#endif

// ---- Subgraphs ----

namespace {

internal::Graph* SubgraphOf(internal::Graph* graph, int subgraph) {
  if (graph->set == nullptr || subgraph < 0 ||
      static_cast<size_t>(subgraph) >= graph->set->graphs.size()) {
    return nullptr;
  }
  return &graph->set->graphs[static_cast<size_t>(subgraph)];
}

Tensor* TensorOf(internal::Graph* graph, const CompactList<int32_t>& list, int i) {
  if (graph == nullptr || i < 0 || static_cast<size_t>(i) >= list.size()) return nullptr;
  return &graph->tensors[static_cast<size_t>(list[static_cast<size_t>(i)])];
}

}  // namespace

int KernelContext::num_subgraphs() const {
  return graph_->set == nullptr ? 0 : static_cast<int>(graph_->set->graphs.size());
}
int KernelContext::subgraph_num_inputs(int subgraph) const {
  const internal::Graph* g = SubgraphOf(graph_, subgraph);
  return g == nullptr ? 0 : static_cast<int>(g->inputs.size());
}
int KernelContext::subgraph_num_outputs(int subgraph) const {
  const internal::Graph* g = SubgraphOf(graph_, subgraph);
  return g == nullptr ? 0 : static_cast<int>(g->outputs.size());
}
Tensor* KernelContext::subgraph_input(int subgraph, int i) {
  internal::Graph* g = SubgraphOf(graph_, subgraph);
  return g == nullptr ? nullptr : TensorOf(g, g->inputs, i);
}
const Tensor* KernelContext::subgraph_output(int subgraph, int i) const {
  internal::Graph* g = SubgraphOf(graph_, subgraph);
  return g == nullptr ? nullptr : TensorOf(g, g->outputs, i);
}

Status KernelContext::PrepareSubgraph(int subgraph) {
  if (!preparing_) return FailedPreconditionError("PrepareSubgraph during Eval");
  if (SubgraphOf(graph_, subgraph) == nullptr) {
    return Error("subgraph %d does not exist (%d subgraphs)", subgraph, num_subgraphs());
  }
  return internal::PrepareSubgraph(*graph_->set, subgraph);
}

Status KernelContext::InvokeSubgraph(int subgraph) {
  if (SubgraphOf(graph_, subgraph) == nullptr) return Error("subgraph %d does not exist", subgraph);
  return internal::InvokeSubgraph(*graph_->set, subgraph);
}

int64_t KernelContext::max_while_iterations() const {
  return graph_->set == nullptr ? 0 : graph_->set->max_while_iterations;
}

// ---- Resource variables ----

int32_t KernelContext::FindOrAddVariable(const char* container, const char* shared_name) {
  if (!preparing_ || graph_->set == nullptr) return -1;
  return internal::FindOrAddVariable(*graph_->set, container, shared_name);
}

ResourceVariable* KernelContext::variable(int32_t id) const {
  if (graph_->set == nullptr || id < 0 ||
      static_cast<size_t>(id) >= graph_->set->variables.size()) {
    return nullptr;
  }
  return &graph_->set->variables[static_cast<size_t>(id)].variable;
}

const char* KernelContext::variable_name(int32_t id) const {
  if (variable(id) == nullptr) return "";
  return graph_->set->variables[static_cast<size_t>(id)].shared_name.c_str();
}

uint32_t KernelContext::variables_epoch() const {
  return graph_->set == nullptr ? 0 : graph_->set->variables_epoch;
}

}  // namespace brasa
