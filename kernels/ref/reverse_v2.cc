// REVERSE_V2: reverses the input along the axes listed in `axis` (int32/int64
// vector; negative axes count from the end; a repeated axis is reversed
// once), a raw move of any 1/2/4/8-byte element type. The axes do not change
// the output shape, so they may be a runtime input: Eval reads them.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

struct ReverseData {
  int32_t rank = 0;
  int32_t count[kMaxMoveRank];
  int64_t strides[kMaxMoveRank];
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& input = *context.input(0);
  const Tensor& axes = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  BRASA_RETURN_IF_ERROR(CheckRank(context, input, "input"));
  if (!IsIndexType(axes.type) || axes.rank() != 1) {
    return context.Error("axis must be an int32 or int64 vector, got %s%s",
                         DataTypeName(axes.type), ShapeToString(axes.shape).c_str());
  }
  ReverseData* data = context.NewOpData<ReverseData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->rank = input.rank();
  for (int d = 0; d < input.rank(); ++d) data->count[d] = input.dim(d);
  RowMajorStrides(input.shape, data->strides);
  return context.ResizeOutput(0, input.shape);
}

Status Eval(KernelContext& context) {
  const ReverseData& d = *context.op_data<ReverseData>();
  const Tensor& input = *context.input(0);
  const Tensor& axes = *context.input(1);
  Tensor& output = *context.output(0);
  bool reversed[kMaxMoveRank] = {};
  for (int i = 0; i < axes.dim(0); ++i) {
    const int64_t value = IndexAt(axes, i);
    const int64_t axis = value < 0 ? value + d.rank : value;
    if (axis < 0 || axis >= d.rank) {
      return context.Error("axis %lld is out of range for rank %d", static_cast<long long>(value),
                           d.rank);
    }
    reversed[axis] = true;
  }
  if (output.element_count() == 0) return Status::Ok();
  int64_t first = 0;
  int64_t steps[kMaxMoveRank];
  for (int a = 0; a < d.rank; ++a) {
    steps[a] = reversed[a] ? -d.strides[a] : d.strides[a];
    if (reversed[a]) first += (d.count[a] - 1) * d.strides[a];
  }
  WithCarrier(input.type, [&](auto carrier) {
    using T = decltype(carrier);
    StridedCopy(d.rank, d.count, steps, input.data_as<T>() + first, output.data_as<T>());
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_REVERSE_V2() {
  static const OpKernel kernel = {"REVERSE_V2", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
