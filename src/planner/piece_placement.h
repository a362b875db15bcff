// Arena planning with in-place links (arena_planner.h): the buffers of taken
// links are placed as pieces. Linked only where a kernel may run in place:
// the registrations of those kernels call LinkInPlaceExecution
// (src/runtime/in_place.h), which calls LinkPiecePlacement, and PlanArena
// refers to PlaceLinkedPieces weakly (without it, links are ignored).
#ifndef BRASA_PLANNER_PIECE_PLACEMENT_H_
#define BRASA_PLANNER_PIECE_PLACEMENT_H_

#include <cstddef>
#include <vector>

#include "src/planner/arena_planner.h"

namespace brasa {

// A LinkedPlacement (placement.h): a few choices of links (all, chains cut
// where they would outgrow the in-place peak), each placed as pieces; the
// smallest arena wins, `*best` (no link) on a tie.
void PlaceLinkedPieces(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const std::vector<InPlaceLink>& links,
                       size_t alignment, ArenaPlan* best);
void LinkPiecePlacement();

}  // namespace brasa

#endif  // BRASA_PLANNER_PIECE_PLACEMENT_H_
