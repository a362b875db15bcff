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

// Buffer offsets are multiples of this. 64-bit CPUs get a cache line (64
// bytes): their SIMD kernels load and store whole 64-byte vectors, and an
// access that straddles two lines costs two (about 10% of a float GEMM at
// 16-byte alignment). Microcontrollers keep 16, which wastes less RAM.
#if defined(__x86_64__) || defined(_M_X64) || defined(__aarch64__) || defined(_M_ARM64)
constexpr size_t kArenaAlignment = 64;
#else
constexpr size_t kArenaAlignment = 16;
#endif

// Greedy best fit: buffers are placed one by one, each in the smallest gap
// left between buffers whose lifetimes overlap its own. Several placement
// orders (largest first, first use first) are tried; the smallest arena wins.
// Sizes are rounded up to `alignment` (a power of two) before planning, and
// the lower bound is computed on the rounded sizes.
ArenaPlan PlanArena(const std::vector<BufferRequest>& requests,
                    size_t alignment = kArenaAlignment);

}  // namespace brasa

#endif  // BRASA_PLANNER_ARENA_PLANNER_H_
