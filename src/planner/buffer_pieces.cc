#include "src/planner/buffer_pieces.h"
#include "src/planner/placement.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace brasa {
namespace {

// Distances and offsets inside pieces are ptrdiff_t (32-bit on a 32-bit
// CPU, where int64 arithmetic takes several instructions an operation). A
// link of a buffer over this many bytes is skipped, so that a piece (at most
// kMaxPieceMembers buffers) and every offset and distance in it stay far
// below PTRDIFF_MAX. 64 MB on a 32-bit CPU; on a 64-bit one far above
// kMaxTensorBytes (no link is skipped).
constexpr size_t kMaxLinkedBytes = PTRDIFF_MAX / (4 * kMaxPieceMembers);

// The smallest multiple of `alignment` (a power of two) at or above `x`,
// which may be negative (masks: no division).
ptrdiff_t AlignUp(ptrdiff_t x, size_t alignment) {
  const ptrdiff_t mask = static_cast<ptrdiff_t>(alignment) - 1;
  return x >= 0 ? (x + mask) & ~mask : -((-x) & ~mask);
}

// A piece of one buffer: `r` alone.
void MakeAlone(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
               size_t r, Piece* piece) {
  piece->root = r;
  piece->offset = 0;
  piece->members = 1;
  piece->extent = sizes[r];
  piece->first_step = requests[r].first_step;
  piece->last_step = requests[r].last_step;
}

// Takes `member`, the latest buffer of its piece, out of it: the link that
// tied it in is dropped. The rest keeps its layout, moved to start at 0.
void Detach(const std::vector<BufferRequest>& requests, const std::vector<size_t>& sizes,
            size_t member, BufferPieces* p) {
  std::vector<Piece>& at = p->at;
  const size_t root = at[member].root;
  size_t new_root = root;
  if (member == root) {  // a chain of two: its other buffer becomes its own root
    for (size_t m = 0; m < requests.size(); ++m) {
      if (m != member && at[m].root == root) new_root = m;
    }
  }
  size_t low = SIZE_MAX, high = 0;
  int first_step = requests[new_root].first_step, last_step = requests[new_root].last_step;
  for (size_t m = 0; m < requests.size(); ++m) {
    if (m == member || at[m].root != root) continue;
    at[m].root = new_root;
    low = std::min(low, at[m].offset);
    high = std::max(high, at[m].offset + sizes[m]);
    first_step = std::min(first_step, requests[m].first_step);
    last_step = std::max(last_step, requests[m].last_step);
  }
  for (size_t m = 0; m < requests.size(); ++m) {
    if (m != member && at[m].root == new_root) at[m].offset -= low;
  }
  at[new_root].members = at[root].members - 1;
  at[new_root].extent = high - low;
  at[new_root].first_step = first_step;
  at[new_root].last_step = last_step;
  if (new_root != root) at[root].members = 0;
  const bool fed = at[member].fed;
  MakeAlone(requests, sizes, member, &at[member]);
  at[member].fed = fed;
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
  p.at.resize(count);
  std::vector<Piece>& at = p.at;
  for (size_t r = 0; r < count; ++r) MakeAlone(requests, sizes, r, &at[r]);
  if (links.empty()) return p;

  for (size_t k = 0; k < links.size(); ++k) {
    const size_t out = links[k].output, in = links[k].input;
    if (out >= count || in >= count || out == in || at[in].fed) continue;
    if (at[out].root != out || at[out].members != 1 || sizes[out] == 0 || sizes[in] == 0) continue;
    if (sizes[out] > kMaxLinkedBytes || sizes[in] > kMaxLinkedBytes) continue;
    const ptrdiff_t out_bytes = static_cast<ptrdiff_t>(sizes[out]);
    const ptrdiff_t in_bytes = static_cast<ptrdiff_t>(sizes[in]);
    // The distance that overlaps them most, if allowed: the input inside the
    // output's bytes (or the output inside the input's).
    if (links[k].min_delta >= out_bytes) continue;  // no overlap allowed: nothing to gain
    const ptrdiff_t min_delta = links[k].min_delta < -in_bytes
                                    ? -in_bytes
                                    : static_cast<ptrdiff_t>(links[k].min_delta);
    const ptrdiff_t delta =
        std::max(AlignUp(min_delta, alignment), std::min<ptrdiff_t>(0, out_bytes - in_bytes));
    if (delta >= out_bytes || -delta >= in_bytes) continue;  // no overlap: nothing to gain
    auto extent_with_out = [&](size_t* shift, size_t* out_start) {
      const ptrdiff_t out_offset = static_cast<ptrdiff_t>(at[in].offset) - delta;
      *shift = out_offset < 0 ? static_cast<size_t>(-out_offset) : 0;
      *out_start = static_cast<size_t>(out_offset + static_cast<ptrdiff_t>(*shift));
      return std::max(at[at[in].root].extent + *shift, *out_start + sizes[out]);
    };
    size_t shift = 0, out_start = 0;
    size_t extent = extent_with_out(&shift, &out_start);
    auto too_big = [&] {
      return at[at[in].root].members >= kMaxPieceMembers ||
             (choice != LinkChoice::kAll && extent > cap);
    };
    if (too_big() && at[at[in].root].members > 1 && choice == LinkChoice::kCappedChains) {
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
    const size_t root = at[in].root;
    if (shift != 0) {
      for (size_t m = 0; m < count; ++m) {
        if (at[m].root == root) at[m].offset += shift;
      }
    }
    at[out].offset = out_start;
    at[out].root = root;
    at[root].members += 1;
    at[out].members = 0;
    at[root].extent = extent;
    at[out].extent = 0;
    at[root].first_step = std::min(at[root].first_step, requests[out].first_step);
    at[root].last_step = std::max(at[root].last_step, requests[out].last_step);
    at[in].fed = true;
    ++p.links_taken;
  }
  return p;
}

void AddPieceLiveBytes(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const BufferPieces& pieces, size_t root,
                       size_t* live) {
  const Piece& piece = pieces.at[root];
  for (int s = piece.first_step; s <= piece.last_step; ++s) {
    size_t low = SIZE_MAX, high = 0;
    for (size_t m = 0; m < requests.size(); ++m) {
      const Piece& member = pieces.at[m];
      if (member.root != root || requests[m].first_step > s || requests[m].last_step < s) {
        continue;
      }
      low = std::min(low, member.offset);
      high = std::max(high, member.offset + sizes[m]);
    }
    if (high > low) live[s] += high - low;
  }
}

size_t PiecesLowerBound(const std::vector<BufferRequest>& requests,
                        const std::vector<size_t>& sizes, const BufferPieces& pieces) {
  return MaxLiveBytes(requests, sizes, &pieces);
}

}  // namespace brasa
