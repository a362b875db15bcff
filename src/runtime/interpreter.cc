#include "brasa/interpreter.h"

#include <string>

#include "src/core/error_text.h"
#include "src/core/features.h"
#include "src/delegate/partition.h"
#include "src/model/model_data.h"
#include "src/planner/arena_planner.h"
#include "src/platform/large_pages.h"
#include "src/platform/thread_pool.h"
#include "src/runtime/executor.h"
#include "src/runtime/graph.h"
#include "src/runtime/graph_builder.h"
#include "src/runtime/arena_layout.h"
#include "src/runtime/graph_set.h"
#include "src/runtime/subgraph_calls.h"

namespace brasa {
namespace internal {

// src/runtime/fold_pad.h, weakly: linked only with brasa's PAD kernel, the
// only kernel whose nodes it folds (null otherwise, and nothing to fold).
Status FoldPadsIntoConvolutions(Graph* graph, PersistentAllocator* params_memory)
    __attribute__((weak));

// What Invoke checks of a main input (CheckInputsUnchanged). A microcontroller
// keeps a hash of the shape (FNV-1a over rank and dimensions), not a copy:
// no heap block per input, and a changed shape is still caught.
struct InputSnapshot {
  const void* data = nullptr;
  size_t bytes = 0;
  DataType type = DataType::kFloat32;
#ifdef BRASA_BARE_METAL
  uint32_t shape_hash = 0;
#else
  Shape shape;
#endif
};

#ifdef BRASA_BARE_METAL
uint32_t ShapeHash(const Shape& shape) {
  uint32_t hash = 2166136261u;
  auto mix = [&hash](uint32_t value) {
    for (int byte = 0; byte < 4; ++byte, value >>= 8) hash = (hash ^ (value & 0xffu)) * 16777619u;
  };
  mix(static_cast<uint32_t>(shape.size()));
  for (int32_t dim : shape) mix(static_cast<uint32_t>(dim));
  return hash;
}
#endif

struct InterpreterState {
  const Model* model = nullptr;
  // What AllocateTensors and Invoke read of the InterpreterOptions; Create
  // reads the rest (a copy of them all would cost a microcontroller 96 bytes).
  struct {
    void* arena = nullptr;
    size_t arena_size = 0;
    size_t max_arena_bytes = 0;
    const NodeProfiler* profiler = nullptr;
  } options;
  // Shared by every persistent allocator below (max_persistent_bytes).
  PersistentBudget persistent_budget;
#ifndef BRASA_BARE_METAL
  // The main graph's packed weights (InterpreterOptions::large_pages);
  // declared before the graphs, which free their blocks into it.
  bool large_pages = true;
  LargePageRegion weight_pages;
#endif
  GraphSet graphs;  // every subgraph; graphs.graphs[0] is the main one
  PersistentAllocator options_memory;  // parsed builtin options
  // Bare-metal builds with a caller arena: the persistent allocators above
  // take the arena's tail (UseArenaTail); AllocateTensors returns it to
  // where Create left it before preparing again.
  ArenaTail arena_tail;
  uint8_t* tail_after_create = nullptr;
  std::unique_ptr<uint8_t[]> owned_arena;
  std::unique_ptr<ThreadPool> thread_pool;  // null with one thread
  bool prepared = false;
  // The main inputs as AllocateTensors prepared them: Invoke refuses to run
  // when a caller has since changed one through the public Tensor fields.
  std::vector<InputSnapshot> prepared_inputs;

  Graph& main() { return graphs.graphs[0]; }
  const Graph& main() const { return graphs.graphs[0]; }
};

// InterpreterOptions' tensor and operator limits, from the model's counts,
// before any graph is built.
Status CheckModelSize(const ModelData& model, const InterpreterOptions& options) {
  int64_t tensors = 0, operators = 0;
  for (const tflite::SubGraph* subgraph : *model.root->subgraphs()) {
    if (subgraph->tensors() != nullptr) tensors += subgraph->tensors()->size();
    if (subgraph->operators() != nullptr) operators += subgraph->operators()->size();
  }
  if (tensors > options.max_tensors) {
    return ResourceExhaustedError("model has " + std::to_string(tensors) +
                                  " tensors (all subgraphs), more than the limit of " +
                                  std::to_string(options.max_tensors) +
                                  " (InterpreterOptions::max_tensors)");
  }
  if (operators > options.max_operators) {
    return ResourceExhaustedError("model has " + std::to_string(operators) +
                                  " operators (all subgraphs), more than the limit of " +
                                  std::to_string(options.max_operators) +
                                  " (InterpreterOptions::max_operators)");
  }
  return Status::Ok();
}

// A failure caused by the persistent-memory limit says so: the kernel that
// got no memory only knows it got none.
Status NamePersistentLimit(const PersistentBudget& budget, const Status& status) {
  if (status.ok() || budget.refused == 0) return status;
  const size_t wanted = budget.used + budget.refused;
  return ResourceExhaustedError(
      "persistent memory (op data, packed weights, options, variables) would grow to " +
      std::to_string(wanted) + " bytes, more than the limit of " +
      std::to_string(budget.limit) + " bytes (InterpreterOptions::max_persistent_bytes)");
}

#ifndef BRASA_BARE_METAL
// AddressSanitizer builds keep heap blocks for packed weights: their
// redzones catch a kernel that reads past its weights.
#if defined(__SANITIZE_ADDRESS__)  // GCC
#define BRASA_ADDRESS_SANITIZER 1
#elif defined(__has_feature)  // Clang
#if __has_feature(address_sanitizer)
#define BRASA_ADDRESS_SANITIZER 1
#endif
#endif
#ifdef BRASA_ADDRESS_SANITIZER
constexpr bool kLargePagesAllowed = false;
#else
constexpr bool kLargePagesAllowed = true;
#endif

// Gives the main graph's persistent allocator a region in 2 MB pages for its
// packed weights (InterpreterOptions::large_pages) where they pay
// (LargePageReservationBytes); where the OS has no such mapping, the
// allocator keeps its heap blocks.
void UseLargePages(InterpreterState& s) {
  // Off, or set up by an earlier AllocateTensors (the constants stay).
  if (!kLargePagesAllowed || !s.large_pages || s.weight_pages.capacity() != 0) return;
  const size_t reservation = LargePageReservationBytes(s.main());
  if (reservation == 0 || !s.weight_pages.Reserve(reservation)) {
    s.large_pages = false;  // not tried again
    return;
  }
  s.main().persistent.set_large_pages(&s.weight_pages);
}
#endif

// Bare metal, TensorFlow Lite Micro style: one caller arena holds the
// persistent data (from its end down) and the planned activations (from its
// start). The options memory uses the tail during Create only, so what
// AllocateTensors allocates there lies below it and can be taken back.
void UseArenaTail(const InterpreterOptions& options, InterpreterState* state) {
#ifdef BRASA_BARE_METAL
  if (options.arena == nullptr) return;
  uint8_t* begin = static_cast<uint8_t*>(options.arena);  // 16-byte aligned
  state->arena_tail.begin = begin;
  constexpr size_t kBlock = 16;  // what PersistentAllocator rounds each request to
  state->arena_tail.top = begin + options.arena_size / kBlock * kBlock;
  state->options_memory.set_tail(&state->arena_tail);
  state->graphs.variable_memory.set_tail(&state->arena_tail);
  for (Graph& graph : state->graphs.graphs) graph.persistent.set_tail(&state->arena_tail);
#else
  (void)options, (void)state;
#endif
}

// Builds every subgraph. Unsupported operators are listed for all of them
// at once; any other error stops at the first.
Status BuildGraphSet(const ModelData& model, const OpResolver& resolver,
                     const InterpreterOptions& options, InterpreterState* state) {
  BRASA_RETURN_IF_ERROR(CheckModelSize(model, options));
  const int count = static_cast<int>(model.root->subgraphs()->size());
#if BRASA_CONTROL_FLOW
  // Call checks read the model only; done first, so a chain too deep or a
  // cycle is refused before any graph is allocated.
  BRASA_RETURN_IF_ERROR(ValidateSubgraphCalls(model, options.max_subgraph_depth,
                                              &state->graphs.called));
#else
  if (count > 1) {
    return UnsupportedError("model has " + std::to_string(count) +
                            " subgraphs (control flow: IF, WHILE, CALL_ONCE); this build of "
                            "brasa runs single-subgraph models only (CMake option "
                            "BRASA_CONTROL_FLOW=OFF)");
  }
#endif
  state->graphs.graphs = std::vector<Graph>(static_cast<size_t>(count));  // no growth code
  state->graphs.variable_memory.set_budget(&state->persistent_budget);
  for (Graph& graph : state->graphs.graphs) graph.persistent.set_budget(&state->persistent_budget);
  UseArenaTail(options, state);
  bool any_unsupported = false;
  ErrorText unsupported;  // their messages
  for (int s = 0; s < count; ++s) {
    Status status = BuildGraph(model, s, resolver, state->options_memory,
                               &state->graphs.graphs[static_cast<size_t>(s)]);
    if (status.code() == StatusCode::kUnsupported) {
      any_unsupported = true;
      if (kErrorText) unsupported += (unsupported.empty() ? "" : "; ") + status.message();
    } else if (!status.ok()) {
      return status;
    }
  }
  if (any_unsupported) return UnsupportedError(unsupported);
  LinkGraphSet(state->graphs);
  state->graphs.max_while_iterations = options.max_while_iterations;
  return Status::Ok();
}

// Options that cannot be right, before anything is built.
Status CheckOptions(const InterpreterOptions& options) {
  if (options.profiler != nullptr &&
      (options.profiler->node_begin == nullptr || options.profiler->node_end == nullptr)) {
    return InvalidArgumentError("profiler needs both node_begin and node_end callbacks");
  }
  if (options.arena != nullptr && reinterpret_cast<uintptr_t>(options.arena) % 16 != 0) {
    return InvalidArgumentError("caller arena must be 16-byte aligned");
  }
  if (options.num_threads < 1) {
    return InvalidArgumentError("num_threads must be at least 1, got " +
                                std::to_string(options.num_threads));
  }
  if (options.max_while_iterations < 0) {
    return InvalidArgumentError("max_while_iterations must be 0 (no limit) or positive");
  }
  if (options.max_tensors < 0 || options.max_operators < 0 || options.max_subgraph_depth < 0 ||
      options.max_invoke_macs < 0) {
    return InvalidArgumentError(
        "max_tensors, max_operators, max_subgraph_depth and max_invoke_macs must not be "
        "negative");
  }
  return Status::Ok();
}

}  // namespace internal

Interpreter::Interpreter(std::unique_ptr<internal::InterpreterState> state)
    : state_(std::move(state)) {}
Interpreter::~Interpreter() = default;

Result<std::unique_ptr<Interpreter>> Interpreter::Create(const Model& model,
                                                         const OpResolver& resolver,
                                                         const InterpreterOptions& options) {
  BRASA_RETURN_IF_ERROR(internal::CheckOptions(options));
  auto state = std::make_unique<internal::InterpreterState>();
  state->model = &model;
  state->options.arena = options.arena;
  state->options.arena_size = options.arena_size;
  state->options.max_arena_bytes = options.max_arena_bytes;
  state->options.profiler = options.profiler;
#ifndef BRASA_BARE_METAL
  state->large_pages = options.large_pages;
#endif
  state->persistent_budget.limit = options.max_persistent_bytes;
  state->options_memory.set_budget(&state->persistent_budget);
#if !defined(BRASA_THREADS) || BRASA_THREADS
  if (options.num_threads > 1) {
    state->thread_pool = internal::ThreadPool::Create(options.num_threads);
    if (state->thread_pool == nullptr) return ResourceExhaustedError("cannot start threads");
  }
#endif  // else no pool: a pool without threads runs every task on the caller, as none does
  BRASA_RETURN_IF_ERROR(internal::NamePersistentLimit(
      state->persistent_budget,
      internal::BuildGraphSet(model.internal_data(), resolver, options, state.get())));
  for (internal::Graph& graph : state->graphs.graphs) {  // every subgraph's kernels
    graph.runtime.max_isa = options.max_isa;
    graph.runtime.use_reference_kernels = options.use_reference_kernels;
    graph.runtime.thread_pool = state->thread_pool.get();
    graph.runtime.max_tensor_bytes = options.max_arena_bytes;
    graph.runtime.max_invoke_macs =
        options.max_invoke_macs == 0 ? UINT64_MAX : static_cast<uint64_t>(options.max_invoke_macs);
  }
  state->main().preserve_inputs = options.preserve_inputs;
  // Delegates see the main subgraph; the subgraphs control flow calls stay on the CPU.
  BRASA_RETURN_IF_ERROR(internal::ApplyDelegates(&state->main(), options.delegates));
  // The reference mode runs the model as written.
  if (!options.use_reference_kernels && internal::FoldPadsIntoConvolutions != nullptr) {
    for (internal::Graph& graph : state->graphs.graphs) {
      BRASA_RETURN_IF_ERROR(internal::NamePersistentLimit(
          state->persistent_budget,
          internal::FoldPadsIntoConvolutions(&graph, &state->options_memory)));
    }
  }
  state->options_memory.set_tail(nullptr);  // later options go below nothing: the heap
  state->tail_after_create = state->arena_tail.top;
  return std::unique_ptr<Interpreter>(new Interpreter(std::move(state)));
}

Status Interpreter::AllocateTensors() {
  internal::InterpreterState& s = *state_;
  s.prepared = false;
  s.persistent_budget.refused = 0;
  s.arena_tail.top = s.tail_after_create;  // the last Prepare's persistent data is dropped
#ifndef BRASA_BARE_METAL
  UseLargePages(s);
#endif
  BRASA_RETURN_IF_ERROR(
      internal::NamePersistentLimit(s.persistent_budget, internal::PrepareGraphSet(s.graphs)));
  BRASA_RETURN_IF_ERROR(internal::PlanGraphSet(s.graphs));
  const size_t needed = s.graphs.arena_bytes;
  if (needed > s.options.max_arena_bytes) {
    return ResourceExhaustedError("planned arena of " + std::to_string(needed) +
                                  " bytes exceeds the limit of " +
                                  std::to_string(s.options.max_arena_bytes) +
                                  " bytes (InterpreterOptions::max_arena_bytes)");
  }
  uint8_t* arena = nullptr;
  if (s.options.arena != nullptr) {
    // With persistent data at the arena's tail, the plan gets what is below it.
    const size_t tail = s.arena_tail.begin == nullptr
                            ? 0
                            : s.options.arena_size -
                                  static_cast<size_t>(s.arena_tail.top - s.arena_tail.begin);
    if (needed > s.options.arena_size - tail) {
      return ResourceExhaustedError(
          "model needs an arena of " + std::to_string(needed + tail) + " bytes" +
          (tail == 0 ? std::string()
                     : " (" + std::to_string(needed) + " planned, " + std::to_string(tail) +
                           " persistent at its end)") +
          "; the caller's arena has " + std::to_string(s.options.arena_size));
    }
    arena = static_cast<uint8_t*>(s.options.arena);
  } else {
    s.owned_arena.reset();
    // Aligned as the planner's offsets assume; a caller's arena needs only 16.
    s.owned_arena.reset(new (std::nothrow) uint8_t[needed + kArenaAlignment]);
    if (s.owned_arena == nullptr) {
      return ResourceExhaustedError("cannot allocate an arena of " + std::to_string(needed) +
                                    " bytes");
    }
    arena = s.owned_arena.get();
    arena += (kArenaAlignment - reinterpret_cast<uintptr_t>(arena) % kArenaAlignment) %
             kArenaAlignment;
  }
  internal::BindGraphSet(s.graphs, arena);
  s.prepared_inputs = std::vector<internal::InputSnapshot>(s.main().inputs.size());
  for (size_t i = 0; i < s.prepared_inputs.size(); ++i) {
    const Tensor& input = s.main().tensors[static_cast<size_t>(s.main().inputs[i])];
    internal::InputSnapshot& snapshot = s.prepared_inputs[i];
    snapshot.type = input.type;
#ifdef BRASA_BARE_METAL
    snapshot.shape_hash = internal::ShapeHash(input.shape);
#else
    snapshot.shape = input.shape;
#endif
    snapshot.data = input.data;
    snapshot.bytes = input.bytes;
  }
  s.prepared = true;
  return Status::Ok();
}

namespace {

// Cheap (no allocation unless it fails): each main input still has the
// type, shape, data pointer and size AllocateTensors planned for it.
Status CheckInputsUnchanged(const internal::InterpreterState& s) {
  for (size_t i = 0; i < s.prepared_inputs.size(); ++i) {
    const internal::InputSnapshot& planned = s.prepared_inputs[i];
    const Tensor& input = s.main().tensors[static_cast<size_t>(s.main().inputs[i])];
#ifdef BRASA_BARE_METAL
    const bool same_shape = internal::ShapeHash(input.shape) == planned.shape_hash;
#else
    const bool same_shape = input.shape == planned.shape;
#endif
    if (input.type == planned.type && same_shape && input.data == planned.data &&
        input.bytes == planned.bytes) {
      continue;
    }
    // Built only on failure: the passing check allocates nothing.
#ifdef BRASA_BARE_METAL
    const char* const prepared_shape = "(shape not kept)";
#else
    const std::string prepared_shape = ShapeToString(planned.shape);
#endif
    return FailedPreconditionError(
        "input " + std::to_string(i) + " ('" + input.name + "') was changed after AllocateTensors " +
        "(now " + DataTypeName(input.type) + " " + ShapeToString(input.shape) + ", prepared " +
        DataTypeName(planned.type) + " " + prepared_shape +
        "); use ResizeInputTensor and AllocateTensors");
  }
  return Status::Ok();
}

}  // namespace

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
  Tensor& tensor = state_->main().tensors[static_cast<size_t>(input_tensor_index(index))];
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
  BRASA_RETURN_IF_ERROR(CheckInputsUnchanged(*state_));
  if (state_->options.profiler != nullptr) {  // profiles the main graph's nodes
    return internal::InvokeGraphProfiled(state_->main(), *state_->options.profiler);
  }
  return internal::InvokeSubgraph(state_->graphs, 0);
}

Status Interpreter::ResetVariables() {
  if (!state_->prepared) {
    return FailedPreconditionError("ResetVariables called before AllocateTensors succeeded");
  }
  for (internal::Graph& graph : state_->graphs.graphs) internal::ResetVariables(graph);
  internal::ResetResourceVariables(state_->graphs);
  return Status::Ok();
}

int Interpreter::num_inputs() const { return static_cast<int>(state_->main().inputs.size()); }
int Interpreter::num_outputs() const { return static_cast<int>(state_->main().outputs.size()); }

int Interpreter::input_tensor_index(int index) const {
  if (index < 0 || index >= num_inputs()) return -1;
  return state_->main().inputs[static_cast<size_t>(index)];
}
int Interpreter::output_tensor_index(int index) const {
  if (index < 0 || index >= num_outputs()) return -1;
  return state_->main().outputs[static_cast<size_t>(index)];
}

const Tensor* Interpreter::input(int index) const {
  const int t = input_tensor_index(index);
  return t < 0 ? nullptr : &state_->main().tensors[static_cast<size_t>(t)];
}
const Tensor* Interpreter::output(int index) const {
  const int t = output_tensor_index(index);
  return t < 0 ? nullptr : &state_->main().tensors[static_cast<size_t>(t)];
}

void* Interpreter::input_data(int index) {
  const int t = input_tensor_index(index);
  return t < 0 ? nullptr : state_->main().tensors[static_cast<size_t>(t)].data;
}
void* Interpreter::TypedInputData(int index, DataType type) {
  const Tensor* tensor = input(index);
  return tensor == nullptr || tensor->type != type ? nullptr : tensor->data;
}

const Tensor* Interpreter::input(const std::string& name) const {
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

size_t Interpreter::arena_bytes() const { return state_->graphs.arena_bytes; }
size_t Interpreter::arena_lower_bound() const { return state_->graphs.arena_lower_bound; }
size_t Interpreter::persistent_bytes() const {
  return internal::GraphSetPersistentBytes(state_->graphs) + state_->options_memory.bytes();
}

int Interpreter::num_tensors() const { return static_cast<int>(state_->main().tensors.size()); }
const Tensor* Interpreter::tensor(int index) const {
  if (index < 0 || index >= num_tensors()) return nullptr;
  return &state_->main().tensors[static_cast<size_t>(index)];
}
int Interpreter::num_nodes() const { return static_cast<int>(state_->main().nodes.size()); }

NodeInfo Interpreter::node(int position) const {
  NodeInfo info;
  if (position < 0 || position >= num_nodes()) return info;
  const internal::Node& node = state_->main().nodes[static_cast<size_t>(position)];
  info.index = node.index;
  info.op_name = node.op_name;
  info.inputs.assign(node.inputs.begin(), node.inputs.end());
  info.outputs.assign(node.outputs.begin(), node.outputs.end());
#ifndef BRASA_BARE_METAL
  info.delegated_nodes = node.delegated_nodes;
#endif
  return info;
}

}  // namespace brasa

namespace brasa {
namespace internal {

const GraphSet* InterpreterAccess::graphs(const Interpreter& interpreter) {
  return interpreter.state_->prepared ? &interpreter.state_->graphs : nullptr;
}

}  // namespace internal
}  // namespace brasa
