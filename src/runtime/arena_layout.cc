#include "src/runtime/arena_layout.h"

#include "src/runtime/graph_set.h"

namespace brasa {
namespace internal {

ArenaLayout MainArenaSummary(const Interpreter& interpreter) {
  ArenaLayout layout;
  const GraphSet* set = InterpreterAccess::graphs(interpreter);
  if (set == nullptr || set->plans.empty() || set->graphs.empty()) return layout;
  const GraphPlan& plan = set->plans[0];
  layout.planned = true;
  layout.num_steps = static_cast<int>(set->graphs[0].nodes.size());
  layout.arena_bytes = plan.arena.arena_bytes;
  layout.lower_bound = plan.arena.lower_bound;
  layout.lower_bound_without_in_place = plan.arena.lower_bound_without_in_place;
  layout.in_place_nodes = plan.arena.links_taken;
  return layout;
}

ArenaLayout MainArenaLayout(const Interpreter& interpreter) {
  ArenaLayout layout = MainArenaSummary(interpreter);
  if (!layout.planned) return layout;
  const GraphPlan& plan = InterpreterAccess::graphs(interpreter)->plans[0];
  layout.buffers.resize(plan.requests.size());
  for (size_t r = 0; r < plan.requests.size(); ++r) {
    PlannedBuffer& buffer = layout.buffers[r];
    buffer.offset = plan.arena.offsets[r];
    buffer.bytes = plan.requests[r].bytes;
    buffer.first_step = plan.requests[r].first_step;
    buffer.last_step = plan.requests[r].last_step;
  }
  for (size_t t = 0; t < plan.tensor_buffer.size(); ++t) {
    // A buffer RESHAPE shares carries its lowest-numbered tensor.
    if (plan.tensor_buffer[t] >= 0 &&
        layout.buffers[static_cast<size_t>(plan.tensor_buffer[t])].tensor < 0) {
      layout.buffers[static_cast<size_t>(plan.tensor_buffer[t])].tensor = static_cast<int>(t);
    }
  }
  for (size_t i = 0; i < plan.scratch_buffers.size(); ++i) {
    layout.buffers[plan.first_scratch_request + i].node = plan.scratch_buffers[i].node;
  }
  return layout;
}

}  // namespace internal
}  // namespace brasa
