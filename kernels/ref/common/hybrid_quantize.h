// "Hybrid" ops (float activations, int8 weights) quantize each batch row of
// their float input on the fly, as TensorFlow Lite's tensor_utils
// SymmetricQuantizeFloats / AsymmetricQuantizeFloats do, multiply in int8 and
// scale the int32 dot products back to float.
#ifndef BRASA_KERNELS_REF_COMMON_HYBRID_QUANTIZE_H_
#define BRASA_KERNELS_REF_COMMON_HYBRID_QUANTIZE_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

// round(v) clamped to [lo, hi] (integers), clamping in float first so that a
// NaN or infinite activation (the caller's input) or a product beyond int32
// never reaches the int conversion, which would be undefined. For finite
// values this equals rounding then clamping, TensorFlow Lite's order. NaN
// becomes `nan_value`.
inline int32_t RoundToClampedInt(float v, float lo, float hi, int32_t nan_value) {
  if (std::isnan(v)) return nan_value;
  return static_cast<int32_t>(RoundAway(std::min(hi, std::max(lo, v))));
}

// Quantizes `size` floats to int8; returns their scale in *scale and zero
// point in *offset. Symmetric: [-127, 127], zero point 0. Asymmetric: the
// range [min(0, lo), max(0, hi)] onto [-128, 127] with a nudged zero point.
inline void QuantizeFloatsForHybrid(const float* values, int32_t size, bool asymmetric,
                                    int8_t* quantized, float* scale, int32_t* offset) {
  *offset = 0;
  if (size <= 0) {
    *scale = 1.0f;
    return;
  }
  const auto minmax = std::minmax_element(values, values + size);
  if (!asymmetric) {
    const float range = std::max(std::abs(*minmax.first), std::abs(*minmax.second));
    if (range == 0.0f) {
      std::memset(quantized, 0, static_cast<size_t>(size));
      *scale = 1.0f;
      return;
    }
    *scale = range / 127.0f;
    const float inverse = 127.0f / range;
    for (int32_t i = 0; i < size; ++i) {
      quantized[i] =
          static_cast<int8_t>(RoundToClampedInt(values[i] * inverse, -127.0f, 127.0f, 0));
    }
    return;
  }
  const double rmin = static_cast<double>(std::min(0.0f, *minmax.first));
  const double rmax = static_cast<double>(std::max(0.0f, *minmax.second));
  if (rmin == rmax) {
    std::memset(quantized, 0, static_cast<size_t>(size));
    *scale = 1.0f;
    return;
  }
  const double qmin = -128.0, qmax = 127.0;
  const double real_scale = (rmax - rmin) / (qmax - qmin);
  const double from_min = qmin - rmin / real_scale;
  const double from_max = qmax - rmax / real_scale;
  const double from_min_error = std::abs(qmin) + std::abs(rmin / real_scale);
  const double from_max_error = std::abs(qmax) + std::abs(rmax / real_scale);
  const double zero_point = from_min_error < from_max_error ? from_min : from_max;
  if (!(zero_point > qmin)) {  // NaN too (an infinite input range)
    *offset = -128;
  } else if (zero_point >= qmax) {
    *offset = 127;
  } else {
    *offset = static_cast<int8_t>(std::round(zero_point));
  }
  *scale = static_cast<float>(real_scale);
  const float inverse = 1.0f / *scale;
  for (int32_t i = 0; i < size; ++i) {
    quantized[i] = static_cast<int8_t>(
        RoundToClampedInt(*offset + values[i] * inverse, -128.0f, 127.0f, *offset));
  }
}

// result[b, r] += float(sum_c w[r, c] * x[b, c] - row_sums[r] * offsets[b]) * scales[b]
// (row_sums only needed with non-zero offsets).
inline void HybridMatrixVectorAccumulate(const int8_t* weights, int32_t rows, int32_t cols,
                                         const int8_t* x, const float* scales,
                                         const int32_t* offsets, const int32_t* row_sums,
                                         int32_t n_batch, float* result) {
  for (int32_t b = 0; b < n_batch; ++b) {
    const int8_t* xb = x + int64_t{b} * cols;
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t* w = weights + int64_t{r} * cols;
      int32_t dot = 0;
      for (int32_t c = 0; c < cols; ++c) dot += w[c] * xb[c];
      if (offsets[b] != 0) dot -= row_sums[r] * offsets[b];
      result[int64_t{b} * rows + r] += static_cast<float>(dot) * scales[b];
    }
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_HYBRID_QUANTIZE_H_
