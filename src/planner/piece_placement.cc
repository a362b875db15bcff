#include "src/planner/piece_placement.h"

#include <limits>
#include <utility>

#include "src/planner/buffer_pieces.h"
#include "src/planner/placement.h"

namespace brasa {
namespace {

// Whether `pieces`' piece `root` fits at `base` next to the buffers already
// placed: no member overlaps, in time and in space, a placed buffer.
bool PieceFits(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
               const BufferPieces& pieces, size_t root, size_t base,
               PlacedBuffers placed, const std::vector<size_t>& offsets) {
  for (size_t member = 0; member < requests.size(); ++member) {
    if (pieces.at[member].root != root || sizes[member] == 0) continue;
    const size_t begin = base + pieces.at[member].offset, end = begin + sizes[member];
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[member], requests[other])) continue;
      if (begin < offsets[other] + sizes[other] && offsets[other] < end) return false;
    }
  }
  return true;
}

// A PieceFit: the lowest offset where a piece of several buffers fits, at 0
// or with one of its members just above a placed buffer.
size_t LowestFit(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                 const BufferPieces& pieces, size_t root, PlacedBuffers placed,
                 const std::vector<size_t>& offsets) {
  size_t best = std::numeric_limits<size_t>::max();
  auto consider = [&](size_t base) {
    if (base < best && PieceFits(requests, sizes, pieces, root, base, placed, offsets)) {
      best = base;
    }
  };
  consider(0);
  for (size_t member = 0; member < requests.size(); ++member) {
    if (pieces.at[member].root != root || sizes[member] == 0) continue;
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[member], requests[other])) continue;
      const size_t top = offsets[other] + sizes[other];
      if (top >= pieces.at[member].offset) consider(top - pieces.at[member].offset);
    }
  }
  return best;  // found: the top of all placed buffers is always a candidate
}

}  // namespace

void PlaceLinkedPieces(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const std::vector<InPlaceLink>& links,
                       size_t alignment, ArenaPlan* best) {
  size_t peak = 0;  // the in-place peak: with every link
  for (LinkChoice choice : {LinkChoice::kAll, LinkChoice::kCappedChains}) {
    const BufferPieces pieces = LinkPieces(requests, sizes, links, alignment, choice, peak);
    const size_t bound = PiecesLowerBound(requests, sizes, pieces);
    if (choice == LinkChoice::kAll) peak = bound;
    ArenaPlan plan = PlaceBest(requests, sizes, &pieces, LowestFit);
    if (plan.arena_bytes < best->arena_bytes) {
      *best = std::move(plan);
      best->lower_bound = bound;
      best->links_taken = pieces.links_taken;
    }
  }
}

void LinkPiecePlacement() {}

}  // namespace brasa
