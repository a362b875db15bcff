// TILE: repeats the input multiples[d] times along each axis d (multiples: an
// int32/int64 constant, one non-negative entry per axis), a raw move of any
// 1/2/4/8-byte element type. Output axis d, of size multiples[d] * dim(d), is
// walked as two axes (repeat, position) whose input steps are (0, stride).
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

struct TileData {
  int32_t rank = 0;  // of the two-axes-per-axis walk
  int32_t count[kMaxCopyRank];
  int64_t steps[kMaxCopyRank];
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& input = *context.input(0);
  const Tensor& multiples = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  BRASA_RETURN_IF_ERROR(CheckRank(context, input, "input"));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, multiples, "multiples"));
  const int rank = input.rank();
  if (multiples.rank() != 1 || multiples.dim(0) != rank) {
    return context.Error("multiples has shape %s, expected [%d]",
                         ShapeToString(multiples.shape).c_str(), rank);
  }
  TileData* data = context.NewOpData<TileData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  int64_t strides[kMaxMoveRank];
  RowMajorStrides(input.shape, strides);
  data->rank = 2 * rank;
  Shape shape(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) {
    const int64_t repeat = IndexAt(multiples, d);
    const int64_t size = repeat * input.dim(d);
    if (repeat < 0 || size > INT32_MAX) {
      return context.Error("multiple %lld of axis %d is invalid", static_cast<long long>(repeat),
                           d);
    }
    data->count[2 * d] = static_cast<int32_t>(repeat);
    data->steps[2 * d] = 0;
    data->count[2 * d + 1] = input.dim(d);
    data->steps[2 * d + 1] = strides[d];
    shape[static_cast<size_t>(d)] = static_cast<int32_t>(size);
  }
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const TileData& d = *context.op_data<TileData>();
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

const OpKernel* Register_TILE() {
  static const OpKernel kernel = {"TILE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
