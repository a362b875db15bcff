#include "src/planner/arena_planner.h"

#include <algorithm>
#include <limits>

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
    if (pieces.at[member].root != root || sizes[member] == 0) continue;
    const size_t begin = base + pieces.at[member].offset, end = begin + sizes[member];
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
    if (pieces.at[member].root != root || sizes[member] == 0) continue;
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[member], requests[other])) continue;
      const size_t top = offsets[other] + sizes[other];
      if (top >= pieces.at[member].offset) consider(top - pieces.at[member].offset);
    }
  }
  return best;  // found: the top of all placed buffers is always a candidate
}

// What the placement orders sort by: a piece's (or, without pieces, a
// buffer's) bytes and steps.
struct OrderKeys {
  const std::vector<BufferRequest>& requests;
  const std::vector<size_t>& sizes;
  const BufferPieces* pieces;  // null: every buffer alone

  size_t extent(size_t i) const { return pieces != nullptr ? pieces->at[i].extent : sizes[i]; }
  int first_step(size_t i) const {
    return pieces != nullptr ? pieces->at[i].first_step : requests[i].first_step;
  }
  int lifetime(size_t i) const {
    return (pieces != nullptr ? pieces->at[i].last_step : requests[i].last_step) -
           first_step(i) + 1;
  }
};

// No single greedy order is best for every graph, so a few cheap ones are
// tried and the smallest arena kept.
enum class Order {
  kLargestFirst,          // ties: earlier first use
  kLargestFirstLongest,   // ties: longest lifetime
  kFirstUse,              // ties: largest first
};

bool Before(const OrderKeys& keys, Order order, size_t a, size_t b) {
  const size_t extent_a = keys.extent(a), extent_b = keys.extent(b);
  const int first_a = keys.first_step(a), first_b = keys.first_step(b);
  switch (order) {
    case Order::kLargestFirst:
      if (extent_a != extent_b) return extent_a > extent_b;
      return first_a < first_b;
    case Order::kLargestFirstLongest:
      if (extent_a != extent_b) return extent_a > extent_b;
      return keys.lifetime(a) > keys.lifetime(b);
    case Order::kFirstUse:
      if (first_a != first_b) return first_a < first_b;
      return extent_a > extent_b;
  }
  return false;
}

// `order` = 0 .. n-1 sorted stably by `Before`. An insertion sort: no
// temporary buffer (std::stable_sort allocates one), little code, and no
// slower in the worst case than the quadratic placement that follows.
void SortOrder(const OrderKeys& keys, Order kind, std::vector<size_t>* order) {
  std::vector<size_t>& o = *order;
  for (size_t i = 0; i < o.size(); ++i) {
    size_t j = i;
    for (; j > 0 && Before(keys, kind, i, o[j - 1]); --j) o[j] = o[j - 1];
    o[j] = i;
  }
}

// Places pieces in `order` (their roots; null `pieces`: every buffer alone)
// into `plan` (its offsets' capacity reused). A piece of one buffer goes to
// the lowest offset of the smallest gap that fits between already placed
// buffers whose lifetimes overlap its own; a piece of several to its lowest
// fit. `placed`: scratch, the buffers placed so far, sorted by offset.
void PlaceInOrder(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                  const BufferPieces* pieces, const std::vector<size_t>& order,
                  std::vector<size_t>* placed_scratch, ArenaPlan* plan) {
  plan->offsets.assign(requests.size(), 0);
  plan->arena_bytes = 0;
  std::vector<size_t>& placed = *placed_scratch;
  placed.clear();
  auto place = [&](size_t index, size_t offset) {
    plan->offsets[index] = offset;
    plan->arena_bytes = std::max(plan->arena_bytes, offset + sizes[index]);
    size_t position = placed.size();  // after every buffer at or below `offset`
    while (position > 0 && plan->offsets[placed[position - 1]] > offset) --position;
    placed.insert(placed.begin() + static_cast<std::ptrdiff_t>(position), index);
  };
  for (size_t index : order) {
    if ((pieces != nullptr ? pieces->at[index].extent : sizes[index]) == 0) continue;
    if (pieces != nullptr && pieces->at[index].members > 1) {
      const size_t base = LowestFit(requests, sizes, *pieces, index, placed, plan->offsets);
      for (size_t member = 0; member < requests.size(); ++member) {
        if (pieces->at[member].root == index && sizes[member] != 0) {
          place(member, base + pieces->at[member].offset);
        }
      }
      continue;
    }
    size_t best_offset = std::numeric_limits<size_t>::max();
    size_t best_gap = std::numeric_limits<size_t>::max();
    size_t cursor = 0;
    for (size_t other : placed) {
      if (!LifetimesOverlap(requests[index], requests[other])) continue;
      const size_t other_offset = plan->offsets[other];
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
}

// The smallest of the greedy orders over `pieces` (null: every buffer alone).
// One order, one scratch and two plans alive at a time (a microcontroller
// counts the planner's temporaries).
ArenaPlan PlaceBest(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces) {
  const OrderKeys keys{requests, sizes, pieces};
  std::vector<size_t> order(requests.size()), placed;
  placed.reserve(requests.size());  // no doubling
  ArenaPlan best, plan;
  bool have_best = false;
  for (Order kind : {Order::kLargestFirst, Order::kLargestFirstLongest, Order::kFirstUse}) {
    SortOrder(keys, kind, &order);
    PlaceInOrder(requests, sizes, pieces, order, &placed, &plan);
    if (!have_best || plan.arena_bytes < best.arena_bytes) {
      std::swap(best, plan);
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
