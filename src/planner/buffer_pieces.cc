#include "src/planner/buffer_pieces.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace brasa {
namespace {

// The smallest multiple of `alignment` (a power of two) at or above `x`,
// which may be negative (masks: no 64-bit division on a microcontroller).
int64_t AlignUp(int64_t x, size_t alignment) {
  const int64_t mask = static_cast<int64_t>(alignment) - 1;
  return x >= 0 ? (x + mask) & ~mask : -((-x) & ~mask);
}

// Takes `member`, the latest buffer of its piece, out of it: the link that
// tied it in is dropped. The rest keeps its layout, moved to start at 0.
void Detach(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
            size_t member, BufferPieces* p) {
  const size_t root = p->root[member];
  size_t new_root = root;
  if (member == root) {  // a chain of two: its other buffer becomes its own root
    for (size_t m = 0; m < requests.size(); ++m) {
      if (m != member && p->root[m] == root) new_root = m;
    }
  }
  size_t low = SIZE_MAX, high = 0;
  BufferRequest span = requests[new_root];
  for (size_t m = 0; m < requests.size(); ++m) {
    if (m == member || p->root[m] != root) continue;
    p->root[m] = new_root;
    low = std::min(low, p->offset[m]);
    high = std::max(high, p->offset[m] + sizes[m]);
    span.first_step = std::min(span.first_step, requests[m].first_step);
    span.last_step = std::max(span.last_step, requests[m].last_step);
  }
  for (size_t m = 0; m < requests.size(); ++m) {
    if (m != member && p->root[m] == new_root) p->offset[m] -= low;
  }
  p->members[new_root] = p->members[root] - 1;
  p->extent[new_root] = high - low;
  p->span[new_root] = span;
  if (new_root != root) p->members[root] = 0;
  p->root[member] = member;
  p->offset[member] = 0;
  p->members[member] = 1;
  p->extent[member] = sizes[member];
  p->span[member] = requests[member];
  --p->links_taken;
}

// Bytes of the buffers alive at `step`, each whole.
size_t LiveBytes(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
                 int step) {
  size_t live = 0;
  for (size_t r = 0; r < requests.size(); ++r) {
    if (requests[r].first_step <= step && step <= requests[r].last_step) live += sizes[r];
  }
  return live;
}

}  // namespace

BufferPieces LinkPieces(const std::vector<BufferRequest>& requests,
                        const std::vector<size_t>& sizes, const std::vector<InPlaceLink>& links,
                        size_t alignment, LinkChoice choice, size_t cap) {
  const size_t count = requests.size();
  BufferPieces p;
  p.root.resize(count);
  std::iota(p.root.begin(), p.root.end(), size_t{0});
  p.offset.assign(count, 0);
  p.extent = sizes;
  p.members.assign(count, 1);
  p.span = requests;
  if (links.empty()) return p;

  std::vector<bool> fed(count, false);  // input of a taken link
  for (size_t k = 0; k < links.size(); ++k) {
    const size_t out = links[k].output, in = links[k].input;
    if (out >= count || in >= count || out == in || fed[in]) continue;
    if (p.root[out] != out || p.members[out] != 1 || sizes[out] == 0 || sizes[in] == 0) continue;
    const int64_t out_bytes = static_cast<int64_t>(sizes[out]);
    const int64_t in_bytes = static_cast<int64_t>(sizes[in]);
    // The distance that overlaps them most, if allowed: the input inside the
    // output's bytes (or the output inside the input's).
    if (links[k].min_delta >= out_bytes) continue;  // no overlap allowed: nothing to gain
    const int64_t min_delta = std::max(links[k].min_delta, -in_bytes);
    const int64_t delta =
        std::max(AlignUp(min_delta, alignment), std::min<int64_t>(0, out_bytes - in_bytes));
    if (delta >= out_bytes || -delta >= in_bytes) continue;  // no overlap: nothing to gain
    auto extent_with_out = [&](size_t* shift, size_t* out_start) {
      const int64_t out_offset = static_cast<int64_t>(p.offset[in]) - delta;
      *shift = out_offset < 0 ? static_cast<size_t>(-out_offset) : 0;
      *out_start = static_cast<size_t>(out_offset + static_cast<int64_t>(*shift));
      return std::max(p.extent[p.root[in]] + *shift, *out_start + sizes[out]);
    };
    size_t shift = 0, out_start = 0;
    size_t extent = extent_with_out(&shift, &out_start);
    auto too_big = [&] {
      return p.members[p.root[in]] >= kMaxPieceMembers ||
             (choice != LinkChoice::kAll && extent > cap);
    };
    if (too_big() && p.members[p.root[in]] > 1 && choice == LinkChoice::kCappedChains) {
      // Leaving this link costs its step, cutting the input's own link costs
      // the step that wrote the input.
      const size_t leave = LiveBytes(requests, sizes, requests[out].first_step);
      const size_t cut = LiveBytes(requests, sizes, requests[in].first_step);
      if (leave > cap && cut < leave) {
        Detach(requests, sizes, in, &p);
        extent = extent_with_out(&shift, &out_start);
      }
    }
    if (too_big()) continue;
    const size_t root = p.root[in];
    if (shift != 0) {
      for (size_t m = 0; m < count; ++m) {
        if (p.root[m] == root) p.offset[m] += shift;
      }
    }
    p.offset[out] = out_start;
    p.root[out] = root;
    p.members[root] += 1;
    p.members[out] = 0;
    p.extent[root] = extent;
    p.extent[out] = 0;
    p.span[root].first_step = std::min(p.span[root].first_step, requests[out].first_step);
    p.span[root].last_step = std::max(p.span[root].last_step, requests[out].last_step);
    fed[in] = true;
    ++p.links_taken;
  }
  return p;
}

size_t PiecesLowerBound(const std::vector<BufferRequest>& requests,
                        const std::vector<size_t>& sizes, const BufferPieces& pieces) {
  int last_step = 0;
  for (const BufferRequest& r : requests) last_step = std::max(last_step, r.last_step);
  std::vector<size_t> live(static_cast<size_t>(last_step) + 2, 0);
  for (size_t r = 0; r < requests.size(); ++r) {
    if (pieces.members[r] == 1) {
      for (int s = requests[r].first_step; s <= requests[r].last_step; ++s) {
        live[static_cast<size_t>(s)] += sizes[r];
      }
      continue;
    }
    if (pieces.members[r] == 0) continue;
    for (int s = pieces.span[r].first_step; s <= pieces.span[r].last_step; ++s) {
      size_t low = SIZE_MAX, high = 0;
      for (size_t m = 0; m < requests.size(); ++m) {
        if (pieces.root[m] != r || requests[m].first_step > s || requests[m].last_step < s) {
          continue;
        }
        low = std::min(low, pieces.offset[m]);
        high = std::max(high, pieces.offset[m] + sizes[m]);
      }
      if (high > low) live[static_cast<size_t>(s)] += high - low;
    }
  }
  return live.empty() ? 0 : *std::max_element(live.begin(), live.end());
}

}  // namespace brasa
