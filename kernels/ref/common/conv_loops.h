// Loop helpers that keep the conv, depthwise and fully-connected inner loops
// branch-free and vectorizable without changing any result: the in-image
// tap range of a window is computed once per output position (§1.9), and
// integer sums run in int32 whenever no partial sum can leave int32, which
// gives the exact sum (so the same result as TFLite's int32 or int64 sum).
#ifndef BRASA_KERNELS_REF_COMMON_CONV_LOOPS_H_
#define BRASA_KERNELS_REF_COMMON_CONV_LOOPS_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "brasa/tensor.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

// The filter taps [begin, end) of one window axis whose input coordinate
// origin + tap * dilation lies in [0, size); an empty range when none does.
struct TapRange {
  int32_t begin = 0;
  int32_t end = 0;
  int32_t size() const { return end - begin; }
};

inline TapRange InImageTaps(int32_t origin, int32_t dilation, int32_t filter, int32_t size) {
  const int64_t last_coordinate = int64_t{size} - 1 - origin;  // < 0: window right of the image
  int64_t first = origin >= 0 ? 0 : -int64_t{origin};
  int64_t end = last_coordinate < 0 ? 0 : last_coordinate + 1;
  if (dilation != 1) {  // divisions are slow; most windows are not dilated
    first = (first + dilation - 1) / dilation;
    end = last_coordinate < 0 ? 0 : last_coordinate / dilation + 1;
  }
  TapRange range;
  range.begin = static_cast<int32_t>(std::min<int64_t>(first, filter));
  range.end = static_cast<int32_t>(std::max<int64_t>(std::min<int64_t>(end, filter), range.begin));
  return range;
}

// The largest |v + offset| over the values v of the integer type T.
template <typename T>
inline int64_t MaxOffsetMagnitude(int32_t offset) {
  const int64_t low = std::llabs(int64_t{std::numeric_limits<T>::min()} + offset);
  const int64_t high = std::llabs(int64_t{std::numeric_limits<T>::max()} + offset);
  return std::max(low, high);
}

// True when every partial sum of `terms` products (x + x_offset)(w + w_offset)
// fits in int32: then an int32 sum is exact, no overflow can occur, and the
// compiler can vectorize it (int16 x int16 -> int32 multiply-adds).
template <typename T, typename W>
inline bool ProductSumFitsInt32(int64_t terms, int32_t x_offset, int32_t w_offset) {
  const int64_t largest_product = MaxOffsetMagnitude<T>(x_offset) * MaxOffsetMagnitude<W>(w_offset);
  return terms <= std::numeric_limits<int32_t>::max() / std::max<int64_t>(largest_product, 1);
}

// sum x[i] * w[i] in Acc (int32 only where ProductSumFitsInt32 holds). With
// x an int16 patch and 8-bit w, the compiler uses 16-bit multiply-adds.
template <typename Acc, typename X, typename W>
inline Acc DotProduct(const X* x, const W* w, int32_t count) {
  Acc sum = 0;
  for (int32_t i = 0; i < count; ++i) {
    sum += static_cast<Acc>(static_cast<int32_t>(x[i]) * static_cast<int32_t>(w[i]));
  }
  return sum;
}

// Four dot products of one x with the rows w, w + stride, w + 2 * stride and
// w + 3 * stride: each x[i] is loaded once for the four sums. Never inlined:
// on a Cortex-M4 (-Os) the loop inlined into its only caller (an image with
// one convolution type, Register_CONV_2D_INT8) loses registers to the
// caller's and runs 20% more instructions per Invoke.
template <typename Acc, typename X, typename W>
#if defined(__GNUC__)
__attribute__((noinline))
#endif
inline void DotProducts4(const X* x, const W* w, int64_t stride, int32_t count, Acc sums[4]) {
  const W* w1 = w + stride;
  const W* w2 = w1 + stride;
  const W* w3 = w2 + stride;
  Acc sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
  for (int32_t i = 0; i < count; ++i) {
    const int32_t xi = x[i];
    sum0 += static_cast<Acc>(xi * static_cast<int32_t>(w[i]));
    sum1 += static_cast<Acc>(xi * static_cast<int32_t>(w1[i]));
    sum2 += static_cast<Acc>(xi * static_cast<int32_t>(w2[i]));
    sum3 += static_cast<Acc>(xi * static_cast<int32_t>(w3[i]));
  }
  sums[0] = sum0;
  sums[1] = sum1;
  sums[2] = sum2;
  sums[3] = sum3;
}

// ConvOutputValue for the integer sums of `count` consecutive output channels
// from `first`, each plus `sum_offset`. The common case (int32 accumulator,
// int32 or no bias) runs in a tight loop with the parameters in locals:
// stores through int8/uint8 pointers may alias anything, so the compiler
// would otherwise reload them for every output.
template <typename T, typename Acc>
inline void RequantizeChannels(const Acc* sums, int64_t sum_offset, int32_t first, int32_t count,
                               const Tensor* bias, const ConvQuantization& q, T* out) {
  // WrappingInt32Sum: an int8-only kernel, whose int8 input has an int32 bias
  // or none and an int32 accumulator (CheckWeightedOpTypes).
  if constexpr (!std::is_same<Acc, WrappingInt32Sum>::value) {
    if (q.int64_accumulator || (bias != nullptr && bias->type != DataType::kInt32)) {
      for (int32_t i = 0; i < count; ++i) {
        out[i] = ConvOutputValue<T>(int64_t{sums[i]} + sum_offset, bias, first + i, FloatRange{},
                                    q);
      }
      return;
    }
  }
  const int32_t* bias_data = bias != nullptr ? bias->data_as<int32_t>() + first : nullptr;
  const QuantizedMultiplier* multipliers = q.multipliers + first;
  const int64_t output_offset = q.output_offset;
  const int64_t low = q.range.min, high = q.range.max;
  for (int32_t i = 0; i < count; ++i) {
    const int64_t acc = int64_t{sums[i]} + sum_offset + (bias_data != nullptr ? bias_data[i] : 0);
    const int64_t scaled = MultiplyByQuantizedMultiplier(WrapToInt32(acc), multipliers[i]);
    out[i] = static_cast<T>(std::min(std::max(scaled + output_offset, low), high));
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_CONV_LOOPS_H_
