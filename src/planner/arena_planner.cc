#include "src/planner/arena_planner.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

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

// Places buffers in `order`, each at the lowest offset of the smallest gap
// that fits between already placed buffers whose lifetimes overlap its own.
ArenaPlan PlaceInOrder(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const std::vector<size_t>& order) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> placed;  // indices already placed, sorted by offset
  placed.reserve(order.size());  // no doubling (a microcontroller counts the copies)
  for (size_t index : order) {
    if (sizes[index] == 0) continue;
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
    plan.offsets[index] = best_offset;
    plan.arena_bytes = std::max(plan.arena_bytes, best_offset + sizes[index]);
    const auto position = std::upper_bound(
        placed.begin(), placed.end(), best_offset,
        [&](size_t offset, size_t other) { return offset < plan.offsets[other]; });
    placed.insert(position, index);
  }
  return plan;
}

}  // namespace

ArenaPlan PlanArena(const std::vector<BufferRequest>& requests, size_t alignment) {
  const size_t count = requests.size();
  std::vector<size_t> sizes(count);
  for (size_t i = 0; i < count; ++i) sizes[i] = RoundUp(requests[i].bytes, alignment);
  auto lifetime = [&](size_t i) { return requests[i].last_step - requests[i].first_step + 1; };

  // No single greedy order is best for every graph, so try a few cheap ones
  // and keep the smallest arena: largest first (ties: earlier first use),
  // largest first (ties: longest lifetime), and first use in time order.
  using Less = std::function<bool(size_t, size_t)>;
  const std::vector<Less> orders = {
      [&](size_t a, size_t b) {
        if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
        return requests[a].first_step < requests[b].first_step;
      },
      [&](size_t a, size_t b) {
        if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
        return lifetime(a) > lifetime(b);
      },
      [&](size_t a, size_t b) {
        if (requests[a].first_step != requests[b].first_step) {
          return requests[a].first_step < requests[b].first_step;
        }
        return sizes[a] > sizes[b];
      },
  };
  ArenaPlan best;
  bool have_best = false;
  for (const Less& less : orders) {
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), less);
    ArenaPlan plan = PlaceInOrder(requests, sizes, order);
    if (!have_best || plan.arena_bytes < best.arena_bytes) {
      best = std::move(plan);
      have_best = true;
    }
  }
  best.lower_bound = LowerBound(requests, sizes);
  return best;
}

}  // namespace brasa
