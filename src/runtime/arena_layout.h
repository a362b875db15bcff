// Read-only views of an interpreter's arena plan, for tools (`brasa inspect
// --arena-svg`): which buffer holds which tensor or scratch, at which offset,
// from which execution step to which. Reading them changes nothing.
#ifndef BRASA_RUNTIME_ARENA_LAYOUT_H_
#define BRASA_RUNTIME_ARENA_LAYOUT_H_

#include <cstddef>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace internal {

struct GraphSet;

// The one way into an Interpreter's private state (a friend of Interpreter).
struct InterpreterAccess {
  // The prepared and planned graphs; nullptr before AllocateTensors succeeds.
  static const GraphSet* graphs(const Interpreter& interpreter);
};

// One planned buffer of the main graph.
struct PlannedBuffer {
  int tensor = -1;  // tensor index, or -1 for a node's scratch buffer
  int node = -1;    // scratch: the position of the node that asked for it
  size_t offset = 0;
  size_t bytes = 0;  // as requested (the planner rounds up to kArenaAlignment)
  int first_step = 0;
  int last_step = 0;  // inclusive; num_steps for graph inputs and outputs
};

struct ArenaLayout {
  bool planned = false;
  int num_steps = 0;  // nodes of the main graph
  size_t arena_bytes = 0;  // the main graph's region
  size_t lower_bound = 0;  // counting the in-place nodes the plan took
  size_t lower_bound_without_in_place = 0;
  size_t in_place_nodes = 0;  // nodes whose output the plan put over their input
  std::vector<PlannedBuffer> buffers;
};

// The main graph's plan after AllocateTensors (planned = false before).
ArenaLayout MainArenaLayout(const Interpreter& interpreter);

// The same without the buffers (nothing allocated: a microcontroller's
// firmware prints it after setup).
ArenaLayout MainArenaSummary(const Interpreter& interpreter);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_ARENA_LAYOUT_H_
