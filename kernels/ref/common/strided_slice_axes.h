// STRIDED_SLICE's axis bookkeeping (kernels/ref/strided_slice.cc), as in
// LiteRT's strided_slice.cc: the ellipsis and new-axis masks expand into an
// "effective" input whose every axis has a begin, end, stride and begin/end/
// shrink mask bit; AxisRange then resolves an axis's first index and end.
#ifndef BRASA_KERNELS_REF_COMMON_STRIDED_SLICE_AXES_H_
#define BRASA_KERNELS_REF_COMMON_STRIDED_SLICE_AXES_H_

#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {

// The node's op data: one entry per effective axis.
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

inline bool MaskBit(uint32_t mask, int i) { return (mask >> i) & 1u; }

inline int64_t ClampIndex(int64_t v, int64_t lo, int64_t hi) {
  return std::min(std::max(v, lo), hi);
}

// Axis i's first index and its (exclusive) end, as LiteRT's StartForAxis and
// EndForAxis compute them.
inline void AxisRange(const StridedSliceData& d, int i, int64_t begin, int64_t* start,
                      int64_t* end) {
  const int64_t size = d.dims[i];
  const bool forward = d.stride[i] > 0;
  int64_t s = begin < 0 ? begin + size : begin;
  s = forward ? ClampIndex(s, 0, size) : ClampIndex(s, -1, size - 1);
  if (MaskBit(d.begin_mask, i)) s = forward ? 0 : size - 1;
  *start = s;
  if (MaskBit(d.shrink_mask, i)) {
    *end = s >= size ? s : s + 1;
    return;
  }
  int64_t e = d.end_value[i];
  if (d.offset) e += s;
  if (e < 0) e += size;
  e = forward ? ClampIndex(e, 0, size) : ClampIndex(e, -1, size - 1);
  if (MaskBit(d.end_mask, i)) e = forward ? size : -1;
  *end = e;
}

// Elements visited from `start` toward `end` in steps of `stride`.
inline int64_t SliceStepCount(int64_t extent, int32_t stride) {
  if ((extent < 0) != (stride < 0)) return 0;
  if (stride < 0) return (extent + 1) / stride + 1;
  return extent == 0 ? 0 : (extent - 1) / stride + 1;
}

// Expands the ellipsis and new-axis masks (LiteRT's BuildStridedSliceParams).
inline Status ExpandMasks(const KernelContext& context, const StridedSliceParams& p,
                          const Tensor& input, const Tensor& end, const Tensor& strides,
                          StridedSliceData* d) {
  const int begin_count = strides.dim(0);
  const int input_rank = input.rank();
  const uint32_t ellipsis = static_cast<uint32_t>(p.ellipsis_mask);
  const uint32_t new_axis = static_cast<uint32_t>(p.new_axis_mask);
  int num_add_axis = 0;
  for (int i = 0; i < begin_count; ++i) {
    num_add_axis += !MaskBit(ellipsis, i) && MaskBit(new_axis, i);
  }
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
    if (MaskBit(ellipsis, i)) {
      ellipsis_start = i;
      const int stop = std::max(i + 1, std::min(i + 1 + num_add_axis + input_rank - begin_count,
                                                rank));
      expanded = stop - i - 1;
      for (; i < stop; ++i) effective_ellipsis |= 1u << i;
      continue;
    }
    if (MaskBit(new_axis, i - expanded)) effective_new_axis |= 1u << i;
    ++i;
  }
  d->rank = rank;
  int added_ellipsis = 0;
  int added_axes = 0;
  for (int i = 0; i < rank; ++i) {
    d->stride[i] = 1;
    d->end_value[i] = 0;
    d->source[i] = -1;
    const bool is_new_axis = !MaskBit(effective_ellipsis, i) && MaskBit(effective_new_axis, i);
    const int input_axis = i - added_axes;
    if (!is_new_axis && (input_axis < 0 || input_axis >= input_rank)) {
      return context.Error("masks do not fit an input of rank %d", input_rank);
    }
    if (MaskBit(effective_ellipsis, i)) {
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
      if (MaskBit(static_cast<uint32_t>(p.begin_mask), orig)) d->begin_mask |= 1u << i;
      if (MaskBit(static_cast<uint32_t>(p.end_mask), orig)) d->end_mask |= 1u << i;
      if (MaskBit(static_cast<uint32_t>(p.shrink_axis_mask), orig)) d->shrink_mask |= 1u << i;
    }
    d->dims[i] = is_new_axis ? 1 : input.dim(input_axis);
    if (d->stride[i] == 0 || d->stride[i] == INT32_MIN) {
      return context.Error("stride %d of axis %d is not supported", d->stride[i], i);
    }
  }
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_STRIDED_SLICE_AXES_H_
