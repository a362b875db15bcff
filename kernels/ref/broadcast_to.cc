// BROADCAST_TO: the input broadcast (NumPy rules, right-aligned; each input
// axis equal to the target's or 1) to `shape`, an int32/int64 constant
// vector; a raw move of any 1/2/4/8-byte element type, as in LiteRT's
// broadcast_to.cc.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

struct BroadcastToData {
  int32_t rank = 0;
  int32_t count[kMaxMoveRank];
  int64_t steps[kMaxMoveRank];  // 0 along broadcast axes
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& input = *context.input(0);
  const Tensor& target = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, target, "shape"));
  if (target.rank() != 1 || target.dim(0) > kMaxMoveRank || target.dim(0) < input.rank()) {
    return context.Error("shape %s must be a vector of %d to %d entries",
                         ShapeToString(target.shape).c_str(), input.rank(), kMaxMoveRank);
  }
  BroadcastToData* data = context.NewOpData<BroadcastToData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  const int rank = target.dim(0);
  const int lead = rank - input.rank();
  int64_t strides[kMaxMoveRank];
  RowMajorStrides(input.shape, strides);
  data->rank = rank;
  Shape shape(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) {
    const int64_t size = IndexAt(target, d);
    const int32_t from = d < lead ? 1 : input.dim(d - lead);
    if (size < 0 || size > INT32_MAX || (from != size && from != 1)) {
      return context.Error("input %s cannot be broadcast to axis %d of size %lld",
                           ShapeToString(input.shape).c_str(), d, static_cast<long long>(size));
    }
    data->count[d] = static_cast<int32_t>(size);
    data->steps[d] = (d < lead || from == 1) ? 0 : strides[d - lead];
    shape[static_cast<size_t>(d)] = static_cast<int32_t>(size);
  }
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const BroadcastToData& d = *context.op_data<BroadcastToData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  if (output.element_count() == 0) return Status::Ok();
  WithCarrier(input.type, [&](auto carrier) {
    using T = decltype(carrier);
    StridedCopy(d.rank, d.count, d.steps, input.data_as<T>(), output.data_as<T>());
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_BROADCAST_TO() {
  static const OpKernel kernel = {"BROADCAST_TO", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
