// GATHER_ND: each row of `indices` (its last axis, of length k <= rank of
// params) addresses a slice params[i0, ..., ik-1, ...]; the output is those
// slices in order, shape indices[:-1] + params[k:]. Indices are int16/int32/
// int64; a coordinate outside its axis is bad input and an error at Eval.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

constexpr int kParams = 0;
constexpr int kIndices = 1;

struct GatherNdData {
  int32_t depth = 0;      // k: coordinates per index row
  int64_t rows = 1;       // index rows
  int64_t slice = 1;      // elements per slice
  int32_t dims[kMaxMoveRank];
  int64_t strides[kMaxMoveRank];  // of params, in elements
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& params = *context.input(kParams);
  const Tensor& indices = *context.input(kIndices);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, params, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, params.type));
  BRASA_RETURN_IF_ERROR(CheckRank(context, params, "params"));
  if (!IsIndexType(indices.type) && indices.type != DataType::kInt16) {
    return context.Error("indices must be int16, int32 or int64, got %s",
                         DataTypeName(indices.type));
  }
  if (params.rank() < 1 || indices.rank() < 1) {
    return context.Error("params and indices must have rank >= 1, have %d and %d", params.rank(),
                         indices.rank());
  }
  const int depth = indices.dim(indices.rank() - 1);
  if (depth > params.rank()) {
    return context.Error("index rows have %d coordinates, params has rank %d", depth,
                         params.rank());
  }
  GatherNdData* data = context.NewOpData<GatherNdData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->depth = depth;
  RowMajorStrides(params.shape, data->strides);
  Shape shape;
  for (int d = 0; d + 1 < indices.rank(); ++d) {
    data->rows *= indices.dim(d);
    shape.push_back(indices.dim(d));
  }
  for (int d = 0; d < params.rank(); ++d) {
    data->dims[d] = params.dim(d);
    if (d >= depth) {
      data->slice *= params.dim(d);
      shape.push_back(params.dim(d));
    }
  }
  return context.ResizeOutput(0, shape);
}

template <typename Index>
Status GatherRows(const KernelContext& context, const GatherNdData& d, const Index* indices,
                  const uint8_t* params, uint8_t* output, size_t element) {
  const size_t slice = static_cast<size_t>(d.slice) * element;
  for (int64_t r = 0; r < d.rows; ++r) {
    int64_t offset = 0;
    for (int j = 0; j < d.depth; ++j) {
      const int64_t coordinate = indices[r * d.depth + j];
      if (coordinate < 0 || coordinate >= d.dims[j]) {
        return context.Error("index row %lld: coordinate %lld is outside axis %d of size %d",
                             static_cast<long long>(r), static_cast<long long>(coordinate), j,
                             d.dims[j]);
      }
      offset += coordinate * d.strides[j];
    }
    if (slice > 0) std::memcpy(output, params + static_cast<size_t>(offset) * element, slice);
    output += slice;
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const GatherNdData& d = *context.op_data<GatherNdData>();
  const Tensor& params = *context.input(kParams);
  const Tensor& indices = *context.input(kIndices);
  const uint8_t* source = static_cast<const uint8_t*>(params.data);
  uint8_t* output = context.output(0)->data_as<uint8_t>();
  const size_t element = DataTypeSize(params.type);
  switch (indices.type) {
    case DataType::kInt16:
      return GatherRows(context, d, indices.data_as<int16_t>(), source, output, element);
    case DataType::kInt32:
      return GatherRows(context, d, indices.data_as<int32_t>(), source, output, element);
    default:
      return GatherRows(context, d, indices.data_as<int64_t>(), source, output, element);
  }
}

}  // namespace

const OpKernel* Register_GATHER_ND() {
  static const OpKernel kernel = {"GATHER_ND", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
