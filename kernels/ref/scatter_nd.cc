// SCATTER_ND: a zero tensor of shape `shape` (an int32 constant) into which
// each slice of `updates` is added at the position an int32 row of `indices`
// addresses; duplicate positions accumulate. As in LiteRT's scatter_nd.cc
// the sum is on raw values (int8/uint8 wrap; bool: logical or) and types are
// float32, int8, uint8, int32, int64, bool. A row outside the output is bad
// input and an error at Eval.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

constexpr int kIndices = 0;
constexpr int kUpdates = 1;
constexpr int kShape = 2;

struct ScatterNdData {
  int32_t depth = 0;  // coordinates per index row
  int64_t rows = 1;
  int64_t slice = 1;  // elements per update slice
  int32_t dims[kMaxMoveRank];
  int64_t strides[kMaxMoveRank];  // of the output, in elements
};

Status CheckUpdateShape(const KernelContext& context, const Tensor& indices,
                        const Tensor& updates, const Shape& shape) {
  const int outer = indices.rank() - 1;
  const int depth = indices.dim(outer);
  bool ok = depth <= static_cast<int>(shape.size()) &&
            updates.rank() - outer == static_cast<int>(shape.size()) - depth;
  for (int d = 0; ok && d < updates.rank(); ++d) {
    ok = d < outer ? updates.dim(d) == indices.dim(d)
                   : updates.dim(d) == shape[static_cast<size_t>(depth + d - outer)];
  }
  if (!ok) {
    return context.Error("updates %s do not match indices %s and shape %s",
                         ShapeToString(updates.shape).c_str(),
                         ShapeToString(indices.shape).c_str(), ShapeToString(shape).c_str());
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, 1));
  const Tensor& indices = *context.input(kIndices);
  const Tensor& updates = *context.input(kUpdates);
  const Tensor& shape_tensor = *context.input(kShape);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, updates, *context.output(0)));
  const DataType type = updates.type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt32 && type != DataType::kInt64 && type != DataType::kBool) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "updates of type %s are not supported",
                                 DataTypeName(type));
  }
  if (indices.type != DataType::kInt32 || shape_tensor.type != DataType::kInt32) {
    return context.Error("indices and shape must be int32, got %s and %s",
                         DataTypeName(indices.type), DataTypeName(shape_tensor.type));
  }
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, shape_tensor, "shape"));
  if (indices.rank() < 1 || updates.rank() < 1 || shape_tensor.rank() != 1 ||
      shape_tensor.dim(0) > kMaxMoveRank) {
    return context.Error("indices %s, updates %s or shape %s has an invalid rank",
                         ShapeToString(indices.shape).c_str(),
                         ShapeToString(updates.shape).c_str(),
                         ShapeToString(shape_tensor.shape).c_str());
  }
  Shape shape(static_cast<size_t>(shape_tensor.dim(0)));
  for (int d = 0; d < shape_tensor.dim(0); ++d) {
    const int32_t size = shape_tensor.data_as<int32_t>()[d];
    if (size < 0) return context.Error("shape entry %d (%d) is negative", d, size);
    shape[static_cast<size_t>(d)] = size;
  }
  BRASA_RETURN_IF_ERROR(CheckUpdateShape(context, indices, updates, shape));
  ScatterNdData* data = context.NewOpData<ScatterNdData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->depth = indices.dim(indices.rank() - 1);
  for (int d = 0; d + 1 < indices.rank(); ++d) data->rows *= indices.dim(d);
  for (size_t d = 0; d < shape.size(); ++d) {
    data->dims[d] = shape[d];
    if (static_cast<int>(d) >= data->depth) data->slice *= shape[d];
  }
  RowMajorStrides(shape, data->strides);
  return context.ResizeOutput(0, shape);
}

template <typename T>
T Accumulate(T a, T b) {
  return static_cast<T>(a + b);
}
template <>
bool Accumulate(bool a, bool b) {
  return a || b;
}

template <typename T>
Status Scatter(const KernelContext& context, const ScatterNdData& d, const int32_t* indices,
               const T* updates, T* output) {
  for (int64_t r = 0; r < d.rows; ++r) {
    int64_t offset = 0;
    for (int j = 0; j < d.depth; ++j) {
      const int32_t coordinate = indices[r * d.depth + j];
      if (coordinate < 0 || coordinate >= d.dims[j]) {
        return context.Error("index row %lld: coordinate %d is outside axis %d of size %d",
                             static_cast<long long>(r), coordinate, j, d.dims[j]);
      }
      offset += coordinate * d.strides[j];
    }
    const T* source = updates + r * d.slice;
    for (int64_t k = 0; k < d.slice; ++k) {
      output[offset + k] = Accumulate(output[offset + k], source[k]);
    }
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const ScatterNdData& d = *context.op_data<ScatterNdData>();
  const int32_t* indices = context.input(kIndices)->data_as<int32_t>();
  const Tensor& updates = *context.input(kUpdates);
  Tensor& output = *context.output(0);
  if (output.bytes > 0) std::memset(output.data, 0, output.bytes);
  switch (updates.type) {
    case DataType::kFloat32:
      return Scatter(context, d, indices, updates.data_as<float>(), output.data_as<float>());
    case DataType::kInt8:
      return Scatter(context, d, indices, updates.data_as<int8_t>(), output.data_as<int8_t>());
    case DataType::kUInt8:
      return Scatter(context, d, indices, updates.data_as<uint8_t>(), output.data_as<uint8_t>());
    case DataType::kInt32:
      return Scatter(context, d, indices, updates.data_as<int32_t>(), output.data_as<int32_t>());
    case DataType::kInt64:
      return Scatter(context, d, indices, updates.data_as<int64_t>(), output.data_as<int64_t>());
    default:
      return Scatter(context, d, indices, updates.data_as<bool>(), output.data_as<bool>());
  }
}

}  // namespace

const OpKernel* Register_SCATTER_ND() {
  static const OpKernel kernel = {"SCATTER_ND", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
