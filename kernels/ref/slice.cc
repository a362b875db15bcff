// SLICE: the box input[begin : begin + size] (size -1: to the end of the
// axis), a raw move of any 1/2/4/8-byte element type. As in LiteRT's
// slice.cc, begin and size are int32 or int64 vectors with one entry per
// input axis, and a box that leaves the input is an error.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kBegin = 1;
constexpr int kSize = 2;

struct SliceData {
  int32_t rank = 0;
  int32_t count[kMaxMoveRank];
  int64_t steps[kMaxMoveRank];
  int64_t first = 0;
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, 1));
  const Tensor& input = *context.input(kInput);
  const Tensor& begin = *context.input(kBegin);
  const Tensor& size = *context.input(kSize);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  BRASA_RETURN_IF_ERROR(CheckRank(context, input, "input"));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, begin, "begin"));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, size, "size"));
  const int rank = input.rank();
  if (begin.rank() != 1 || begin.dim(0) != rank || size.rank() != 1 || size.dim(0) != rank) {
    return context.Error("begin %s and size %s must both have shape [%d]",
                         ShapeToString(begin.shape).c_str(), ShapeToString(size.shape).c_str(),
                         rank);
  }
  SliceData* data = context.NewOpData<SliceData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->rank = rank;
  RowMajorStrides(input.shape, data->steps);
  Shape shape(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) {
    const int64_t start = IndexAt(begin, d);
    int64_t count = IndexAt(size, d);
    if (start < 0 || start > input.dim(d)) {
      return context.Error("begin %lld is outside axis %d of size %d",
                           static_cast<long long>(start), d, input.dim(d));
    }
    if (count == -1) count = input.dim(d) - start;
    if (count < 0 || start + count > input.dim(d)) {
      return context.Error("size %lld from begin %lld leaves axis %d of size %d",
                           static_cast<long long>(IndexAt(size, d)),
                           static_cast<long long>(start), d, input.dim(d));
    }
    data->first += start * data->steps[d];
    data->count[d] = static_cast<int32_t>(count);
    shape[static_cast<size_t>(d)] = static_cast<int32_t>(count);
  }
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const SliceData& d = *context.op_data<SliceData>();
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(0);
  if (output.element_count() == 0) return Status::Ok();
  WithCarrier(input.type, [&](auto carrier) {
    using T = decltype(carrier);
    StridedCopy(d.rank, d.count, d.steps, input.data_as<T>() + d.first, output.data_as<T>());
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SLICE() {
  static const OpKernel kernel = {"SLICE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
