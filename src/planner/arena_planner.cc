#include "src/planner/arena_planner.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

#include "src/planner/buffer_pieces.h"

namespace brasa {
namespace {

size_t RoundUp(size_t bytes, size_t alignment) {
  return (bytes + alignment - 1) & ~(alignment - 1);
}

bool LifetimesOverlap(const BufferRequest& a, const BufferRequest& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

size_t LowerBound(const std::vector<BufferRequest>& requests,
                  const std::vector<size_t>& sizes) {
  int last_step = 0;
  for (const BufferRequest& r : requests) last_step = std::max(last_step, r.last_step);
  std::vector<size_t> live(static_cast<size_t>(last_step) + 2, 0);
  for (size_t i = 0; i < requests.size(); ++i) {
    for (int s = requests[i].first_step; s <= requests[i].last_step; ++s) {
      live[static_cast<size_t>(s)] += sizes[i];
    }
  }
  return live.empty() ? 0 : *std::max_element(live.begin(), live.end());
}

// Whether `pieces`' piece `root` fits at `base` next to the buffers already
// placed: no member overlaps, in time and in space, a placed buffer.
bool PieceFits(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
               const BufferPieces& pieces, size_t root, size_t base,
               const std::vector<size_t>& placed, const std::vector<size_t>& offsets) {
  for (size_t member = 0; member < requests.size(); ++member) {
    if (pieces.root[member] != root || sizes[member] == 0) continue;
    const size_t begin = base + pieces.offset[member], end = begin + sizes[member];
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[member], requests[other])) continue;
      if (begin < offsets[other] + sizes[other] && offsets[other] < end) return false;
    }
  }
  return true;
}

// The lowest offset where a piece of several buffers fits: at 0 or with one
// of its members just above a placed buffer.
size_t LowestFit(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                 const BufferPieces& pieces, size_t root, const std::vector<size_t>& placed,
                 const std::vector<size_t>& offsets) {
  size_t best = std::numeric_limits<size_t>::max();
  auto consider = [&](size_t base) {
    if (base < best && PieceFits(requests, sizes, pieces, root, base, placed, offsets)) {
      best = base;
    }
  };
  consider(0);
  for (size_t member = 0; member < requests.size(); ++member) {
    if (pieces.root[member] != root || sizes[member] == 0) continue;
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[member], requests[other])) continue;
      const size_t top = offsets[other] + sizes[other];
      if (top >= pieces.offset[member]) consider(top - pieces.offset[member]);
    }
  }
  return best;  // found: the top of all placed buffers is always a candidate
}

// Places pieces in `order` (their roots; null `pieces`: every buffer alone).
// A piece of one buffer goes to the lowest offset of the smallest gap that
// fits between already placed buffers whose lifetimes overlap its own; a
// piece of several to its lowest fit.
ArenaPlan PlaceInOrder(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const BufferPieces* pieces,
                       const std::vector<size_t>& order) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> placed;  // indices already placed, sorted by offset
  placed.reserve(requests.size());  // no doubling (a microcontroller counts the copies)
  auto place = [&](size_t index, size_t offset) {
    plan.offsets[index] = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, offset + sizes[index]);
    const auto position = std::upper_bound(
        placed.begin(), placed.end(), offset,
        [&](size_t at, size_t other) { return at < plan.offsets[other]; });
    placed.insert(position, index);
  };
  for (size_t index : order) {
    if ((pieces != nullptr ? pieces->extent[index] : sizes[index]) == 0) continue;
    if (pieces != nullptr && pieces->members[index] > 1) {
      const size_t base = LowestFit(requests, sizes, *pieces, index, placed, plan.offsets);
      for (size_t member = 0; member < requests.size(); ++member) {
        if (pieces->root[member] == index && sizes[member] != 0) {
          place(member, base + pieces->offset[member]);
        }
      }
      continue;
    }
    size_t best_offset = std::numeric_limits<size_t>::max();
    size_t best_gap = std::numeric_limits<size_t>::max();
    size_t cursor = 0;
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[index], requests[other])) continue;
      const size_t other_offset = plan.offsets[other];
      if (other_offset >= cursor) {
        const size_t gap = other_offset - cursor;
        if (gap >= sizes[index] && gap < best_gap) {
          best_gap = gap;
          best_offset = cursor;
        }
      }
      cursor = std::max(cursor, other_offset + sizes[other]);
    }
    if (best_offset == std::numeric_limits<size_t>::max()) best_offset = cursor;  // on top
    place(index, best_offset);
  }
  return plan;
}

// The smallest of a few greedy orders over `pieces` (null: every buffer alone).
ArenaPlan PlaceBest(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces) {
  const std::vector<size_t>& extent = pieces != nullptr ? pieces->extent : sizes;
  const std::vector<BufferRequest>& span = pieces != nullptr ? pieces->span : requests;
  auto lifetime = [&](size_t i) { return span[i].last_step - span[i].first_step + 1; };
  // No single greedy order is best for every graph, so try a few cheap ones
  // and keep the smallest arena: largest first (ties: earlier first use),
  // largest first (ties: longest lifetime), and first use in time order.
  using Less = std::function<bool(size_t, size_t)>;
  const std::vector<Less> orders = {
      [&](size_t a, size_t b) {
        if (extent[a] != extent[b]) return extent[a] > extent[b];
        return span[a].first_step < span[b].first_step;
      },
      [&](size_t a, size_t b) {
        if (extent[a] != extent[b]) return extent[a] > extent[b];
        return lifetime(a) > lifetime(b);
      },
      [&](size_t a, size_t b) {
        if (span[a].first_step != span[b].first_step) {
          return span[a].first_step < span[b].first_step;
        }
        return extent[a] > extent[b];
      },
  };
  ArenaPlan best;
  bool have_best = false;
  for (const Less& less : orders) {
    std::vector<size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), less);
    ArenaPlan plan = PlaceInOrder(requests, sizes, pieces, order);
    if (!have_best || plan.arena_bytes < best.arena_bytes) {
      best = std::move(plan);
      have_best = true;
    }
  }
  return best;
}

}  // namespace

ArenaPlan PlanArena(const std::vector<BufferRequest>& requests, size_t alignment,
                    const std::vector<InPlaceLink>& links) {
  const size_t count = requests.size();
  std::vector<size_t> sizes(count);
  for (size_t i = 0; i < count; ++i) sizes[i] = RoundUp(requests[i].bytes, alignment);

  // Every buffer alone first: no piece tables (a microcontroller counts the
  // planner's temporaries).
  ArenaPlan best = PlaceBest(requests, sizes, nullptr);
  const size_t without_links = LowerBound(requests, sizes);
  best.lower_bound = without_links;
  if (!links.empty()) {
    size_t peak = 0;  // the in-place peak: with every link
    for (LinkChoice choice : {LinkChoice::kAll, LinkChoice::kCappedChains}) {
      const BufferPieces pieces = LinkPieces(requests, sizes, links, alignment, choice, peak);
      const size_t bound = PiecesLowerBound(requests, sizes, pieces);
      if (choice == LinkChoice::kAll) peak = bound;
      ArenaPlan plan = PlaceBest(requests, sizes, &pieces);
      if (plan.arena_bytes < best.arena_bytes) {
        best = std::move(plan);
        best.lower_bound = bound;
        best.links_taken = pieces.links_taken;
      }
    }
  }
  best.lower_bound_without_in_place = without_links;
  return best;
}

}  // namespace brasa
