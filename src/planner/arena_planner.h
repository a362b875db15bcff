// Static arena planning: every buffer (activation or scratch) gets an offset
// in one arena so that buffers alive at the same execution step never
// overlap.
#ifndef BRASA_PLANNER_ARENA_PLANNER_H_
#define BRASA_PLANNER_ARENA_PLANNER_H_

#include <cstddef>
#include <vector>

namespace brasa {

// A buffer needed from step `first_step` through `last_step` (inclusive).
struct BufferRequest {
  size_t bytes = 0;
  int first_step = 0;
  int last_step = 0;
};

struct ArenaPlan {
  std::vector<size_t> offsets;  // one per request, multiples of `alignment`
  size_t arena_bytes = 0;       // end of the highest buffer
  size_t lower_bound = 0;       // most bytes alive at any one step
};

constexpr size_t kArenaAlignment = 16;

// Greedy best fit: buffers are placed one by one, each in the smallest gap
// left between buffers whose lifetimes overlap its own. Several placement
// orders (largest first, first use first) are tried; the smallest arena wins.
// Sizes are rounded up to `alignment` (a power of two) before planning, and
// the lower bound is computed on the rounded sizes.
ArenaPlan PlanArena(const std::vector<BufferRequest>& requests,
                    size_t alignment = kArenaAlignment);

}  // namespace brasa

#endif  // BRASA_PLANNER_ARENA_PLANNER_H_
