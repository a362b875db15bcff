// STRIDED_SLICE: NumPy-style input[begin:end:stride] per axis, a raw move of
// any 1/2/4/8-byte element type. Follows LiteRT's strided_slice.cc: the
// ellipsis and new-axis masks are first expanded into an "effective" input
// (rank = input rank + new axes) whose every axis has a begin, end, stride and
// begin/end/shrink mask bit; begin and end are then wrapped once if negative
// and clamped to the axis ([0, size] forward, [-1, size-1] backward). With
// `offset`, end is a size counted from begin, and begin may be a runtime
// input (only end decides the output shape).
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"
#include "kernels/ref/common/strided_slice_axes.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kBegin = 1;
constexpr int kEnd = 2;
constexpr int kStrides = 3;
constexpr int kMaxIndices = 31;  // LiteRT's limit on begin/end/strides entries

// Resolves every axis's start from `begin` and checks that it takes exactly
// the elements the output shape (fixed at Prepare) holds.
Status ResolveStarts(const KernelContext& context, const Tensor& begin, StridedSliceData* d) {
  for (int i = 0; i < d->rank; ++i) {
    const int64_t value = d->source[i] < 0 ? 0 : begin.data_as<int32_t>()[d->source[i]];
    int64_t start = 0;
    int64_t end = 0;
    AxisRange(*d, i, value, &start, &end);
    const int64_t taken = SliceStepCount(end - start, d->stride[i]);
    if (taken != d->count[i]) {
      return context.Error("axis %d: begin %lld selects %lld elements, the output holds %d", i,
                           static_cast<long long>(value), static_cast<long long>(taken),
                           d->count[i]);
    }
    d->start[i] = static_cast<int32_t>(start);
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 4, 1));
  const Tensor& input = *context.input(kInput);
  const Tensor& begin = *context.input(kBegin);
  const Tensor& end = *context.input(kEnd);
  const Tensor& strides = *context.input(kStrides);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  for (const Tensor* t : {&begin, &end, &strides}) {
    if (t->type != DataType::kInt32 || t->rank() != 1) {
      return context.Error("begin, end and strides must be 1-D int32, got %s%s",
                           DataTypeName(t->type), ShapeToString(t->shape).c_str());
    }
  }
  if (begin.dim(0) != end.dim(0) || begin.dim(0) != strides.dim(0) || begin.dim(0) > kMaxIndices) {
    return context.Error("begin, end and strides have %d, %d and %d entries", begin.dim(0),
                         end.dim(0), strides.dim(0));
  }
  const StridedSliceParams params = context.raw_params() != nullptr
                                        ? context.params<StridedSliceParams>()
                                        : StridedSliceParams();
  if (strides.allocation != Allocation::kConstant || end.allocation != Allocation::kConstant ||
      (!params.offset && begin.allocation != Allocation::kConstant)) {
    return context.ErrorWithCode(
        StatusCode::kUnsupported,
        "output shape depends on a non-constant input (begin, end or strides)");
  }
  StridedSliceData* d = context.NewOpData<StridedSliceData>();
  if (d == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  d->offset = params.offset;
  d->runtime_begin = begin.allocation != Allocation::kConstant;
  BRASA_RETURN_IF_ERROR(ExpandMasks(context, params, input, end, strides, d));
  Shape effective(d->dims, d->dims + d->rank);
  RowMajorStrides(effective, d->input_strides);

  Shape shape;
  for (int i = 0; i < d->rank; ++i) {
    if (MaskBit(d->shrink_mask, i)) {
      d->count[i] = 1;
      continue;
    }
    int64_t extent = 0;
    if (d->offset) {  // LiteRT reads end at the effective axis index here
      if (i >= end.dim(0)) return context.Error("offset slice: no end entry for axis %d", i);
      extent = end.data_as<int32_t>()[i];
    } else {
      int64_t start = 0;
      int64_t stop = 0;
      const int32_t value = d->source[i] < 0 ? 0 : begin.data_as<int32_t>()[d->source[i]];
      AxisRange(*d, i, value, &start, &stop);
      extent = stop - start;
    }
    const int64_t count = SliceStepCount(extent, d->stride[i]);
    if (count < 0 || count > INT32_MAX) return context.Error("axis %d is too large", i);
    d->count[i] = static_cast<int32_t>(count);
    shape.push_back(d->count[i]);
  }
  if (!d->runtime_begin) BRASA_RETURN_IF_ERROR(ResolveStarts(context, begin, d));
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  StridedSliceData& d = *context.op_data<StridedSliceData>();
  if (d.runtime_begin) BRASA_RETURN_IF_ERROR(ResolveStarts(context, *context.input(kBegin), &d));
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(0);
  if (output.element_count() == 0) return Status::Ok();
  int64_t first = 0;
  int64_t steps[kMaxMoveRank];
  for (int i = 0; i < d.rank; ++i) {
    first += d.start[i] * d.input_strides[i];
    steps[i] = d.input_strides[i] * d.stride[i];
  }
  WithCarrier(input.type, [&](auto carrier) {
    using T = decltype(carrier);
    StridedCopy(d.rank, d.count, steps, input.data_as<T>() + first, output.data_as<T>());
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_STRIDED_SLICE() {
  static const OpKernel kernel = {"STRIDED_SLICE", Prepare, Eval,
                                  internal::ParseStridedSliceOptions};
  return &kernel;
}

}  // namespace brasa
