#include "brasa/interpreter.h"

#include <string>

#include "src/delegate/partition.h"
#include "src/model/model_data.h"
#include "src/runtime/executor.h"
#include "src/runtime/graph.h"
#include "src/runtime/graph_builder.h"

namespace brasa {
namespace internal {

struct InterpreterState {
  const Model* model = nullptr;
  InterpreterOptions options;
  Graph graph;
  PersistentAllocator options_memory;  // parsed builtin options
  std::unique_ptr<uint8_t[]> owned_arena;
  GraphPlan plan;
  bool prepared = false;
};

}  // namespace internal

namespace {

constexpr uintptr_t kArenaAlignment16 = 16;

}  // namespace

Interpreter::Interpreter(std::unique_ptr<internal::InterpreterState> state)
    : state_(std::move(state)) {}
Interpreter::~Interpreter() = default;

Result<std::unique_ptr<Interpreter>> Interpreter::Create(const Model& model,
                                                         const OpResolver& resolver,
                                                         const InterpreterOptions& options) {
  if (options.arena != nullptr &&
      reinterpret_cast<uintptr_t>(options.arena) % kArenaAlignment16 != 0) {
    return InvalidArgumentError("caller arena must be 16-byte aligned");
  }
  auto state = std::make_unique<internal::InterpreterState>();
  state->model = &model;
  state->options = options;
  BRASA_RETURN_IF_ERROR(internal::BuildGraph(model.internal_data(), resolver,
                                             state->options_memory, &state->graph));
  BRASA_RETURN_IF_ERROR(internal::ApplyDelegates(&state->graph, options.delegates));
  return std::unique_ptr<Interpreter>(new Interpreter(std::move(state)));
}

Status Interpreter::AllocateTensors() {
  internal::InterpreterState& s = *state_;
  s.prepared = false;
  BRASA_RETURN_IF_ERROR(internal::PrepareGraph(s.graph));
  BRASA_RETURN_IF_ERROR(internal::PlanGraph(s.graph, &s.plan));
  const size_t needed = s.plan.arena.arena_bytes;
  if (needed > s.options.max_arena_bytes) {
    return ResourceExhaustedError("planned arena of " + std::to_string(needed) +
                                  " bytes exceeds the limit of " +
                                  std::to_string(s.options.max_arena_bytes) +
                                  " bytes (InterpreterOptions::max_arena_bytes)");
  }
  uint8_t* arena = nullptr;
  if (s.options.arena != nullptr) {
    if (needed > s.options.arena_size) {
      return ResourceExhaustedError("model needs an arena of " + std::to_string(needed) +
                                    " bytes; the caller's arena has " +
                                    std::to_string(s.options.arena_size));
    }
    arena = static_cast<uint8_t*>(s.options.arena);
  } else {
    s.owned_arena.reset();
    s.owned_arena.reset(new (std::nothrow) uint8_t[needed + kArenaAlignment16]);
    if (s.owned_arena == nullptr) {
      return ResourceExhaustedError("cannot allocate an arena of " + std::to_string(needed) +
                                    " bytes");
    }
    arena = s.owned_arena.get();
    arena += (kArenaAlignment16 - reinterpret_cast<uintptr_t>(arena) % kArenaAlignment16) %
             kArenaAlignment16;
  }
  internal::BindArena(s.graph, s.plan, arena);
  s.prepared = true;
  return Status::Ok();
}

Status Interpreter::ResizeInputTensor(int index, const Shape& shape) {
  if (index < 0 || index >= num_inputs()) {
    return InvalidArgumentError("input index " + std::to_string(index) + " is out of range (" +
                                std::to_string(num_inputs()) + " inputs)");
  }
  if (shape.size() > 8) {
    return InvalidArgumentError("input " + std::to_string(index) + ": rank " +
                                std::to_string(shape.size()) + " exceeds the maximum of 8");
  }
  for (int32_t dim : shape) {
    if (dim < 0) {
      return InvalidArgumentError("input " + std::to_string(index) + ": shape " +
                                  ShapeToString(shape) + " has a negative dimension");
    }
  }
  Tensor& tensor = state_->graph.tensors[static_cast<size_t>(input_tensor_index(index))];
  if (tensor.shape != shape) {
    tensor.shape = shape;
    state_->prepared = false;
  }
  return Status::Ok();
}

Status Interpreter::Invoke() {
  if (!state_->prepared) {
    return FailedPreconditionError("Invoke called before AllocateTensors succeeded");
  }
  return internal::InvokeGraph(state_->graph);
}

Status Interpreter::ResetVariables() {
  if (!state_->prepared) {
    return FailedPreconditionError("ResetVariables called before AllocateTensors succeeded");
  }
  internal::ResetVariables(state_->graph);
  return Status::Ok();
}

int Interpreter::num_inputs() const { return static_cast<int>(state_->graph.inputs.size()); }
int Interpreter::num_outputs() const { return static_cast<int>(state_->graph.outputs.size()); }

int Interpreter::input_tensor_index(int index) const {
  if (index < 0 || index >= num_inputs()) return -1;
  return state_->graph.inputs[static_cast<size_t>(index)];
}
int Interpreter::output_tensor_index(int index) const {
  if (index < 0 || index >= num_outputs()) return -1;
  return state_->graph.outputs[static_cast<size_t>(index)];
}

Tensor* Interpreter::input(int index) {
  const int t = input_tensor_index(index);
  return t < 0 ? nullptr : &state_->graph.tensors[static_cast<size_t>(t)];
}
const Tensor* Interpreter::output(int index) const {
  const int t = output_tensor_index(index);
  return t < 0 ? nullptr : &state_->graph.tensors[static_cast<size_t>(t)];
}

Tensor* Interpreter::input(const std::string& name) {
  for (int i = 0; i < num_inputs(); ++i) {
    if (input(i)->name == name) return input(i);
  }
  return nullptr;
}
const Tensor* Interpreter::output(const std::string& name) const {
  for (int i = 0; i < num_outputs(); ++i) {
    if (output(i)->name == name) return output(i);
  }
  return nullptr;
}

size_t Interpreter::arena_bytes() const { return state_->plan.arena.arena_bytes; }
size_t Interpreter::arena_lower_bound() const { return state_->plan.arena.lower_bound; }
size_t Interpreter::persistent_bytes() const {
  return state_->graph.persistent.bytes() + state_->options_memory.bytes();
}

int Interpreter::num_tensors() const { return static_cast<int>(state_->graph.tensors.size()); }
const Tensor* Interpreter::tensor(int index) const {
  if (index < 0 || index >= num_tensors()) return nullptr;
  return &state_->graph.tensors[static_cast<size_t>(index)];
}
int Interpreter::num_nodes() const { return static_cast<int>(state_->graph.nodes.size()); }

NodeInfo Interpreter::node(int position) const {
  NodeInfo info;
  if (position < 0 || position >= num_nodes()) return info;
  const internal::Node& node = state_->graph.nodes[static_cast<size_t>(position)];
  info.index = node.index;
  info.op_name = node.op_name;
  info.inputs = node.inputs;
  info.outputs = node.outputs;
  info.delegated_nodes = node.delegated_nodes;
  return info;
}

}  // namespace brasa
