#include "src/runtime/graph_set.h"

#include <cstring>
#include <string>

#include "src/core/checked_math.h"
#include "src/core/error_text.h"
#include "src/core/features.h"

namespace brasa {
namespace internal {
namespace {

bool IsResource(const Tensor& tensor) {
  return tensor.type == DataType::kResource && tensor.allocation != Allocation::kConstant;
}

// Resource handles are resolved in Prepare: VAR_HANDLE writes its variable id
// into persistent memory, and control-flow nodes pass that memory on to the
// subgraphs they call. A new pass starts with every handle unresolved.
void ForgetResourceHandles(Graph& graph) {
  for (Tensor& tensor : graph.tensors) {
    if (IsResource(tensor)) {
      tensor.data = nullptr;
      tensor.allocation = Allocation::kNone;
    }
  }
}

Status WithSubgraphLabel(int index, const Status& status) {
  if (status.ok() || index == 0 || !kErrorText) return status;
  const std::string prefix = "subgraph " + std::to_string(index);
  // Kernel errors already name the subgraph; planner and shape errors do not.
  if (status.message().rfind(prefix, 0) == 0) return status;
  return StatusWithCode(status.code(), prefix + ": " + status.message());
}

// Storage for every variable whose type and shape Prepare fixed, zeroed.
Status AllocateVariables(GraphSet& set) {
  for (NamedVariable& named : set.variables) {
    Tensor& value = named.variable.value;
    if (!named.variable.shape_known) continue;
    size_t bytes = 0;
    if (!TensorByteSize(value.shape, value.type, &bytes)) {
      return InvalidModelError("resource variable '" + named.shared_name + "': shape " +
                               ShapeToString(value.shape) + " of " +
                               DataTypeName(value.type) + " has no valid byte size");
    }
    void* memory = set.variable_memory.Allocate(bytes);
    if (memory == nullptr) {
      return ResourceExhaustedError("out of memory for resource variable '" +
                                    named.shared_name + "'");
    }
    std::memset(memory, 0, bytes);
    value.data = memory;
    value.bytes = bytes;
    value.allocation = Allocation::kPersistent;
  }
  return Status::Ok();
}

#if BRASA_CONTROL_FLOW
// A subgraph called by two nodes is prepared once: both must give it the
// same input shapes (brasa plans each subgraph once, for one set of shapes).
Status CheckSameInputs(const GraphSet& set, int index) {
  const Graph& graph = set.graphs[static_cast<size_t>(index)];
  const std::vector<Shape>& prepared = set.prepared_input_shapes[static_cast<size_t>(index)];
  for (size_t k = 0; k < graph.inputs.size(); ++k) {
    const Shape& now = graph.tensors[static_cast<size_t>(graph.inputs[k])].shape;
    if (now != prepared[k]) {
      return UnsupportedError("subgraph " + std::to_string(index) + " input " +
                              std::to_string(k) + " is called with shape " +
                              ShapeToString(prepared[k]) + " and with shape " +
                              ShapeToString(now) +
                              "; a subgraph called by several nodes needs one set of shapes");
    }
  }
  return Status::Ok();
}
#endif

}  // namespace

void LinkGraphSet(GraphSet& set) {
  for (size_t i = 0; i < set.graphs.size(); ++i) {
    set.graphs[i].subgraph_index = static_cast<int>(i);
    set.graphs[i].set = &set;
  }
}

Status PrepareSubgraph(GraphSet& set, int index) {
#if !BRASA_CONTROL_FLOW
  // One graph (creation refused more): a node of it that prepares a subgraph
  // asks for its own graph.
  (void)set;
  return InvalidModelError("subgraph " + std::to_string(index) +
                           " calls itself through a cycle of subgraphs");
#else
  const size_t i = static_cast<size_t>(index);
  switch (set.prepare_state[i]) {
    case GraphSet::PrepareState::kPrepared:
      return CheckSameInputs(set, index);
    case GraphSet::PrepareState::kPreparing:
      // Creation rejects cycles; this guards graphs built some other way.
      return InvalidModelError("subgraph " + std::to_string(index) +
                               " calls itself through a cycle of subgraphs");
    case GraphSet::PrepareState::kNotPrepared:
      break;
  }
  set.prepare_state[i] = GraphSet::PrepareState::kPreparing;
  Graph& graph = set.graphs[i];
  set.prepared_input_shapes[i].clear();
  for (int input : graph.inputs) {
    set.prepared_input_shapes[i].push_back(graph.tensors[static_cast<size_t>(input)].shape);
  }
  BRASA_RETURN_IF_ERROR(WithSubgraphLabel(index, PrepareGraph(graph)));
  set.prepare_state[i] = GraphSet::PrepareState::kPrepared;
  return Status::Ok();
#endif
}

Status PrepareGraphSet(GraphSet& set) {
  set.variables.clear();
  set.variable_memory.Reset();
  ++set.variables_epoch;
  for (Graph& graph : set.graphs) ForgetResourceHandles(graph);
#if !BRASA_CONTROL_FLOW
  // The main graph alone: no call states or input shapes to keep (a
  // microcontroller counts their heap blocks).
  BRASA_RETURN_IF_ERROR(PrepareGraph(set.graphs[0]));
#else
  set.prepare_state.assign(set.graphs.size(), GraphSet::PrepareState::kNotPrepared);
  set.prepared_input_shapes.assign(set.graphs.size(), {});
  set.called.resize(set.graphs.size(), false);
  // Roots first (the main graph, then subgraphs no node calls), so a called
  // subgraph is prepared by its caller, with the caller's shapes.
  for (size_t i = 0; i < set.graphs.size(); ++i) {
    if (i == 0 || !set.called[i]) BRASA_RETURN_IF_ERROR(PrepareSubgraph(set, static_cast<int>(i)));
  }
  for (size_t i = 0; i < set.graphs.size(); ++i) {
    BRASA_RETURN_IF_ERROR(PrepareSubgraph(set, static_cast<int>(i)));
  }
#endif
  return AllocateVariables(set);
}

Status PlanGraphSet(GraphSet& set) {
  // PlanGraph sets every field of a plan: the old plans are reused (no copy
  // assignment of GraphPlans, about 900 bytes of a microcontroller's flash).
  if (set.plans.size() != set.graphs.size()) {
    set.plans = std::vector<GraphPlan>(set.graphs.size());
  }
  set.arena_offsets = std::vector<size_t>(set.graphs.size());  // zeros
  set.arena_bytes = 0;
  set.arena_lower_bound = 0;
  for (size_t i = 0; i < set.graphs.size(); ++i) {
    BRASA_RETURN_IF_ERROR(
        WithSubgraphLabel(static_cast<int>(i), PlanGraph(set.graphs[i], &set.plans[i])));
    const ArenaPlan& plan = set.plans[i].arena;
    const size_t region = (plan.arena_bytes + kArenaAlignment - 1) / kArenaAlignment *
                          kArenaAlignment;
    if (region > kMaxTensorBytes || set.arena_bytes > kMaxTensorBytes - region) {
      return ResourceExhaustedError("the subgraphs' arenas add up to more than " +
                                    std::to_string(kMaxTensorBytes) + " bytes");
    }
    set.arena_offsets[i] = set.arena_bytes;
    set.arena_bytes += region;
    set.arena_lower_bound += plan.lower_bound;
  }
  return Status::Ok();
}

void BindGraphSet(GraphSet& set, uint8_t* arena) {
  for (size_t i = 0; i < set.graphs.size(); ++i) {
    BindArena(set.graphs[i], set.plans[i], arena + set.arena_offsets[i]);
  }
}

Status InvokeSubgraph(GraphSet& set, int index) {
  return InvokeGraph(set.graphs[static_cast<size_t>(index)]);
}

int32_t FindOrAddVariable(GraphSet& set, const char* container, const char* shared_name) {
  for (size_t id = 0; id < set.variables.size(); ++id) {
    const NamedVariable& named = set.variables[id];
    if (named.container == container && named.shared_name == shared_name) {
      return static_cast<int32_t>(id);
    }
  }
  NamedVariable named;
  named.container = container;
  named.shared_name = shared_name;
  named.variable.value.name = shared_name;
  set.variables.push_back(std::move(named));
  return static_cast<int32_t>(set.variables.size() - 1);
}

void ResetResourceVariables(GraphSet& set) {
  for (NamedVariable& named : set.variables) {
    named.variable.initialized = false;
    if (named.variable.value.data != nullptr) {
      std::memset(named.variable.value.data, 0, named.variable.value.bytes);
    }
  }
  ++set.variables_epoch;
}

size_t GraphSetPersistentBytes(const GraphSet& set) {
  size_t bytes = set.variable_memory.bytes();
  for (const Graph& graph : set.graphs) bytes += graph.persistent.bytes();
  return bytes;
}

}  // namespace internal
}  // namespace brasa
