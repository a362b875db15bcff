#include "src/runtime/node_work.h"

#include <cstddef>
#include <limits>

#include "brasa/builtin_op.h"
#include "kernels/params.h"

namespace brasa {
namespace internal {
namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();

// Out of line: every case below multiplies, and each inlined copy of the
// overflow test is a 64-bit sequence on a 32-bit CPU.
__attribute__((noinline)) uint64_t SaturatingMultiply(uint64_t a, uint64_t b) {
  if (a != 0 && b > kSaturated / a) return kSaturated;
  return a * b;
}

// The node's i-th input or output shape; null when it is absent.
const Shape* ShapeAt(const Graph& graph, const CompactList<int32_t>& indices, size_t i) {
  if (i >= indices.size() || indices[i] < 0) return nullptr;
  return &graph.tensors[static_cast<size_t>(indices[i])].shape;
}

// The product of dimensions [first, last) of `shape` (1 where it has fewer).
uint64_t Dims(const Shape* shape, size_t first, size_t last) {
  uint64_t product = 1;
  for (size_t d = first; shape != nullptr && d < last && d < shape->size(); ++d) {
    product = SaturatingMultiply(product, (*shape)[d] < 0 ? 0 : static_cast<uint64_t>((*shape)[d]));
  }
  return product;
}

uint64_t Elements(const Shape* shape) {
  return shape == nullptr ? 0 : Dims(shape, 0, shape->size());
}

}  // namespace

uint64_t NodeMacs(const Graph& graph, const Node& node) {
#ifndef BRASA_BARE_METAL
  if (node.delegate != nullptr) return 0;  // the delegate's own business
#endif
  const uint64_t outputs = Elements(ShapeAt(graph, node.outputs, 0));
  const Shape* weights = ShapeAt(graph, node.inputs, 1);
  switch (static_cast<BuiltinOp>(node.builtin_code)) {
    case BuiltinOp::kConv2D:  // weights [out channels, height, width, in channels per group]
      return SaturatingMultiply(outputs, Dims(weights, 1, 4));
    case BuiltinOp::kDepthwiseConv2D:  // weights [1, height, width, out channels]
      return SaturatingMultiply(outputs, Dims(weights, 1, 3));
    case BuiltinOp::kFullyConnected:  // weights [units, depth]
      return weights == nullptr || weights->empty()
                 ? 0
                 : SaturatingMultiply(outputs, Dims(weights, weights->size() - 1, weights->size()));
    case BuiltinOp::kTransposeConv: {  // inputs: output shape, weights, activations
      const uint64_t inputs = Elements(ShapeAt(graph, node.inputs, 2));
      return SaturatingMultiply(inputs, Dims(weights, 0, 3));
    }
    case BuiltinOp::kBatchMatmul: {  // lhs [..., rows, depth], or [..., depth, rows] when adjoint
      const Shape* lhs = ShapeAt(graph, node.inputs, 0);
      if (lhs == nullptr || lhs->size() < 2 || node.params == nullptr) return 0;
      const bool adjoint = static_cast<const BatchMatMulParams*>(node.params)->adj_x;
      const size_t depth = adjoint ? lhs->size() - 2 : lhs->size() - 1;
      return SaturatingMultiply(outputs, Dims(lhs, depth, depth + 1));
    }
    case BuiltinOp::kAveragePool2D:
    case BuiltinOp::kMaxPool2D:
    case BuiltinOp::kL2Pool2D: {
      if (node.params == nullptr) return 0;
      const auto& pool = *static_cast<const PoolParams*>(node.params);
      const uint64_t window = SaturatingMultiply(pool.filter_w < 0 ? 0 : pool.filter_w,
                                                 pool.filter_h < 0 ? 0 : pool.filter_h);
      return SaturatingMultiply(outputs, window);
    }
    case BuiltinOp::kLocalResponseNormalization: {  // each output sums up to 2 * radius squares
      if (node.params == nullptr) return 0;
      const Shape* input = ShapeAt(graph, node.inputs, 0);
      const uint64_t depth =
          input == nullptr || input->empty() || input->back() < 0 ? 0 : input->back();
      const int32_t radius = static_cast<const LocalResponseNormParams*>(node.params)->radius;
      const uint64_t window = SaturatingMultiply(2, radius < 0 ? 0 : radius);
      return SaturatingMultiply(outputs, window < depth ? window : depth);
    }
    default:
      return 0;
  }
}

}  // namespace internal
}  // namespace brasa
