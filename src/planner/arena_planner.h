// Static arena planning: every buffer (activation or scratch) gets an offset
// in one arena so that buffers alive at the same execution step never
// overlap.
#ifndef BRASA_PLANNER_ARENA_PLANNER_H_
#define BRASA_PLANNER_ARENA_PLANNER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace brasa {

// A buffer needed from step `first_step` through `last_step` (inclusive).
struct BufferRequest {
  size_t bytes = 0;
  int first_step = 0;
  int last_step = 0;
};

// An offer to run one node in place: request `input` (whose last step is the
// node's) may share memory with request `output` (whose first step is the
// node's), provided `input` starts at least `min_delta` bytes after `output`
// does (negative: it may start before). The runtime proves that any such
// placement is safe for the node's kernel (src/runtime/in_place.h); the
// planner decides which offers to take.
struct InPlaceLink {
  size_t output = 0;
  size_t input = 0;
  int64_t min_delta = 0;
};

struct ArenaPlan {
  std::vector<size_t> offsets;  // one per request, multiples of `alignment`
  size_t arena_bytes = 0;       // end of the highest buffer
  // Most bytes alive at any one step, counting the pair of each link the
  // plan took as the span of the two (an in-place node needs no more).
  size_t lower_bound = 0;
  // The same without any link: each buffer alive at a step counts whole.
  size_t lower_bound_without_in_place = 0;
  size_t links_taken = 0;
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
// With `links` (in the order of their nodes), the buffers of each taken link
// keep a fixed distance (the smallest multiple of `alignment` allowed that
// lets them overlap most), and chains of links are placed as one piece. A few choices of links are tried
// (none, all, chains cut where they would outgrow the in-place peak); the
// smallest arena wins, with fewer links on a tie.
ArenaPlan PlanArena(const std::vector<BufferRequest>& requests,
                    size_t alignment = kArenaAlignment,
                    const std::vector<InPlaceLink>& links = {});

}  // namespace brasa

#endif  // BRASA_PLANNER_ARENA_PLANNER_H_
