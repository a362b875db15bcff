// GATHER: picks slices of `params` along `axis` at the positions in
// `indices` (int16/int32/int64), a raw move of any 1/2/4/8-byte element
// type. Output shape params[:axis] + indices[batch_dims:] + params[axis+1:]
// (LiteRT's gather.cc); with batch_dims, the leading batch_dims axes of
// params and indices are paired. A position outside [0, params.dim(axis))
// is bad input: Eval returns an error, as LiteRT does.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kParams = 0;
constexpr int kIndices = 1;

struct GatherData {
  int64_t batches = 1;      // product of the batch_dims leading axes
  int64_t outer = 1;        // product of params axes in [batch_dims, axis)
  int64_t axis_size = 0;
  int64_t inner = 1;        // product of params axes after axis (elements per slice)
  int64_t coordinates = 1;  // indices per batch
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& params = *context.input(kParams);
  const Tensor& indices = *context.input(kIndices);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, params, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, params.type));
  if (!IsIndexType(indices.type) && indices.type != DataType::kInt16) {
    return context.Error("indices must be int16, int32 or int64, got %s",
                         DataTypeName(indices.type));
  }
  const GatherParams options =
      context.raw_params() != nullptr ? context.params<GatherParams>() : GatherParams();
  const int rank = params.rank();
  const int axis = options.axis < 0 ? options.axis + rank : options.axis;
  if (axis < 0 || axis >= rank) {
    return context.Error("axis %d is out of range for params of rank %d", options.axis, rank);
  }
  const int batch_dims =
      options.batch_dims < 0 ? options.batch_dims + indices.rank() : options.batch_dims;
  if (batch_dims < 0 || batch_dims > axis || batch_dims > indices.rank()) {
    return context.Error("batch_dims %d is invalid for axis %d and indices of rank %d",
                         options.batch_dims, axis, indices.rank());
  }
  GatherData* data = context.NewOpData<GatherData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  Shape shape;
  for (int d = 0; d < axis; ++d) {
    if (d < batch_dims) {
      if (params.dim(d) != indices.dim(d)) {
        return context.Error("batch axis %d: params has %d, indices has %d", d, params.dim(d),
                             indices.dim(d));
      }
      data->batches *= params.dim(d);
    } else {
      data->outer *= params.dim(d);
    }
    shape.push_back(params.dim(d));
  }
  for (int d = batch_dims; d < indices.rank(); ++d) {
    data->coordinates *= indices.dim(d);
    shape.push_back(indices.dim(d));
  }
  for (int d = axis + 1; d < rank; ++d) {
    data->inner *= params.dim(d);
    shape.push_back(params.dim(d));
  }
  data->axis_size = params.dim(axis);
  return context.ResizeOutput(0, shape);
}

template <typename Index>
Status GatherSlices(const KernelContext& context, const GatherData& d, const Index* indices,
                    const uint8_t* params, uint8_t* output, size_t element) {
  const size_t slice = static_cast<size_t>(d.inner) * element;
  for (int64_t b = 0; b < d.batches; ++b) {
    for (int64_t o = 0; o < d.outer; ++o) {
      const uint8_t* source = params + static_cast<size_t>((b * d.outer + o) * d.axis_size) * slice;
      for (int64_t c = 0; c < d.coordinates; ++c) {
        const int64_t position = indices[b * d.coordinates + c];
        if (position < 0 || position >= d.axis_size) {
          return context.Error("index %lld is out of range [0, %lld)",
                               static_cast<long long>(position),
                               static_cast<long long>(d.axis_size));
        }
        if (slice > 0) std::memcpy(output, source + static_cast<size_t>(position) * slice, slice);
        output += slice;
      }
    }
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const GatherData& d = *context.op_data<GatherData>();
  const Tensor& params = *context.input(kParams);
  const Tensor& indices = *context.input(kIndices);
  const uint8_t* source = static_cast<const uint8_t*>(params.data);
  uint8_t* output = context.output(0)->data_as<uint8_t>();
  const size_t element = DataTypeSize(params.type);
  switch (indices.type) {
    case DataType::kInt16:
      return GatherSlices(context, d, indices.data_as<int16_t>(), source, output, element);
    case DataType::kInt32:
      return GatherSlices(context, d, indices.data_as<int32_t>(), source, output, element);
    default:
      return GatherSlices(context, d, indices.data_as<int64_t>(), source, output, element);
  }
}

}  // namespace

const OpKernel* Register_GATHER() {
  static const OpKernel kernel = {"GATHER", Prepare, Eval, internal::ParseGatherOptions};
  return &kernel;
}

}  // namespace brasa
