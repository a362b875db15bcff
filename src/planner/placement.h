// The arena planner's greedy placement, shared by arena_planner.cc (every
// buffer alone) and piece_placement.cc (buffers that in-place links tie into
// pieces). Only the first is linked into an application whose kernels never
// run in place: a microcontroller pays flash for every planner function.
#ifndef BRASA_PLANNER_PLACEMENT_H_
#define BRASA_PLANNER_PLACEMENT_H_

#include <cstddef>
#include <vector>

#include "src/planner/arena_planner.h"
#include "src/planner/buffer_pieces.h"

namespace brasa {

inline bool LifetimesOverlap(const BufferRequest& a, const BufferRequest& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

// Most bytes alive at one step: each buffer alone (null `pieces`) or each
// piece counting the span of its members alive at that step. One loop for
// the lower bounds with and without links.
size_t MaxLiveBytes(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces);

// The buffers placed so far, sorted by offset: a view of the placement's
// scratch (a fixed array and a count: no vector insert or growth code).
struct PlacedBuffers {
  const size_t* first;
  const size_t* last;
  const size_t* begin() const { return first; }
  const size_t* end() const { return last; }
};

// The base offset of `pieces`' piece `root` (of several buffers) next to the
// buffers `placed` so far at `offsets`.
using PieceFit = size_t (*)(const std::vector<BufferRequest>& requests,
                            const std::vector<size_t>& sizes, const BufferPieces& pieces,
                            size_t root, PlacedBuffers placed,
                            const std::vector<size_t>& offsets);

// The smallest arena of a few greedy placement orders over `pieces` (null:
// every buffer alone; then `fit` is not called).
ArenaPlan PlaceBest(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces, PieceFit fit);

// Replaces `*best` (every buffer alone) by a plan that takes some of `links`
// where that makes the arena smaller. `sizes`: rounded to `alignment`.
using LinkedPlacement = void (*)(const std::vector<BufferRequest>& requests,
                                 const std::vector<size_t>& sizes,
                                 const std::vector<InPlaceLink>& links, size_t alignment,
                                 ArenaPlan* best);

// PlanArena with `place_links` for its links; null: the links are ignored
// and every buffer is planned alone (PlanArena passes null where
// piece_placement.cc is not linked).
ArenaPlan PlanArenaWith(const std::vector<BufferRequest>& requests, size_t alignment,
                        const std::vector<InPlaceLink>& links, LinkedPlacement place_links);

}  // namespace brasa

#endif  // BRASA_PLANNER_PLACEMENT_H_
