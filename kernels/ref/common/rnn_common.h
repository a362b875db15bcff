// Helpers shared by the recurrent kernels (SVDF, the sequence LSTM and RNN):
// float activations applied to whole vectors, as TensorFlow Lite's
// tensor_utils::ApplyActivationToVector does, and input checks.
#ifndef BRASA_KERNELS_REF_COMMON_RNN_COMMON_H_
#define BRASA_KERNELS_REF_COMMON_RNN_COMMON_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"

namespace brasa {

// The activations a recurrent op may apply in float. kSigmoid is internal
// (LSTM gates); the others are the model's fused activation.
enum class RnnActivation : int8_t { kNone, kRelu, kReluN1To1, kRelu6, kTanh, kSignBit, kSigmoid };

inline bool ToRnnActivation(Activation activation, RnnActivation* out) {
  switch (activation) {
    case Activation::kNone:
      *out = RnnActivation::kNone;
      return true;
    case Activation::kRelu:
      *out = RnnActivation::kRelu;
      return true;
    case Activation::kReluN1To1:
      *out = RnnActivation::kReluN1To1;
      return true;
    case Activation::kRelu6:
      *out = RnnActivation::kRelu6;
      return true;
    case Activation::kTanh:
      *out = RnnActivation::kTanh;
      return true;
    case Activation::kSignBit:
      *out = RnnActivation::kSignBit;
      return true;
  }
  return false;
}

inline float ApplyRnnActivation(float x, RnnActivation activation) {
  switch (activation) {
    case RnnActivation::kNone:
      return x;
    case RnnActivation::kRelu:
      return std::max(0.0f, x);
    case RnnActivation::kReluN1To1:
      return std::max(-1.0f, std::min(x, 1.0f));
    case RnnActivation::kRelu6:
      return std::max(0.0f, std::min(x, 6.0f));
    case RnnActivation::kTanh:
      return std::tanh(x);
    case RnnActivation::kSignBit:
      return std::signbit(x) ? 1.0f : 0.0f;
    case RnnActivation::kSigmoid:
      return 1.0f / (1.0f + std::exp(-x));
  }
  return x;
}

inline void ApplyRnnActivation(const float* in, int64_t count, RnnActivation activation,
                               float* out) {
  for (int64_t i = 0; i < count; ++i) out[i] = ApplyRnnActivation(in[i], activation);
}

// "<what> must be <type>, is <type>" unless the tensor has the expected type.
inline Status ExpectType(const KernelContext& context, const Tensor& tensor, DataType type,
                         const char* what) {
  if (tensor.type == type) return Status::Ok();
  return context.Error("%s must be %s, is %s", what, DataTypeName(type), DataTypeName(tensor.type));
}

// A 2-D tensor of exactly [rows, cols].
inline Status ExpectMatrix(const KernelContext& context, const Tensor& tensor, int32_t rows,
                           int32_t cols, const char* what) {
  if (tensor.rank() == 2 && tensor.dim(0) == rows && tensor.dim(1) == cols) return Status::Ok();
  return context.Error("%s must have shape [%d,%d], has %s", what, rows, cols,
                       ShapeToString(tensor.shape).c_str());
}

// A 1-D tensor of exactly [size].
inline Status ExpectVector(const KernelContext& context, const Tensor& tensor, int32_t size,
                           const char* what) {
  if (tensor.rank() == 1 && tensor.dim(0) == size) return Status::Ok();
  return context.Error("%s must have shape [%d], has %s", what, size,
                       ShapeToString(tensor.shape).c_str());
}

inline Status ExpectQuantized(const KernelContext& context, const Tensor& tensor,
                              const char* what) {
  if (tensor.quantization.is_quantized() && tensor.quantization.scale() > 0.0f) {
    return Status::Ok();
  }
  return context.Error("%s must have a positive quantization scale", what);
}

// A bidirectional recurrent op: `num_inputs` inputs, the auxiliary ones
// (first_aux and after: stacked layers) absent, 1 output with merged
// outputs, else 2.
inline Status CheckBidirectionalCounts(const KernelContext& context, int num_inputs,
                                       int first_aux, bool merge_outputs) {
  if (context.num_inputs() != num_inputs) {
    return context.Error("expects %d inputs, has %d", num_inputs, context.num_inputs());
  }
  if (context.num_outputs() != (merge_outputs ? 1 : 2)) {
    return context.Error("expects %d outputs (merge_outputs %d), has %d", merge_outputs ? 1 : 2,
                         merge_outputs, context.num_outputs());
  }
  for (int i = first_aux; i < num_inputs; ++i) {
    if (context.input(i) != nullptr) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "auxiliary inputs (input %d) are not supported", i);
    }
  }
  return Status::Ok();
}

inline Status RnnOutOfMemory(const KernelContext& context) {
  return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_RNN_COMMON_H_
