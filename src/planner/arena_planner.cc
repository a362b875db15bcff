#include "src/planner/arena_planner.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "src/planner/placement.h"

namespace brasa {

// piece_placement.h, weakly: linked only with a kernel that may run in place
// (null otherwise, and links are ignored).
void PlaceLinkedPieces(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const std::vector<InPlaceLink>& links,
                       size_t alignment, ArenaPlan* best) __attribute__((weak));

// buffer_pieces.cc, weakly: only pieces of several buffers call it, and
// there are none where that file is not linked.
void AddPieceLiveBytes(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const BufferPieces& pieces, size_t root,
                       size_t* live) __attribute__((weak));

namespace {

size_t RoundUp(size_t bytes, size_t alignment) {
  return (bytes + alignment - 1) & ~(alignment - 1);
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

// `o[0 .. n-1]` = 0 .. n-1 sorted stably by `Before`. An insertion sort: no
// temporary buffer (std::stable_sort allocates one), little code, and no
// slower in the worst case than the quadratic placement that follows.
void SortOrder(const OrderKeys& keys, Order kind, size_t* o) {
  for (size_t i = 0; i < keys.requests.size(); ++i) {
    size_t j = i;
    for (; j > 0 && Before(keys, kind, i, o[j - 1]); --j) o[j] = o[j - 1];
    o[j] = i;
  }
}

// Places pieces in `order` (their roots; null `pieces`: every buffer alone)
// into `plan` (its offsets' capacity reused). A piece of one buffer goes to
// the lowest offset of the smallest gap that fits between already placed
// buffers whose lifetimes overlap its own; a piece of several to its lowest
// fit (`fit`). `placed`: scratch of requests.size() entries, the buffers
// placed so far, sorted by offset.
void PlaceInOrder(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                  const BufferPieces* pieces, PieceFit fit, const size_t* order,
                  size_t* placed, ArenaPlan* plan) {
  // Zeros (the vector(n) constructor the planner links anyway, no fill-assign code).
  if (plan->offsets.size() != requests.size()) {
    plan->offsets = std::vector<size_t>(requests.size());
  } else {
    std::fill(plan->offsets.begin(), plan->offsets.end(), 0);
  }
  plan->arena_bytes = 0;
  size_t placed_count = 0;
  auto place = [&](size_t index, size_t offset) {
    plan->offsets[index] = offset;
    plan->arena_bytes = std::max(plan->arena_bytes, offset + sizes[index]);
    size_t position = placed_count++;  // after every buffer at or below `offset`
    for (; position > 0 && plan->offsets[placed[position - 1]] > offset; --position) {
      placed[position] = placed[position - 1];
    }
    placed[position] = index;
  };
  for (size_t k = 0; k < requests.size(); ++k) {
    const size_t index = order[k];
    if ((pieces != nullptr ? pieces->at[index].extent : sizes[index]) == 0) continue;
    if (pieces != nullptr && pieces->at[index].members > 1) {
      const size_t base = fit(requests, sizes, *pieces, index,
                              PlacedBuffers{placed, placed + placed_count}, plan->offsets);
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
    for (size_t p = 0; p < placed_count; ++p) {
      const size_t other = placed[p];
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

}  // namespace

size_t MaxLiveBytes(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces) {
  int last_step = 0;
  for (const BufferRequest& r : requests) last_step = std::max(last_step, r.last_step);
  std::vector<size_t> live(static_cast<size_t>(last_step) + 2);  // zeros
  for (size_t r = 0; r < requests.size(); ++r) {
    const size_t members = pieces != nullptr ? pieces->at[r].members : 1;
    if (members == 1) {
      for (int s = requests[r].first_step; s <= requests[r].last_step; ++s) {
        live[static_cast<size_t>(s)] += sizes[r];
      }
    } else if (members > 1) {
      AddPieceLiveBytes(requests, sizes, *pieces, r, live.data());
    }
  }
  return *std::max_element(live.begin(), live.end());  // never empty
}

// One order, one scratch and two plans alive at a time (a microcontroller
// counts the planner's temporaries).
ArenaPlan PlaceBest(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                    const BufferPieces* pieces, PieceFit fit) {
  const OrderKeys keys{requests, sizes, pieces};
  // The order and PlaceInOrder's scratch in one allocation.
  const size_t count = requests.size();
  std::vector<size_t> scratch(2 * count);
  size_t* const order = scratch.data();
  size_t* const placed = order + count;
  ArenaPlan best, plan;
  bool have_best = false;
  // One loop body, not one copy per order.
#pragma GCC unroll 1
  for (int k = 0; k <= static_cast<int>(Order::kFirstUse); ++k) {
    SortOrder(keys, static_cast<Order>(k), order);
    PlaceInOrder(requests, sizes, pieces, fit, order, placed, &plan);
    if (!have_best || plan.arena_bytes < best.arena_bytes) {
      // The two fields PlaceInOrder sets (the others are 0 in both plans).
      best.offsets.swap(plan.offsets);
      std::swap(best.arena_bytes, plan.arena_bytes);
      have_best = true;
    }
  }
  return best;
}

ArenaPlan PlanArenaWith(const std::vector<BufferRequest>& requests, size_t alignment,
                        const std::vector<InPlaceLink>& links, LinkedPlacement place_links) {
  const size_t count = requests.size();
  std::vector<size_t> sizes(count);
  for (size_t i = 0; i < count; ++i) sizes[i] = RoundUp(requests[i].bytes, alignment);

  // Every buffer alone first: no piece tables (a microcontroller counts the
  // planner's temporaries).
  ArenaPlan best = PlaceBest(requests, sizes, nullptr, nullptr);
  const size_t without_links = MaxLiveBytes(requests, sizes, nullptr);
  best.lower_bound = without_links;
  if (!links.empty() && place_links != nullptr) {
    place_links(requests, sizes, links, alignment, &best);
  }
  best.lower_bound_without_in_place = without_links;
  return best;
}

ArenaPlan PlanArena(const std::vector<BufferRequest>& requests, size_t alignment,
                    const std::vector<InPlaceLink>& links) {
  return PlanArenaWith(requests, alignment, links, PlaceLinkedPieces);
}

}  // namespace brasa
