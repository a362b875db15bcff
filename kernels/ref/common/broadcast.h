// NumPy broadcasting of two operands up to 6-D (TensorFlow Lite's
// CalculateShapeForBroadcast and BroadcastAdd6DSlow indexing): shapes are
// right-aligned, and each dimension pair must be equal or contain a 1.
#ifndef BRASA_KERNELS_REF_COMMON_BROADCAST_H_
#define BRASA_KERNELS_REF_COMMON_BROADCAST_H_

#include <cstdint>

#include "brasa/tensor.h"

namespace brasa {

constexpr int kMaxBroadcastRank = 6;

// The broadcast shape of `a` and `b` into `out`; false when a dimension pair
// is neither equal nor contains a 1.
inline bool BroadcastShapes(const Shape& a, const Shape& b, Shape* out) {
  const size_t rank = a.size() > b.size() ? a.size() : b.size();
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {  // i counts from the last dimension
    const int32_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int32_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1) return false;
    (*out)[rank - 1 - i] = da == 1 ? db : da;
  }
  return true;
}

// Output dimensions and the element strides of both operands, left-padded
// to 6-D; an operand's stride is 0 along the axes it is broadcast over.
struct BroadcastMap {
  int64_t dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int64_t stride_a[kMaxBroadcastRank] = {};
  int64_t stride_b[kMaxBroadcastRank] = {};
};

// `a`, `b` and `out` must have passed BroadcastShapes and have rank <= 6.
inline BroadcastMap MakeBroadcastMap(const Shape& a, const Shape& b,
                                     const Shape& out) {
  BroadcastMap map;
  int64_t step_a = 1;
  int64_t step_b = 1;
  for (size_t i = 0; i < out.size(); ++i) {  // from the last dimension
    const int d = kMaxBroadcastRank - 1 - static_cast<int>(i);
    const int32_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int32_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    map.dims[d] = out[out.size() - 1 - i];
    map.stride_a[d] = da == 1 ? 0 : step_a;
    map.stride_b[d] = db == 1 ? 0 : step_b;
    step_a *= da;
    step_b *= db;
  }
  return map;
}

// Calls f(index_a, index_b, index_out) for every output element in row-major
// order. An odometer over the six padded axes: no recursion, no allocation.
template <typename F>
inline void ForEachBroadcastIndex(const BroadcastMap& map, F&& f) {
  int64_t total = 1;
  for (int d = 0; d < kMaxBroadcastRank; ++d) total *= map.dims[d];
  int64_t position[kMaxBroadcastRank] = {};
  int64_t index_a = 0;
  int64_t index_b = 0;
  for (int64_t out = 0; out < total; ++out) {
    f(index_a, index_b, out);
    for (int d = kMaxBroadcastRank - 1; d >= 0; --d) {
      index_a += map.stride_a[d];
      index_b += map.stride_b[d];
      if (++position[d] < map.dims[d]) break;
      index_a -= map.stride_a[d] * map.dims[d];
      index_b -= map.stride_b[d] * map.dims[d];
      position[d] = 0;
    }
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_BROADCAST_H_
