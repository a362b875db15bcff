// Shape checks, broadcasting and activation ranges shared by the binary
// elementwise kernels ADD, SUB and MUL (QUANTIZATION.md §2.4, §2.5).
#ifndef BRASA_KERNELS_REF_COMMON_ELEMENTWISE_H_
#define BRASA_KERNELS_REF_COMMON_ELEMENTWISE_H_

#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/broadcast.h"
#include "kernels/ref/common/quant_math.h"  // WrapAdd, WrapSub, WrapMul

namespace brasa {

// The op's options, or the schema defaults when the node has none.
inline const ElementwiseParams& ElementwiseParamsOf(const KernelContext& context) {
  static const ElementwiseParams kDefaults;
  return context.raw_params() != nullptr ? context.params<ElementwiseParams>()
                                         : kDefaults;
}

struct ElementwiseShape {
  bool broadcast = false;  // false: both inputs have the output's shape
  int64_t size = 0;        // output elements
  BroadcastMap map;
};

// Two inputs and one output of one dtype, rank <= 6, broadcastable shapes;
// sets the output shape.
inline Status PrepareElementwiseShape(KernelContext& context, ElementwiseShape* shape) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d",
                         context.num_inputs(), context.num_outputs());
  }
  const Tensor* a = context.input(0);
  const Tensor* b = context.input(1);
  if (a == nullptr || b == nullptr) return context.Error("an input is missing");
  const Tensor* output = context.output(0);
  if (a->type != b->type || output->type != a->type) {
    return context.Error("inputs are %s and %s, output is %s; all must match",
                         DataTypeName(a->type), DataTypeName(b->type),
                         DataTypeName(output->type));
  }
  if (a->rank() > kMaxBroadcastRank || b->rank() > kMaxBroadcastRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "inputs of rank %d and %d; at most %d supported",
                                 a->rank(), b->rank(), kMaxBroadcastRank);
  }
  Shape out;
  if (!BroadcastShapes(a->shape, b->shape, &out)) {
    return context.Error("input shapes %s and %s cannot be broadcast",
                         ShapeToString(a->shape).c_str(), ShapeToString(b->shape).c_str());
  }
  shape->broadcast = a->shape != b->shape;
  shape->size = ElementCount(out);
  shape->map = MakeBroadcastMap(a->shape, b->shape, out);
  return context.ResizeOutput(0, out);
}

// out[i] = f(a[ia], b[ib]) over the output in row-major order.
template <typename T, typename F>
inline void ElementwiseApply(const ElementwiseShape& shape, const T* a, const T* b,
                             T* out, F f) {
  if (!shape.broadcast) {
    for (int64_t i = 0; i < shape.size; ++i) out[i] = f(a[i], b[i]);
    return;
  }
  ForEachBroadcastIndex(shape.map, [&](int64_t ia, int64_t ib, int64_t io) {
    out[io] = f(a[ia], b[ib]);
  });
}

// Rejects fused activations other than NONE / RELU / RELU6 / RELU_N1_TO_1.
inline Status CheckElementwiseActivation(const KernelContext& context,
                                         Activation activation) {
  if (IsSupportedActivation(activation)) return Status::Ok();
  return context.ErrorWithCode(StatusCode::kUnsupported,
                               "fused activation %d is not supported",
                               static_cast<int>(activation));
}

// TensorFlow Lite's CalculateActivationRange<int32_t> for integer tensors.
inline QuantizedRange Int32ActivationRange(Activation activation) {
  QuantizedRange range{std::numeric_limits<int32_t>::min(),
                       std::numeric_limits<int32_t>::max()};
  if (activation == Activation::kRelu) range.min = 0;
  if (activation == Activation::kRelu6) range = {0, 6};
  if (activation == Activation::kReluN1To1) range = {-1, 1};
  return range;
}

inline int32_t ClampToRange(int32_t value, QuantizedRange range) {
  return std::min(std::max(value, range.min), range.max);
}

// Zero points must lie in the storage type's range (int16: must be 0, as
// TensorFlow Lite requires); this also bounds |q - zp| for overflow checks.
inline Status CheckZeroPoint(const KernelContext& context, const char* what,
                             const Tensor& tensor) {
  if (!tensor.quantization.is_quantized()) {
    return context.Error("%s of type %s has no quantization", what,
                         DataTypeName(tensor.type));
  }
  const int32_t zp = tensor.quantization.zero_point();
  if (tensor.type == DataType::kInt16 && zp != 0) {
    return context.Error("%s int16 zero point must be 0, got %d", what, zp);
  }
  const int32_t lo = tensor.type == DataType::kInt8 ? -128 : 0;
  const int32_t hi = tensor.type == DataType::kInt8 ? 127 : 255;
  if (zp < lo || zp > hi) {
    return context.Error("%s zero point %d is out of range [%d, %d] for %s", what, zp, lo, hi,
                         DataTypeName(tensor.type));
  }
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_ELEMENTWISE_H_
