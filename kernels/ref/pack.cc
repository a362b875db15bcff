// PACK stacks N same-shape tensors along a new axis; UNPACK splits one tensor
// along an axis into its N slices (the axis disappears). Raw moves of any
// 1/2/4/8-byte element type, as in LiteRT's pack.cc and unpack.cc; quantized
// values pass through unchanged, so every tensor must share one scale and
// zero point.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// Blocks of `inner` elements: the packed tensor holds, for each of `outer`
// positions, one block of each of the N unpacked tensors in turn.
struct PackData {
  int64_t outer = 1;
  int64_t inner = 1;
};

PackParams ParamsOf(const KernelContext& context) {
  return context.raw_params() != nullptr ? context.params<PackParams>() : PackParams();
}

// The unpacked shape `slice`, the count N and the packed rank's axis.
Status PrepareLayout(KernelContext& context, const Tensor& packed_like, const Shape& slice,
                     int axis, PackData** data) {
  *data = context.NewOpData<PackData>();
  if (*data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  for (int d = 0; d < static_cast<int>(slice.size()); ++d) {
    if (d < axis) (*data)->outer *= slice[static_cast<size_t>(d)];
    if (d >= axis) (*data)->inner *= slice[static_cast<size_t>(d)];
  }
  return CheckMovableType(context, packed_like.type);
}

Status PreparePack(KernelContext& context) {
  const int count = ParamsOf(context).count;
  if (count < 1 || context.num_inputs() != count) {
    return context.Error("values_count is %d, the node has %d inputs", count,
                         context.num_inputs());
  }
  BRASA_RETURN_IF_ERROR(CheckArity(context, count, 1));
  const Tensor& first = *context.input(0);
  const Tensor& output = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, first, output));
  const int rank = first.rank();
  const int axis_option = ParamsOf(context).axis;
  const int axis = axis_option < 0 ? axis_option + rank + 1 : axis_option;
  if (axis < 0 || axis > rank) {
    return context.Error("axis %d is out of range for inputs of rank %d", axis_option, rank);
  }
  for (int i = 0; i < count; ++i) {
    const Tensor& input = *context.input(i);
    if (input.type != first.type || input.shape != first.shape) {
      return context.Error("input %d is %s%s, input 0 is %s%s", i, DataTypeName(input.type),
                           ShapeToString(input.shape).c_str(), DataTypeName(first.type),
                           ShapeToString(first.shape).c_str());
    }
    if (input.quantization.is_quantized()) {
      BRASA_RETURN_IF_ERROR(CheckSameQuantization(context, input, output));
    }
  }
  PackData* data = nullptr;
  BRASA_RETURN_IF_ERROR(PrepareLayout(context, first, first.shape, axis, &data));
  Shape shape = first.shape;
  shape.insert(shape.begin() + axis, count);
  return context.ResizeOutput(0, shape);
}

Status PrepareUnpack(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 1, context.num_outputs()));
  const Tensor& input = *context.input(0);
  const int rank = input.rank();
  const int axis_option = ParamsOf(context).axis;
  const int axis = axis_option < 0 ? axis_option + rank : axis_option;
  if (axis < 0 || axis >= rank) {
    return context.Error("axis %d is out of range for an input of rank %d", axis_option, rank);
  }
  const int count = ParamsOf(context).count;
  if (count != input.dim(axis) || context.num_outputs() != count) {
    return context.Error("num is %d, axis %d has size %d, the node has %d outputs", count, axis,
                         input.dim(axis), context.num_outputs());
  }
  Shape slice = input.shape;
  slice.erase(slice.begin() + axis);
  PackData* data = nullptr;
  BRASA_RETURN_IF_ERROR(PrepareLayout(context, input, slice, axis, &data));
  for (int o = 0; o < count; ++o) {
    const Tensor& output = *context.output(o);
    BRASA_RETURN_IF_ERROR(CheckSameType(context, input, output));
    if (input.quantization.is_quantized()) {
      BRASA_RETURN_IF_ERROR(CheckSameQuantization(context, input, output));
    }
    BRASA_RETURN_IF_ERROR(context.ResizeOutput(o, slice));
  }
  return Status::Ok();
}

Status EvalPack(KernelContext& context) {
  const PackData& d = *context.op_data<PackData>();
  const size_t block = static_cast<size_t>(d.inner) * DataTypeSize(context.input(0)->type);
  uint8_t* output = context.output(0)->data_as<uint8_t>();
  if (block == 0) return Status::Ok();
  for (int64_t o = 0; o < d.outer; ++o) {
    for (int i = 0; i < context.num_inputs(); ++i) {
      std::memcpy(output, context.input(i)->data_as<uint8_t>() + static_cast<size_t>(o) * block,
                  block);
      output += block;
    }
  }
  return Status::Ok();
}

Status EvalUnpack(KernelContext& context) {
  const PackData& d = *context.op_data<PackData>();
  const size_t block = static_cast<size_t>(d.inner) * DataTypeSize(context.input(0)->type);
  const uint8_t* input = context.input(0)->data_as<uint8_t>();
  if (block == 0) return Status::Ok();
  for (int64_t o = 0; o < d.outer; ++o) {
    for (int i = 0; i < context.num_outputs(); ++i) {
      std::memcpy(context.output(i)->data_as<uint8_t>() + static_cast<size_t>(o) * block, input,
                  block);
      input += block;
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_PACK() {
  static const OpKernel kernel = {"PACK", PreparePack, EvalPack, internal::ParsePackOptions};
  return &kernel;
}

const OpKernel* Register_UNPACK() {
  static const OpKernel kernel = {"UNPACK", PrepareUnpack, EvalUnpack,
                                  internal::ParseUnpackOptions};
  return &kernel;
}

}  // namespace brasa
