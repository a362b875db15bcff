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

// All vectors have one entry per request; the per-piece ones are set at the
// piece's root (the request a piece first grew from) and zero elsewhere.
struct BufferPieces {
  std::vector<size_t> root;     // the piece's root request
  std::vector<size_t> offset;   // from the piece's start
  std::vector<size_t> extent;   // per root: the piece's bytes (0 for non-roots)
  std::vector<size_t> members;  // per root: how many buffers it ties
  std::vector<BufferRequest> span;  // per root: first and last step of any member
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

}  // namespace brasa

#endif  // BRASA_PLANNER_BUFFER_PIECES_H_
