// STRIDED_SLICE: NumPy-style input[begin:end:stride] per axis, a raw move of
// any 1/2/4/8-byte element type. Follows LiteRT's strided_slice.cc: the
// ellipsis and new-axis masks are first expanded into an "effective" input
// (rank = input rank + new axes) whose every axis has a begin, end, stride and
// begin/end/shrink mask bit; begin and end are then wrapped once if negative
// and clamped to the axis ([0, size] forward, [-1, size-1] backward). With
// `offset`, end is a size counted from begin, and begin may be a runtime
// input (only end decides the output shape).
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kBegin = 1;
constexpr int kEnd = 2;
constexpr int kStrides = 3;
constexpr int kMaxIndices = 31;  // LiteRT's limit on begin/end/strides entries

struct StridedSliceData {
  int32_t rank = 0;  // effective rank
  int32_t dims[kMaxMoveRank];
  int64_t input_strides[kMaxMoveRank];
  int32_t stride[kMaxMoveRank];
  int32_t end_value[kMaxMoveRank];
  int32_t source[kMaxMoveRank];  // the begin entry an axis reads; -1 for added axes
  int32_t start[kMaxMoveRank];
  int32_t count[kMaxMoveRank];  // elements taken along each axis (1 on shrunk axes)
  uint32_t begin_mask = 0;
  uint32_t end_mask = 0;
  uint32_t shrink_mask = 0;
  bool offset = false;
  bool runtime_begin = false;
};

bool Bit(uint32_t mask, int i) { return (mask >> i) & 1u; }

int64_t Clamp(int64_t v, int64_t lo, int64_t hi) { return std::min(std::max(v, lo), hi); }

// Axis i's first index and its (exclusive) end, as LiteRT's StartForAxis and
// EndForAxis compute them.
void AxisRange(const StridedSliceData& d, int i, int64_t begin, int64_t* start, int64_t* end) {
  const int64_t size = d.dims[i];
  const bool forward = d.stride[i] > 0;
  int64_t s = begin < 0 ? begin + size : begin;
  s = forward ? Clamp(s, 0, size) : Clamp(s, -1, size - 1);
  if (Bit(d.begin_mask, i)) s = forward ? 0 : size - 1;
  *start = s;
  if (Bit(d.shrink_mask, i)) {
    *end = s >= size ? s : s + 1;
    return;
  }
  int64_t e = d.end_value[i];
  if (d.offset) e += s;
  if (e < 0) e += size;
  e = forward ? Clamp(e, 0, size) : Clamp(e, -1, size - 1);
  if (Bit(d.end_mask, i)) e = forward ? size : -1;
  *end = e;
}

// Elements visited from `start` toward `end` in steps of `stride`.
int64_t StepCount(int64_t extent, int32_t stride) {
  if ((extent < 0) != (stride < 0)) return 0;
  if (stride < 0) return (extent + 1) / stride + 1;
  return extent == 0 ? 0 : (extent - 1) / stride + 1;
}

// Resolves every axis's start from `begin` and checks that it takes exactly
// the elements the output shape (fixed at Prepare) holds.
Status ResolveStarts(const KernelContext& context, const Tensor& begin, StridedSliceData* d) {
  for (int i = 0; i < d->rank; ++i) {
    const int64_t value = d->source[i] < 0 ? 0 : begin.data_as<int32_t>()[d->source[i]];
    int64_t start = 0;
    int64_t end = 0;
    AxisRange(*d, i, value, &start, &end);
    const int64_t taken = StepCount(end - start, d->stride[i]);
    if (taken != d->count[i]) {
      return context.Error("axis %d: begin %lld selects %lld elements, the output holds %d", i,
                           static_cast<long long>(value), static_cast<long long>(taken),
                           d->count[i]);
    }
    d->start[i] = static_cast<int32_t>(start);
  }
  return Status::Ok();
}

// Expands the ellipsis and new-axis masks (LiteRT's BuildStridedSliceParams).
Status ExpandMasks(const KernelContext& context, const StridedSliceParams& p, const Tensor& input,
                   const Tensor& end, const Tensor& strides, StridedSliceData* d) {
  const int begin_count = strides.dim(0);
  const int input_rank = input.rank();
  const uint32_t ellipsis = static_cast<uint32_t>(p.ellipsis_mask);
  const uint32_t new_axis = static_cast<uint32_t>(p.new_axis_mask);
  int num_add_axis = 0;
  for (int i = 0; i < begin_count; ++i) num_add_axis += !Bit(ellipsis, i) && Bit(new_axis, i);
  const int rank = input_rank + num_add_axis;
  if (rank > kMaxMoveRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "effective rank %d, at most %d supported", rank, kMaxMoveRank);
  }
  uint32_t effective_ellipsis = 0;
  uint32_t effective_new_axis = 0;
  int ellipsis_start = rank;
  int expanded = 0;
  for (int i = 0; i < rank;) {
    if (Bit(ellipsis, i)) {
      ellipsis_start = i;
      const int stop = std::max(i + 1, std::min(i + 1 + num_add_axis + input_rank - begin_count,
                                                rank));
      expanded = stop - i - 1;
      for (; i < stop; ++i) effective_ellipsis |= 1u << i;
      continue;
    }
    if (Bit(new_axis, i - expanded)) effective_new_axis |= 1u << i;
    ++i;
  }
  d->rank = rank;
  int added_ellipsis = 0;
  int added_axes = 0;
  for (int i = 0; i < rank; ++i) {
    d->stride[i] = 1;
    d->end_value[i] = 0;
    d->source[i] = -1;
    const bool is_new_axis = !Bit(effective_ellipsis, i) && Bit(effective_new_axis, i);
    const int input_axis = i - added_axes;
    if (!is_new_axis && (input_axis < 0 || input_axis >= input_rank)) {
      return context.Error("masks do not fit an input of rank %d", input_rank);
    }
    if (Bit(effective_ellipsis, i)) {
      added_ellipsis = std::max(0, i - ellipsis_start);
      d->begin_mask |= 1u << i;
      d->end_mask |= 1u << i;
    } else if (is_new_axis) {
      d->end_value[i] = 1;  // [0, 1) of an added size-1 axis
      ++added_axes;
    } else if (i >= begin_count + expanded) {
      d->begin_mask |= 1u << i;
      d->end_mask |= 1u << i;
    } else {
      const int orig = i - added_ellipsis;
      if (orig < 0 || orig >= begin_count) return context.Error("masks address no begin entry");
      d->source[i] = orig;
      d->end_value[i] = end.data_as<int32_t>()[orig];
      d->stride[i] = strides.data_as<int32_t>()[orig];
      if (Bit(static_cast<uint32_t>(p.begin_mask), orig)) d->begin_mask |= 1u << i;
      if (Bit(static_cast<uint32_t>(p.end_mask), orig)) d->end_mask |= 1u << i;
      if (Bit(static_cast<uint32_t>(p.shrink_axis_mask), orig)) d->shrink_mask |= 1u << i;
    }
    d->dims[i] = is_new_axis ? 1 : input.dim(input_axis);
    if (d->stride[i] == 0 || d->stride[i] == INT32_MIN) {
      return context.Error("stride %d of axis %d is not supported", d->stride[i], i);
    }
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
  if (d == nullptr) return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  d->offset = params.offset;
  d->runtime_begin = begin.allocation != Allocation::kConstant;
  BRASA_RETURN_IF_ERROR(ExpandMasks(context, params, input, end, strides, d));
  Shape effective(d->dims, d->dims + d->rank);
  RowMajorStrides(effective, d->input_strides);

  Shape shape;
  for (int i = 0; i < d->rank; ++i) {
    if (Bit(d->shrink_mask, i)) {
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
    const int64_t count = StepCount(extent, d->stride[i]);
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
  static const OpKernel kernel = {"STRIDED_SLICE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
