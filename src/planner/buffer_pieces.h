// Pieces for the arena planner: buffers that in-place links tie together at
// fixed distances, to be placed as one. A buffer that no taken link ties is a
// piece of its own.
#ifndef BRASA_PLANNER_BUFFER_PIECES_H_
#define BRASA_PLANNER_BUFFER_PIECES_H_

#include <cstddef>
#include <vector>

#include "src/planner/arena_planner.h"

namespace brasa {

enum class LinkChoice {
  kAll,           // every valid link
  // Pieces kept within `cap` bytes: where a link would outgrow it, either
  // the link is left (its node then needs its input and output whole) or its
  // input is cut from its older chain (the link that tied the input in is
  // dropped): whichever leaves fewer bytes alive at the step that loses.
  kCappedChains,
};

// One entry per request; the per-piece fields are set at the piece's root
// (the request a piece first grew from) and zero elsewhere. One record per
// request, not a vector per field: a microcontroller counts a heap block each.
struct Piece {
  size_t root = 0;     // the piece's root request
  size_t offset = 0;   // from the piece's start
  size_t extent = 0;   // per root: the piece's bytes (0 for non-roots)
  size_t members = 0;  // per root: how many buffers it ties
  int first_step = 0;  // per root: first and last step of any member
  int last_step = 0;
  bool fed = false;    // the input of a taken link
};
struct BufferPieces {
  std::vector<Piece> at;  // per request
  size_t links_taken = 0;
};

// Ties the buffers of `links` as `choice` says. `links` come in the order
// of their nodes (a chain grows from its first buffer on: each link adds its
// output to the piece of its input). A link whose input already feeds another taken link, or
// whose output already is one's output, is skipped; so is one that would make
// a piece of more than kMaxPieceMembers buffers. `sizes`: rounded to
// `alignment`.
constexpr size_t kMaxPieceMembers = 16;
BufferPieces LinkPieces(const std::vector<BufferRequest>& requests,
                        const std::vector<size_t>& sizes, const std::vector<InPlaceLink>& links,
                        size_t alignment, LinkChoice choice, size_t cap = 0);

// Most bytes alive at one step: each piece counts the span of its members
// alive at that step.
size_t PiecesLowerBound(const std::vector<BufferRequest>& requests,
                        const std::vector<size_t>& sizes, const BufferPieces& pieces);

// Adds to `live[s]`, for each step s of the piece rooted at `root` (of
// several buffers), the span of its members alive at s (MaxLiveBytes).
void AddPieceLiveBytes(const std::vector<BufferRequest>& requests,
                       const std::vector<size_t>& sizes, const BufferPieces& pieces, size_t root,
                       size_t* live);

}  // namespace brasa

#endif  // BRASA_PLANNER_BUFFER_PIECES_H_
