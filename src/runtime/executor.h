// The prepare / plan / invoke loop over a Graph. Shared by the Interpreter and
// by tests that run a single kernel through a real KernelContext.
#ifndef BRASA_RUNTIME_EXECUTOR_H_
#define BRASA_RUNTIME_EXECUTOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "brasa/status.h"
#include "src/planner/arena_planner.h"
#include "src/runtime/graph.h"

namespace brasa {

struct NodeProfiler;  // brasa/interpreter.h

namespace internal {

// Runs every node's Prepare in execution order (which sets output shapes and
// requests scratch), then computes every tensor's byte size with overflow
// checks. Resets persistent memory first, so it may run again after a resize.
Status PrepareGraph(Graph& graph);

// Which arena buffer each tensor and each scratch request got.
struct GraphPlan {
  ArenaPlan arena;
  std::vector<BufferRequest> requests;  // what the planner placed (tools read the lifetimes)
  std::vector<int> tensor_buffer;  // per tensor: request index, or -1
  struct Scratch {
    int node;
    int slot;
  };
  std::vector<Scratch> scratch_buffers;  // request index - first scratch index
  size_t first_scratch_request = 0;
};

constexpr size_t kMaxPlannedBuffers = 32768;

// Lifetimes -> offsets. Fails when a tensor is read before anything writes
// it, or when there are more than kMaxPlannedBuffers buffers to place.
Status PlanGraph(const Graph& graph, GraphPlan* plan);

// Points every planned tensor and scratch buffer into `arena`.
void BindArena(Graph& graph, const GraphPlan& plan, uint8_t* arena);

// Sets every variable tensor to its initial value: the model's constant
// buffer if it has one, else zero (the zero point for int8, as TensorFlow
// Lite resets them). PrepareGraph does this once; Interpreter::ResetVariables
// again on request.
void ResetVariables(Graph& graph);

// Runs every node's Eval in order. Allocates nothing.
Status InvokeGraph(Graph& graph);
// The same, calling the profiler's callbacks around every node.
Status InvokeGraphProfiled(Graph& graph, const NodeProfiler& profiler);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_EXECUTOR_H_
