// Output ranges of fused activations, float and quantized.
#ifndef BRASA_KERNELS_REF_COMMON_ACTIVATION_H_
#define BRASA_KERNELS_REF_COMMON_ACTIVATION_H_

#include <algorithm>
#include <cstdint>
#include <limits>

#include "brasa/tensor.h"
#include "kernels/params.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

struct FloatRange {
  float min = std::numeric_limits<float>::lowest();
  float max = std::numeric_limits<float>::max();
};

struct QuantizedRange {
  int32_t min = 0;
  int32_t max = 0;
};

inline FloatRange FloatActivationRange(Activation activation) {
  FloatRange range;
  switch (activation) {
    case Activation::kRelu: range.min = 0.0f; break;
    case Activation::kRelu6: range.min = 0.0f; range.max = 6.0f; break;
    case Activation::kReluN1To1: range.min = -1.0f; range.max = 1.0f; break;
    default: break;
  }
  return range;
}

// min(max(x, lo), hi), in that order so NaN propagates like TensorFlow Lite.
inline float ApplyFloatRange(float x, FloatRange range) {
  return std::min(std::max(x, range.min), range.max);
}

// The quantized clamp range for `activation` on an output whose type holds
// [qmin, qmax] (TensorFlow Lite's CalculateActivationRangeQuantized): real
// bounds are quantized as zp + round(v / scale) with a float division. One
// function for every output type (a microcontroller pays flash per copy).
inline QuantizedRange QuantizedActivationRangeIn(Activation activation, float scale,
                                                 int32_t zero_point, int32_t qmin,
                                                 int32_t qmax) {
  auto quantize = [&](float v) { return QuantizeClamped(v, scale, zero_point, qmin, qmax); };
  QuantizedRange range{qmin, qmax};
  switch (activation) {
    case Activation::kRelu:
      range.min = std::max(qmin, zero_point);
      break;
    case Activation::kRelu6:
      range.min = std::max(qmin, quantize(0.0f));
      range.max = std::min(qmax, quantize(6.0f));
      break;
    case Activation::kReluN1To1:
      range.min = std::max(qmin, quantize(-1.0f));
      range.max = std::min(qmax, quantize(1.0f));
      break;
    default:
      break;
  }
  return range;
}

// The same for an output of type T.
template <typename T>
QuantizedRange QuantizedActivationRange(Activation activation, float scale,
                                        int32_t zero_point) {
  return QuantizedActivationRangeIn(activation, scale, zero_point, TypeMin<T>(), TypeMax<T>());
}

inline bool IsSupportedActivation(Activation activation) {
  return activation == Activation::kNone || activation == Activation::kRelu ||
         activation == Activation::kRelu6 ||
         activation == Activation::kReluN1To1;
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_ACTIVATION_H_
