// In-place execution: which nodes may write their output over their input
// as they consume it (TinyEngine's idea), and how far apart the two buffers
// must start. Two nodes qualify, when run by brasa's reference kernels on
// 8- or 16-bit activations: CONV_2D and DEPTHWISE_CONV_2D. Both compute one
// output pixel at a time in raster order (batch, row, column) and read, for
// pixel q, only its window of input pixels: so the output may overwrite any
// input byte that neither pixel q nor a later one reads. The optimized
// kernels (blocked, threaded, im2col) do not qualify.
#ifndef BRASA_RUNTIME_IN_PLACE_H_
#define BRASA_RUNTIME_IN_PLACE_H_

#include <vector>

#include "src/planner/arena_planner.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// One link per node that may run in place: its output's request, its input's
// request and the smallest safe distance from the output's start to the
// input's. `first` and `last` (one entry per tensor): the tensors' lifetimes in steps (of the
// buffers they share, `shares`); `tensor_buffer`: each tensor's request (-1:
// none). The input must die at the node (its buffer's last step), and must be
// no variable and no other input of the node.
std::vector<InPlaceLink> FindInPlaceLinks(const Graph& graph, const int* first,
                                          const int* last, const int* shares,
                                          const std::vector<int>& tensor_buffer);

// Links this file and the planner's piece placement (src/planner/
// piece_placement.h) into the application: the registrations of the kernels
// above call it. The executor refers to FindInPlaceLinks weakly, so an
// application without them plans every buffer alone, with less code.
void LinkInPlaceExecution();

// For tests: the smallest safe distance (bytes, from the output's start to
// the input's) of a raster-order window op over NHWC tensors.
struct RasterWindow {
  int32_t batches = 1;
  int32_t in_h = 0, in_w = 0, in_pixel_bytes = 0;
  int32_t out_h = 0, out_w = 0, out_pixel_bytes = 0;
  int32_t stride_h = 1, stride_w = 1, pad_top = 0, pad_left = 0;
};
int64_t MinInPlaceDistance(const RasterWindow& window);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_IN_PLACE_H_
