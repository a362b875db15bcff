#include "src/runtime/executor.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "brasa/interpreter.h"
#include "src/core/checked_math.h"
#include "src/runtime/buffer_aliases.h"
#include "src/runtime/node_work.h"

namespace brasa {
namespace internal {

// src/runtime/in_place.h, weakly: linked only with a kernel that may run in
// place (null otherwise: no links, every buffer planned alone).
std::vector<InPlaceLink> FindInPlaceLinks(const Graph& graph, const int* first,
                                          const int* last, const int* shares,
                                          const std::vector<int>& tensor_buffer)
    __attribute__((weak));

namespace {

bool IsPlanned(const Tensor& tensor) {
  return tensor.allocation == Allocation::kNone ||
         tensor.allocation == Allocation::kArena;
}

// Kernels' Prepare and Eval loop over their tensors' dimensions, so every
// tensor a kernel sees is checked against the arena limit before that
// kernel's Prepare, not only after all of them (a MAX_POOL_2D over a 78 GB
// input spent seconds in Prepare before the arena limit refused the model).
// An empty tensor holds nothing, but a kernel may still loop over its other
// dimensions (PAD of [1,2^30,0]): its empty dimensions count as 1. Non-empty
// constants are the model's own bytes, bounded by the file.
Status CheckTensorSpan(const Graph& graph, int index) {
  if (index < 0) return Status::Ok();
  const Tensor& tensor = graph.tensors[static_cast<size_t>(index)];
  if (tensor.allocation == Allocation::kConstant && tensor.bytes > 0) return Status::Ok();
  uint64_t span = 0;
  const auto what = [&]() -> std::string {  // only for a message (none when stripped)
    return "tensor " + std::to_string(index) + " (" + tensor.name + "): shape " +
           ShapeToString(tensor.shape) + " of " + DataTypeName(tensor.type);
  };
  if (!TensorSpanBytes(tensor.shape, tensor.type, &span)) {
    return InvalidModelError(what() + " has no valid byte size");
  }
  const size_t limit = graph.runtime.max_tensor_bytes;
  if (span <= limit) return Status::Ok();
  uint64_t count = 0;
  const bool empty = CheckedElementCount(tensor.shape, &count) && count == 0;
  return ResourceExhaustedError(what() + " spans " + std::to_string(span) + " bytes" +
                                (empty ? " (empty dimensions counted as 1)" : "") +
                                ", more than the limit of " + std::to_string(limit) +
                                " bytes (InterpreterOptions::max_arena_bytes)");
}

// Adds `node`'s arithmetic to `total` and refuses the graph once the sum
// passes the limit, naming the node that passed it.
Status CheckWork(const Graph& graph, const Node& node, uint64_t* total) {
  const uint64_t macs = NodeMacs(graph, node);
  const uint64_t limit = graph.runtime.max_invoke_macs;
  *total = macs > UINT64_MAX - *total ? UINT64_MAX : *total + macs;
  if (*total <= limit) return Status::Ok();
  return ResourceExhaustedError(
      "node " + std::to_string(node.index) + " (" + node.op_name + ") needs " +
      std::to_string(macs) + " multiply-accumulates, which brings its graph to " +
      (*total == UINT64_MAX ? std::string("more than 2^64") : std::to_string(*total)) +
      " per Invoke, more than the limit of " + std::to_string(limit) +
      " (InterpreterOptions::max_invoke_macs)");
}

}  // namespace

Status PrepareGraph(Graph& graph) {
  graph.persistent.Reset();
  uint64_t work = 0;
  for (Tensor& tensor : graph.tensors) {
    if (tensor.allocation == Allocation::kArena) {
      tensor.data = nullptr;
      tensor.allocation = Allocation::kNone;
    }
  }
  for (Node& node : graph.nodes) {
#ifdef BRASA_BARE_METAL
    node.op_data = nullptr;
#else
    node.op_data = node.delegate_data;  // a partition's compiled data; null for other nodes
#endif
    node.scratch.clear();
    for (int input : node.inputs) BRASA_RETURN_IF_ERROR(CheckTensorSpan(graph, input));
    KernelContext context(&graph, &node, /*preparing=*/true);
    if (node.kernel->prepare != nullptr) {
      BRASA_RETURN_IF_ERROR(node.kernel->prepare(context));
    }
    for (int output : node.outputs) {
      const Status status = CheckTensorSpan(graph, output);
      if (!status.ok()) {
        return StatusWithCode(status.code(), "node " + std::to_string(node.index) + " (" +
                                         node.op_name + "): output " + status.message());
      }
    }
    BRASA_RETURN_IF_ERROR(CheckWork(graph, node, &work));
  }
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    Tensor& tensor = graph.tensors[t];
    if (tensor.allocation == Allocation::kConstant) continue;
    size_t bytes = 0;
    if (!TensorByteSize(tensor.shape, tensor.type, &bytes)) {
      return InvalidModelError("tensor " + std::to_string(t) + " (" + tensor.name +
                               "): shape " + ShapeToString(tensor.shape) +
                               " of " + DataTypeName(tensor.type) +
                               " has no valid byte size");
    }
    tensor.bytes = bytes;
    if (tensor.allocation == Allocation::kPersistent && tensor.is_variable) {
      void* memory = graph.persistent.Allocate(bytes);
      if (memory == nullptr && bytes > 0) {
        return ResourceExhaustedError("out of memory for variable tensor " + tensor.name);
      }
      tensor.data = memory;
    }
  }
  for (const VariableInit& init : graph.variable_inits) {
    const Tensor& tensor = graph.tensors[static_cast<size_t>(init.tensor)];
    if (init.size != tensor.bytes) {
      return InvalidModelError("variable tensor " + std::to_string(init.tensor) + " (" +
                               tensor.name + ") has an initial value of " +
                               std::to_string(init.size) + " bytes; its shape needs " +
                               std::to_string(tensor.bytes));
    }
  }
  ResetVariables(graph);
  return Status::Ok();
}

void ResetVariables(Graph& graph) {
  for (Tensor& tensor : graph.tensors) {
    if (!tensor.is_variable || tensor.data == nullptr) continue;
    const int fill = tensor.type == DataType::kInt8 ? tensor.quantization.zero_point() : 0;
    std::memset(tensor.data, fill, tensor.bytes);
  }
  for (const VariableInit& init : graph.variable_inits) {
    Tensor& tensor = graph.tensors[static_cast<size_t>(init.tensor)];
    if (tensor.data != nullptr) std::memcpy(tensor.data, init.data, tensor.bytes);
  }
}

namespace {

// The buffer requests of a graph's tensors and scratch (in plan->tensor_buffer
// and plan->scratch_buffers' order). The per-tensor lifetimes are temporaries
// of this function, freed before the planner runs: on a microcontroller
// every byte of setup memory alive at the planner's peak counts.
Status CollectBufferRequests(const Graph& graph, GraphPlan* plan,
                             std::vector<BufferRequest>* requests,
                             std::vector<InPlaceLink>* links) {
  const int num_steps = static_cast<int>(graph.nodes.size());
  const size_t num_tensors = graph.tensors.size();
  // The result first, below the temporaries in a first-fit heap.
  plan->tensor_buffer.assign(num_tensors, -1);
  // first[t] >= 0: something (the caller, for a graph input) has written t.
  // The two lifetime arrays in one allocation.
  std::vector<int> lifetimes(2 * num_tensors);
  int* const first = lifetimes.data();
  int* const last = first + num_tensors;
  std::fill_n(first, 2 * num_tensors, -1);
  // Graph inputs live through the whole graph: the caller's data must still
  // be there after Invoke (and for the next one), as in TensorFlow Lite;
  // without preserve_inputs, up to their last reader.
  for (int input : graph.inputs) {
    first[static_cast<size_t>(input)] = 0;
    last[static_cast<size_t>(input)] = graph.preserve_inputs ? num_steps : 0;
  }
  for (int step = 0; step < num_steps; ++step) {
    const Node& node = graph.nodes[static_cast<size_t>(step)];
    for (int t : node.inputs) {
      if (t < 0) continue;
      const Tensor& tensor = graph.tensors[static_cast<size_t>(t)];
      if (!IsPlanned(tensor)) continue;
      if (first[static_cast<size_t>(t)] < 0) {  // nothing wrote it yet
        return InvalidModelError("node " + std::to_string(node.index) + " (" +
                                 node.op_name + ") reads tensor " + std::to_string(t) +
                                 " (" + tensor.name + ") before anything writes it");
      }
      last[static_cast<size_t>(t)] = std::max(last[static_cast<size_t>(t)], step);
    }
    for (int t : node.outputs) {
      if (!IsPlanned(graph.tensors[static_cast<size_t>(t)])) continue;
      if (first[static_cast<size_t>(t)] < 0) first[static_cast<size_t>(t)] = step;
      last[static_cast<size_t>(t)] = std::max(last[static_cast<size_t>(t)], step);
    }
  }
  for (int output : graph.outputs) {
    if (first[static_cast<size_t>(output)] < 0 &&
        IsPlanned(graph.tensors[static_cast<size_t>(output)])) {
      return InvalidModelError("graph output tensor " + std::to_string(output) +
                               " is never written");
    }
    last[static_cast<size_t>(output)] = num_steps;
  }

  std::vector<int> share_list(num_tensors);
  int* const shares = share_list.data();
  ShareReshapeBuffers(graph, first, last, shares);
  auto has_buffer = [&](size_t t) {
    return first[t] >= 0 && IsPlanned(graph.tensors[t]) && shares[t] == static_cast<int>(t);
  };
  // Exact capacities: no doubling, and no copies while a vector grows.
  size_t count = 0, scratch_count = 0;
  for (size_t t = 0; t < num_tensors; ++t) count += has_buffer(t) ? 1 : 0;
  for (const Node& node : graph.nodes) scratch_count += node.scratch.size();
  // Sized once and filled in place: no growth code.
  *requests = std::vector<BufferRequest>(count + scratch_count);
  plan->scratch_buffers = std::vector<GraphPlan::Scratch>(scratch_count);
  size_t request = 0;
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!has_buffer(t)) continue;
    plan->tensor_buffer[t] = static_cast<int>(request);
    (*requests)[request++] = {graph.tensors[t].bytes, first[t], std::max(last[t], first[t])};
  }
  for (size_t t = 0; t < num_tensors; ++t) {
    if (shares[t] != static_cast<int>(t)) {
      plan->tensor_buffer[t] = plan->tensor_buffer[static_cast<size_t>(shares[t])];
    }
  }
  if (FindInPlaceLinks != nullptr) {
    *links = FindInPlaceLinks(graph, first, last, shares, plan->tensor_buffer);
  }
  plan->first_scratch_request = count;
  for (int step = 0; step < num_steps; ++step) {
    const Node& node = graph.nodes[static_cast<size_t>(step)];
    for (size_t slot = 0; slot < node.scratch.size(); ++slot) {
      plan->scratch_buffers[request - count] = {step, static_cast<int>(slot)};
      (*requests)[request++] = {node.scratch[slot].bytes, step, step};
    }
  }
  return Status::Ok();
}

}  // namespace

Status PlanGraph(const Graph& graph, GraphPlan* plan) {
  std::vector<BufferRequest> requests;
  std::vector<InPlaceLink> links;
  BRASA_RETURN_IF_ERROR(CollectBufferRequests(graph, plan, &requests, &links));
  // Planning is quadratic in the number of buffers; real models have a few
  // thousand at most, and a hostile file must not make prepare take minutes.
  if (requests.size() > kMaxPlannedBuffers) {
    return UnsupportedError("model needs " + std::to_string(requests.size()) +
                            " activation and scratch buffers; brasa plans at most " +
                            std::to_string(kMaxPlannedBuffers));
  }
  plan->arena = PlanArena(requests, kArenaAlignment, links);
  plan->requests = std::move(requests);
  return Status::Ok();
}

void BindArena(Graph& graph, const GraphPlan& plan, uint8_t* arena) {
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    const int request = plan.tensor_buffer[t];
    if (request < 0) continue;
    Tensor& tensor = graph.tensors[t];
    tensor.data = arena + plan.arena.offsets[static_cast<size_t>(request)];
    tensor.allocation = Allocation::kArena;
  }
  for (size_t i = 0; i < plan.scratch_buffers.size(); ++i) {
    const GraphPlan::Scratch& s = plan.scratch_buffers[i];
    graph.nodes[static_cast<size_t>(s.node)].scratch[static_cast<size_t>(s.slot)].data =
        arena + plan.arena.offsets[plan.first_scratch_request + i];
  }
}

Status InvokeGraph(Graph& graph) {
  for (Node& node : graph.nodes) {
    KernelContext context(&graph, &node, /*preparing=*/false);
    Status status = node.kernel->eval(context);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

// A separate loop, so the unprofiled one above stays exactly as it was.
Status InvokeGraphProfiled(Graph& graph, const NodeProfiler& profiler) {
  int position = 0;
  for (Node& node : graph.nodes) {
    KernelContext context(&graph, &node, /*preparing=*/false);
    profiler.node_begin(profiler.user_data, position);
    Status status = node.kernel->eval(context);
    profiler.node_end(profiler.user_data, position);
    if (!status.ok()) return status;
    ++position;
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
