#include "src/core/densify.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace brasa {
namespace {

struct DensifyWalk {
  const Sparsity& sparsity;
  std::vector<int64_t> weight;  // dense offset of one step along each traversal dimension
  std::vector<int32_t> size;    // each traversal dimension's size
  const uint8_t* values;
  size_t element_size;
  uint8_t* dense;

  // Visits the children of `position` at `level`; `offset` is the dense
  // element offset the levels above contributed.
  void Visit(size_t level, int64_t position, int64_t offset) const {
    if (level == sparsity.levels.size()) {
      std::memcpy(dense + offset * static_cast<int64_t>(element_size),
                  values + position * static_cast<int64_t>(element_size), element_size);
      return;
    }
    const SparseLevel& l = sparsity.levels[level];
    const size_t dim = static_cast<size_t>(sparsity.traversal_order[level]);
    if (!l.compressed) {
      for (int32_t i = 0; i < size[dim]; ++i) {
        Visit(level + 1, position * size[dim] + i, offset + i * weight[dim]);
      }
      return;
    }
    const int32_t end = l.segments[static_cast<size_t>(position + 1)];
    for (int32_t e = l.segments[static_cast<size_t>(position)]; e < end; ++e) {
      Visit(level + 1, e, offset + l.indices[static_cast<size_t>(e)] * weight[dim]);
    }
  }
};

}  // namespace

void DensifyValues(const Sparsity& sparsity, const Shape& shape, const void* values,
                   size_t element_size, void* dense) {
  const size_t rank = shape.size();
  std::memset(dense, 0, static_cast<size_t>(ElementCount(shape)) * element_size);
  std::vector<int64_t> stride(rank, 1);
  for (size_t d = rank; d-- > 1;) stride[d - 1] = stride[d] * shape[d];
  DensifyWalk walk{sparsity, std::vector<int64_t>(stride), std::vector<int32_t>(shape),
                   static_cast<const uint8_t*>(values), element_size,
                   static_cast<uint8_t*>(dense)};
  walk.size.resize(rank + sparsity.block_map.size());
  walk.weight.resize(rank + sparsity.block_map.size());
  // A blocked dimension's traversal coordinate counts whole blocks; the
  // block's own level moves within one block.
  for (size_t l = 0; l < sparsity.levels.size(); ++l) {
    const size_t dim = static_cast<size_t>(sparsity.traversal_order[l]);
    if (dim < rank) continue;
    const size_t original = static_cast<size_t>(sparsity.block_map[dim - rank]);
    const int32_t block = sparsity.levels[l].dense_size;
    walk.size[dim] = block;
    walk.weight[dim] = stride[original];
    walk.size[original] = shape[original] / block;
    walk.weight[original] = stride[original] * block;
  }
  walk.Visit(0, 0, 0);
}

}  // namespace brasa
