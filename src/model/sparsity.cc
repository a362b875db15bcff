#include "src/model/sparsity.h"

#include <vector>

#include "src/core/checked_math.h"

namespace brasa {
namespace internal {
namespace {

// The values of one SparseIndexVector union as int32 (uint8/uint16 widen);
// false when the union is absent or holds no vector.
bool ReadIndexVector(tflite::SparseIndexVector type, const void* table,
                     std::vector<int32_t>* out) {
  out->clear();
  if (table == nullptr) return false;
  switch (type) {
    case tflite::SparseIndexVector::Int32Vector: {
      const auto* values = static_cast<const tflite::Int32Vector*>(table)->values();
      if (values == nullptr) return false;
      out->assign(values->begin(), values->end());
      return true;
    }
    case tflite::SparseIndexVector::Uint16Vector: {
      const auto* values = static_cast<const tflite::Uint16Vector*>(table)->values();
      if (values == nullptr) return false;
      out->assign(values->begin(), values->end());
      return true;
    }
    case tflite::SparseIndexVector::Uint8Vector: {
      const auto* values = static_cast<const tflite::Uint8Vector*>(table)->values();
      if (values == nullptr) return false;
      out->assign(values->begin(), values->end());
      return true;
    }
    default: return false;
  }
}

// Checks one compressed level: `positions` parents, entries in [0, size).
Status CheckCompressedLevel(const SparseLevel& level, int64_t positions, int32_t size,
                            const std::string& where) {
  if (static_cast<int64_t>(level.segments.size()) != positions + 1) {
    return InvalidModelError(where + " has " + std::to_string(level.segments.size()) +
                             " segment bounds, needs " + std::to_string(positions + 1));
  }
  if (level.segments.front() != 0 ||
      level.segments.back() != static_cast<int64_t>(level.indices.size())) {
    return InvalidModelError(where + " segments must run from 0 to its " +
                             std::to_string(level.indices.size()) + " indices");
  }
  for (int64_t p = 0; p < positions; ++p) {
    const int32_t begin = level.segments[static_cast<size_t>(p)];
    const int32_t end = level.segments[static_cast<size_t>(p + 1)];
    if (end < begin) {
      return InvalidModelError(where + " segments decrease at position " + std::to_string(p));
    }
    for (int32_t e = begin; e < end; ++e) {
      const int32_t index = level.indices[static_cast<size_t>(e)];
      if (index < 0 || index >= size) {
        return InvalidModelError(where + " index " + std::to_string(index) +
                                 " is out of range [0, " + std::to_string(size) + ")");
      }
      if (e > begin && index <= level.indices[static_cast<size_t>(e - 1)]) {
        return InvalidModelError(where + " indices are not increasing in segment " +
                                 std::to_string(p));
      }
    }
  }
  return Status::Ok();
}

// Sizes of the n + k traversal dimensions (dense dimensions divided by their
// block size, then the block sizes), or an error.
Status ExpandedSizes(const Shape& shape, const Sparsity& s, const std::string& label,
                     std::vector<int32_t>* sizes) {
  const size_t rank = shape.size();
  sizes->assign(shape.begin(), shape.end());
  sizes->resize(rank + s.block_map.size(), 0);
  for (size_t l = 0; l < s.levels.size(); ++l) {
    const size_t dim = static_cast<size_t>(s.traversal_order[l]);
    if (dim < rank) continue;
    const SparseLevel& level = s.levels[l];
    const int32_t original = s.block_map[dim - rank];
    if (level.compressed || level.dense_size <= 0 ||
        shape[static_cast<size_t>(original)] % level.dense_size != 0) {
      return InvalidModelError(label + ": sparsity block " + std::to_string(dim - rank) +
                               " must be a dense level whose size divides dimension " +
                               std::to_string(original) + " (" +
                               std::to_string(shape[static_cast<size_t>(original)]) + ")");
    }
    (*sizes)[dim] = level.dense_size;
    (*sizes)[static_cast<size_t>(original)] = shape[static_cast<size_t>(original)] /
                                              level.dense_size;
  }
  return Status::Ok();
}

Status CheckOrder(const Shape& shape, const Sparsity& s, const std::string& label) {
  const size_t rank = shape.size();
  const size_t levels = rank + s.block_map.size();
  if (s.block_map.size() > rank) {
    return InvalidModelError(label + ": sparsity has " + std::to_string(s.block_map.size()) +
                             " blocked dimensions for rank " + std::to_string(rank));
  }
  std::vector<bool> seen(rank, false);
  for (int32_t dim : s.block_map) {
    if (dim < 0 || static_cast<size_t>(dim) >= rank || seen[static_cast<size_t>(dim)]) {
      return InvalidModelError(label + ": sparsity block_map entry " + std::to_string(dim) +
                               " is out of range or repeated (rank " +
                               std::to_string(rank) + ")");
    }
    seen[static_cast<size_t>(dim)] = true;
  }
  if (s.traversal_order.size() != levels || s.levels.size() != levels) {
    return InvalidModelError(label + ": sparsity needs " + std::to_string(levels) +
                             " traversal_order entries and dim_metadata, has " +
                             std::to_string(s.traversal_order.size()) + " and " +
                             std::to_string(s.levels.size()));
  }
  std::vector<bool> used(levels, false);
  for (int32_t dim : s.traversal_order) {
    if (dim < 0 || static_cast<size_t>(dim) >= levels || used[static_cast<size_t>(dim)]) {
      return InvalidModelError(label + ": sparsity traversal_order is not a permutation of 0.." +
                               std::to_string(levels - 1));
    }
    used[static_cast<size_t>(dim)] = true;
  }
  return Status::Ok();
}

}  // namespace

Status ReadSparsity(const tflite::Tensor& tensor, const std::string& label,
                    uint64_t stored_bytes, Sparsity* out) {
  const tflite::SparsityParameters& source = *tensor.sparsity();
  Shape shape;
  if (tensor.shape() != nullptr) shape.assign(tensor.shape()->begin(), tensor.shape()->end());
  *out = Sparsity();
  if (source.traversal_order() != nullptr) {
    out->traversal_order.assign(source.traversal_order()->begin(),
                                source.traversal_order()->end());
  }
  if (source.block_map() != nullptr) {
    out->block_map.assign(source.block_map()->begin(), source.block_map()->end());
  }
  if (source.dim_metadata() != nullptr) {
    for (const tflite::DimensionMetadata* metadata : *source.dim_metadata()) {
      SparseLevel level;
      level.compressed = metadata->format() == tflite::DimensionType::SPARSE_CSR;
      level.dense_size = metadata->dense_size();
      if (level.compressed &&
          (!ReadIndexVector(metadata->array_segments_type(), metadata->array_segments(),
                            &level.segments) ||
           !ReadIndexVector(metadata->array_indices_type(), metadata->array_indices(),
                            &level.indices) ||
           level.segments.empty())) {
        return InvalidModelError(label + ": sparsity level " +
                                 std::to_string(out->levels.size()) +
                                 " is SPARSE_CSR but lacks its segments or indices");
      }
      out->levels.push_back(std::move(level));
    }
  }
  BRASA_RETURN_IF_ERROR(CheckOrder(shape, *out, label));
  std::vector<int32_t> sizes;
  BRASA_RETURN_IF_ERROR(ExpandedSizes(shape, *out, label, &sizes));
  // Walk the levels, counting positions: a dense level multiplies them, a
  // compressed one has as many as it stores. Bounded by the dense count.
  uint64_t dense_count = 0;
  if (!CheckedElementCount(shape, &dense_count)) {
    return InvalidModelError(label + ": shape " + ShapeToString(shape) + " is too large");
  }
  int64_t positions = 1;
  for (size_t l = 0; l < out->levels.size(); ++l) {
    const SparseLevel& level = out->levels[l];
    const int32_t size = sizes[static_cast<size_t>(out->traversal_order[l])];
    const std::string where = label + ": sparsity level " + std::to_string(l);
    if (level.compressed) {
      BRASA_RETURN_IF_ERROR(CheckCompressedLevel(level, positions, size, where));
      positions = static_cast<int64_t>(level.indices.size());
    } else {
      if (level.dense_size != size) {
        return InvalidModelError(where + " is dense with size " +
                                 std::to_string(level.dense_size) + ", the dimension has " +
                                 std::to_string(size));
      }
      uint64_t next = 0;
      if (!CheckedMultiply(static_cast<uint64_t>(positions), static_cast<uint64_t>(size),
                           dense_count, &next)) {
        return InvalidModelError(where + " describes more values than the dense shape holds");
      }
      positions = static_cast<int64_t>(next);
    }
  }
  const size_t element_size = DataTypeSize(static_cast<DataType>(tensor.type()));
  uint64_t needed = 0;
  if (element_size == 0 ||
      !CheckedMultiply(static_cast<uint64_t>(positions), element_size, kMaxTensorBytes,
                       &needed)) {
    return UnsupportedError(label + ": sparse constant of type " +
                            tflite::EnumNameTensorType(tensor.type()) + " is not supported");
  }
  if (stored_bytes != needed) {
    return InvalidModelError(label + ": sparsity describes " + std::to_string(positions) +
                             " stored values (" + std::to_string(needed) +
                             " bytes), the buffer holds " + std::to_string(stored_bytes) +
                             " bytes");
  }
  out->stored_values = positions;
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
