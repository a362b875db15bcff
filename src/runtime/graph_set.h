// Every subgraph of a model, as the interpreter prepares, plans and runs them.
//
// The main subgraph (0) runs on Invoke; the others run when a control-flow
// node (IF, WHILE, CALL_ONCE) calls them. Each subgraph is a Graph with its own
// tensors, nodes and persistent memory. All of them are prepared and planned
// in AllocateTensors, and their activations and scratch share the
// interpreter's one arena: each subgraph gets its own region, planned from its
// own lifetimes, so a subgraph running inside its caller's node never
// overwrites the caller's live tensors, and Invoke allocates nothing.
//
// Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE) live here
// too: one per (container, shared_name), shared by all subgraphs, their
// storage allocated after Prepare from persistent memory.
#ifndef BRASA_RUNTIME_GRAPH_SET_H_
#define BRASA_RUNTIME_GRAPH_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "brasa/kernel.h"
#include "brasa/status.h"
#include "src/runtime/executor.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

struct NamedVariable {
  std::string container;
  std::string shared_name;
  ResourceVariable variable;
};

struct GraphSet {
  std::vector<Graph> graphs;  // index = model subgraph index; 0 is the main one
  // WHILE stops with an error after this many iterations (0: no limit).
  int64_t max_while_iterations = 0;
  // Per graph: whether some control-flow node calls it (set at creation).
  std::vector<bool> called;

  // Resource variables, by id. Rebuilt by every prepare pass.
  std::vector<NamedVariable> variables;
  PersistentAllocator variable_memory;
  // Changes whenever variables go back to their uninitialized state, so
  // CALL_ONCE knows to run its initializer again.
  uint32_t variables_epoch = 0;

  // Per graph: where it stands in the current prepare pass, and its plan.
  enum class PrepareState : int8_t { kNotPrepared, kPreparing, kPrepared };
  std::vector<PrepareState> prepare_state;
  std::vector<std::vector<Shape>> prepared_input_shapes;
  std::vector<GraphPlan> plans;
  std::vector<size_t> arena_offsets;  // each graph's region in the arena
  size_t arena_bytes = 0;
  size_t arena_lower_bound = 0;  // sum of the graphs' own lower bounds
};

// Points every graph at `set` and numbers it; call once after building.
void LinkGraphSet(GraphSet& set);

// Prepares graph `index` for the types and shapes now on its inputs. Called by
// control-flow kernels from their Prepare. A graph already prepared in this
// pass is not prepared again: its inputs must be what they were then.
Status PrepareSubgraph(GraphSet& set, int index);

// A prepare pass: the main graph first (its control-flow nodes prepare the
// subgraphs they call), then every subgraph nothing called, with its
// declared shapes; then storage for the resource variables.
Status PrepareGraphSet(GraphSet& set);

// Plans every graph and lays their regions out one after another.
Status PlanGraphSet(GraphSet& set);

// Binds every graph's tensors and scratch inside `arena` (arena_bytes long).
void BindGraphSet(GraphSet& set, uint8_t* arena);

// Runs graph `index` (the main graph, or a subgraph from a control-flow
// node's Eval). Allocates nothing.
Status InvokeSubgraph(GraphSet& set, int index);

// The id of the variable (container, shared_name); adds it on first use.
// Prepare only (may allocate).
int32_t FindOrAddVariable(GraphSet& set, const char* container, const char* shared_name);

// Every resource variable back to uninitialized (and zeroed); CALL_ONCE
// nodes run their initializer again at the next Invoke.
void ResetResourceVariables(GraphSet& set);

// Persistent bytes of every graph and of the variables.
size_t GraphSetPersistentBytes(const GraphSet& set);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_GRAPH_SET_H_
