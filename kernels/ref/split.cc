// SPLIT and SPLIT_V: cut the input along one axis into consecutive pieces, a
// raw move of any 1/2/4/8-byte element type. SPLIT (axis, input) makes
// num_splits equal pieces; SPLIT_V (input, size_splits, axis) takes the sizes
// from a vector in which one entry may be -1 (the rest of the axis), as in
// LiteRT's split.cc and split_v.cc. The axis is a constant int32 scalar.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct SplitData {
  int64_t outer = 1;  // product of the dimensions before the axis
  int64_t inner = 1;  // product of the dimensions after the axis
  int32_t* sizes = nullptr;  // one per output, along the axis
  int32_t input_index = 0;   // SPLIT's operands are (axis, input)
};

Status ReadAxis(const KernelContext& context, const Tensor& axis_tensor, int rank, int* axis) {
  if (axis_tensor.type != DataType::kInt32 || axis_tensor.element_count() != 1) {
    return context.Error("axis must be one int32 value, got %s%s", DataTypeName(axis_tensor.type),
                         ShapeToString(axis_tensor.shape).c_str());
  }
  if (axis_tensor.allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "output shape depends on a non-constant input (axis)");
  }
  const int32_t value = axis_tensor.data_as<int32_t>()[0];
  *axis = value < 0 ? value + rank : value;
  if (*axis < 0 || *axis >= rank) {
    return context.Error("axis %d is out of range for rank %d", value, rank);
  }
  return Status::Ok();
}

// Common to both ops once the piece sizes are known: output shapes and strides.
Status Finish(KernelContext& context, const Tensor& input, int axis, SplitData* data) {
  for (int d = 0; d < input.rank(); ++d) {
    if (d < axis) data->outer *= input.dim(d);
    if (d > axis) data->inner *= input.dim(d);
  }
  for (int o = 0; o < context.num_outputs(); ++o) {
    BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(o)));
    Shape shape = input.shape;
    shape[static_cast<size_t>(axis)] = data->sizes[o];
    BRASA_RETURN_IF_ERROR(context.ResizeOutput(o, shape));
  }
  return Status::Ok();
}

SplitData* NewSplitData(KernelContext& context) {
  SplitData* data = context.NewOpData<SplitData>();
  if (data == nullptr) return nullptr;
  data->sizes = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(context.num_outputs())));
  return data->sizes == nullptr ? nullptr : data;
}

Status CheckOutputCount(const KernelContext& context) {
  const SplitParams* params = static_cast<const SplitParams*>(context.raw_params());
  const int num_splits = params == nullptr ? 0 : params->num_splits;
  if (num_splits <= 0 || context.num_outputs() != num_splits) {
    return context.Error("num_splits is %d, the node has %d outputs", num_splits,
                         context.num_outputs());
  }
  return Status::Ok();
}

Status PrepareSplit(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, context.num_outputs()));
  BRASA_RETURN_IF_ERROR(CheckOutputCount(context));
  const Tensor& input = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  int axis = 0;
  BRASA_RETURN_IF_ERROR(ReadAxis(context, *context.input(0), input.rank(), &axis));
  const int pieces = context.num_outputs();
  if (input.dim(axis) % pieces != 0) {
    return context.Error("axis %d of size %d does not split into %d equal pieces", axis,
                         input.dim(axis), pieces);
  }
  SplitData* data = NewSplitData(context);
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->input_index = 1;
  for (int o = 0; o < pieces; ++o) data->sizes[o] = input.dim(axis) / pieces;
  return Finish(context, input, axis, data);
}

Status PrepareSplitV(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, context.num_outputs()));
  BRASA_RETURN_IF_ERROR(CheckOutputCount(context));
  const Tensor& input = *context.input(0);
  const Tensor& sizes = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  int axis = 0;
  BRASA_RETURN_IF_ERROR(ReadAxis(context, *context.input(2), input.rank(), &axis));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, sizes, "size_splits"));
  const int pieces = context.num_outputs();
  if (sizes.rank() != 1 || sizes.dim(0) != pieces) {
    return context.Error("size_splits has shape %s, expected [%d]",
                         ShapeToString(sizes.shape).c_str(), pieces);
  }
  SplitData* data = NewSplitData(context);
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  int inferred = -1;
  int64_t total = 0;
  for (int o = 0; o < pieces; ++o) {
    const int64_t size = IndexAt(sizes, o);
    if (size == -1 && inferred == -1) {
      inferred = o;
      continue;
    }
    if (size < 0 || size > input.dim(axis)) {
      return context.Error("size_splits entry %d (%lld) is invalid", o,
                           static_cast<long long>(size));
    }
    data->sizes[o] = static_cast<int32_t>(size);
    total += size;
  }
  if (inferred >= 0 && total <= input.dim(axis)) {
    data->sizes[inferred] = static_cast<int32_t>(input.dim(axis) - total);
    total = input.dim(axis);
  }
  if (total != input.dim(axis)) {
    return context.Error("size_splits add up to %lld, axis %d has size %d",
                         static_cast<long long>(total), axis, input.dim(axis));
  }
  return Finish(context, input, axis, data);
}

// Each outer slice of the input is the concatenation of one block per output.
Status Eval(KernelContext& context) {
  const SplitData& d = *context.op_data<SplitData>();
  const Tensor& input = *context.input(d.input_index);
  const size_t element = DataTypeSize(input.type);
  const uint8_t* source = static_cast<const uint8_t*>(input.data);
  for (int64_t i = 0; i < d.outer; ++i) {
    for (int o = 0; o < context.num_outputs(); ++o) {
      const size_t block = static_cast<size_t>(d.sizes[o] * d.inner) * element;
      if (block == 0) continue;
      std::memcpy(context.output(o)->data_as<uint8_t>() + static_cast<size_t>(i) * block, source,
                  block);
      source += block;
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SPLIT() {
  static const OpKernel kernel = {"SPLIT", PrepareSplit, Eval, internal::ParseSplitOptions};
  return &kernel;
}

const OpKernel* Register_SPLIT_V() {
  static const OpKernel kernel = {"SPLIT_V", PrepareSplitV, Eval, internal::ParseSplitVOptions};
  return &kernel;
}

}  // namespace brasa
