#include "src/runtime/in_place.h"

#include <algorithm>
#include <cstdint>

#include "kernels/ref/conv_2d.h"
#include "kernels/ref/depthwise_conv_2d.h"
#include "src/planner/piece_placement.h"

namespace brasa {

// Weak references, as in fold_pad.cc: an application that registers none of
// the reference kernels does not link it, and then no node runs it. The _INT8
// registrations run the same loops (int8 only), so they qualify too.
const OpKernel* Register_CONV_2D() __attribute__((weak));
const OpKernel* Register_CONV_2D_INT8() __attribute__((weak));
const OpKernel* Register_DEPTHWISE_CONV_2D() __attribute__((weak));
const OpKernel* Register_DEPTHWISE_CONV_2D_INT8() __attribute__((weak));

namespace internal {
namespace {

// The node's window, when the node runs one of the two reference kernels,
// else null.
bool RunsKernel(const Node& node, const OpKernel* (*registration)()) {
  return registration != nullptr && node.kernel == registration();
}

const WindowGeometry* ReferenceWindow(const Node& node) {
  if (node.op_data == nullptr || node.kernel == nullptr) return nullptr;
  if (RunsKernel(node, Register_CONV_2D) || RunsKernel(node, Register_CONV_2D_INT8)) {
    return &static_cast<const ConvData*>(node.op_data)->window;
  }
  if (RunsKernel(node, Register_DEPTHWISE_CONV_2D) ||
      RunsKernel(node, Register_DEPTHWISE_CONV_2D_INT8)) {
    return &static_cast<const DepthwiseData*>(node.op_data)->window;
  }
  return nullptr;
}

bool InPlaceType(DataType type) {
  return type == DataType::kInt8 || type == DataType::kUInt8 || type == DataType::kInt16;
}

}  // namespace

int64_t MinInPlaceDistance(const RasterWindow& w) {
  // Walk the output pixels backwards, keeping the first input byte that
  // pixel q or any later one reads (a lower bound: a window's first tap in
  // the image is at or after its clamped origin). Writing pixel q must stay
  // below it: output_start + (q + 1) * out_pixel <= input_start + earliest.
  // Byte positions step by additions along a row (int64 multiplies are
  // several instructions each on a 32-bit CPU); max(0, c) * p is
  // max(0, c * p) for the non-negative pixel size p.
  int64_t earliest = INT64_MAX, distance = INT64_MIN;
  const int64_t in_pixel = w.in_pixel_bytes, out_pixel = w.out_pixel_bytes;
  int64_t pixel_end = static_cast<int64_t>(w.batches) * w.out_h * w.out_w * out_pixel;
  const int64_t column_step = static_cast<int64_t>(w.stride_w) * in_pixel;
  for (int64_t b = w.batches - 1; b >= 0; --b) {
    for (int64_t y = w.out_h - 1; y >= 0; --y) {
      const int64_t row = std::max<int64_t>(0, y * w.stride_h - w.pad_top);
      const int64_t row_start = (b * w.in_h + row) * w.in_w * in_pixel;
      // (x * stride_w - pad_left) * in_pixel, from the last x down.
      int64_t column_bytes = ((w.out_w - 1) * static_cast<int64_t>(w.stride_w) - w.pad_left) *
                             in_pixel;
      for (int64_t x = w.out_w - 1; x >= 0; --x) {
        earliest = std::min(earliest, row_start + std::max<int64_t>(0, column_bytes));
        distance = std::max(distance, pixel_end - earliest);
        pixel_end -= out_pixel;
        column_bytes -= column_step;
      }
    }
  }
  return distance == INT64_MIN ? 0 : distance;  // no output pixel: any distance
}

namespace {

// The link of the node at `step`, if it may run in place (FindInPlaceLinks).
bool LinkOf(const Graph& graph, size_t step, const int* first, const int* last,
            const int* shares,
            const std::vector<int>& tensor_buffer, InPlaceLink* link) {
  const Node& node = graph.nodes[step];
  const WindowGeometry* window = ReferenceWindow(node);
  if (window == nullptr || node.inputs.size() < 2 || node.outputs.size() != 1) return false;
  const int input = node.inputs[0], output = node.outputs[0];
  if (input < 0 || output < 0 || input == output) return false;
  if (std::count(node.inputs.begin(), node.inputs.end(), input) != 1) return false;
  const size_t in_index = static_cast<size_t>(input), out_index = static_cast<size_t>(output);
  const size_t root = static_cast<size_t>(shares[in_index]);
  if (tensor_buffer[in_index] < 0 || tensor_buffer[out_index] < 0 ||
      shares[out_index] != output || last[root] != static_cast<int>(step) ||
      first[out_index] != static_cast<int>(step)) {
    return false;
  }
  const Tensor& in = graph.tensors[in_index];
  const Tensor& out = graph.tensors[out_index];
  if (in.is_variable || out.is_variable || graph.tensors[root].is_variable ||
      in.type != out.type || !InPlaceType(in.type) || in.rank() != 4 || out.rank() != 4 ||
      in.dim(0) != out.dim(0) || window->out_h != out.dim(1) || window->out_w != out.dim(2)) {
    return false;
  }
  const int32_t element = static_cast<int32_t>(DataTypeSize(in.type));
  RasterWindow raster;
  raster.batches = in.dim(0);
  raster.in_h = in.dim(1);
  raster.in_w = in.dim(2);
  raster.in_pixel_bytes = in.dim(3) * element;
  raster.out_h = out.dim(1);
  raster.out_w = out.dim(2);
  raster.out_pixel_bytes = out.dim(3) * element;
  raster.stride_h = window->stride_h;
  raster.stride_w = window->stride_w;
  raster.pad_top = window->pad_top;
  raster.pad_left = window->pad_left;
  if (static_cast<size_t>(ElementCount(in.shape)) * element != in.bytes ||
      static_cast<size_t>(ElementCount(out.shape)) * element != out.bytes ||
      graph.tensors[root].bytes != in.bytes || in.bytes == 0 || out.bytes == 0) {
    return false;
  }
  if (link != nullptr) {
    *link = {static_cast<size_t>(tensor_buffer[out_index]),
             static_cast<size_t>(tensor_buffer[in_index]), MinInPlaceDistance(raster)};
  }
  return true;
}

}  // namespace

std::vector<InPlaceLink> FindInPlaceLinks(const Graph& graph, const int* first,
                                          const int* last, const int* shares,
                                          const std::vector<int>& tensor_buffer) {
  // Counted first, then filled: the exact size, and no growth code.
  size_t count = 0;
  for (size_t step = 0; step < graph.nodes.size(); ++step) {
    count += LinkOf(graph, step, first, last, shares, tensor_buffer, nullptr) ? 1 : 0;
  }
  std::vector<InPlaceLink> links(count);
  size_t k = 0;
  for (size_t step = 0; step < graph.nodes.size() && k < count; ++step) {
    k += LinkOf(graph, step, first, last, shares, tensor_buffer, &links[k]) ? 1 : 0;
  }
  return links;
}

void LinkInPlaceExecution() { LinkPiecePlacement(); }

}  // namespace internal
}  // namespace brasa
