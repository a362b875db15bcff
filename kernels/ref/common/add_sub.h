// ADD and SUB share everything but the sign (QUANTIZATION.md §2.4, following
// LiteRT's add.cc / sub.cc): float, int32, and quantized int8 / uint8 / int16
// with NumPy broadcasting. kernels/ref/add.cc and sub.cc register the ops.
#ifndef BRASA_KERNELS_REF_COMMON_ADD_SUB_H_
#define BRASA_KERNELS_REF_COMMON_ADD_SUB_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/elementwise.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

struct AddSubQuantParams {
  // General path: inputs shifted left, rescaled to a common scale, summed,
  // rescaled to the output.
  int32_t input1_offset = 0;  // -zp
  int32_t input2_offset = 0;
  int32_t output_offset = 0;  // +zp
  int32_t left_shift = 0;
  QuantizedMultiplier input1, input2, output;
  // int16 power-of-two path (LiteRT only): right shifts of the raw inputs.
  bool pot_int16 = false;
  int32_t input1_right_shift = 0;
  int32_t input2_right_shift = 0;
  QuantizedRange range;  // fused activation, in output units
};

struct AddSubOpData {
  ElementwiseShape shape;
  AddSubQuantParams quant;
  FloatRange float_range;
  QuantizedRange int32_range;
};

// gemmlowp's int16 RoundingDivideByPOT: for exponents >= 16 its mask wraps
// to -1 and the result is 1 for x >= 0, -1 otherwise (§1.3).
inline int32_t RoundingDivideByPOTInt16(int32_t x, int exponent) {
  if (exponent >= 16) return x >= 0 ? 1 : -1;
  return RoundingDivideByPOT(x, exponent);
}

template <typename T>
inline Status PrepareAddSubQuantized(KernelContext& context, const ElementwiseParams& params,
                                     bool broadcast, AddSubQuantParams* q) {
  const Tensor& in1 = *context.input(0);
  const Tensor& in2 = *context.input(1);
  const Tensor& out = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 0", in1));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "input 1", in2));
  BRASA_RETURN_IF_ERROR(CheckZeroPoint(context, "output", out));
  const float s1 = in1.quantization.scale();
  const float s2 = in2.quantization.scale();
  const float so = out.quantization.scale();
  q->range = QuantizedActivationRange<T>(params.activation, so, out.quantization.zero_point());

  int log2_1 = 0, log2_2 = 0, log2_out = 0;
  if (out.type == DataType::kInt16 && params.pot_scale_int16 && CheckedLog2(s1, &log2_1) &&
      CheckedLog2(s2, &log2_2) && CheckedLog2(so, &log2_out)) {
    // Power-of-two scales: one input already has the output's scale, the
    // other is right-shifted onto it (LiteRT's Add/Sub16 for LSTMs).
    const int shift1 = log2_1 - log2_out;
    const int shift2 = log2_2 - log2_out;
    if ((shift1 != 0 && shift2 != 0) || shift1 > 0 || shift2 > 0 || shift1 < -31 ||
        shift2 < -31) {
      return context.ErrorWithCode(
          StatusCode::kUnsupported,
          "int16 power-of-two scales need one input scale equal to the output's and the "
          "other not larger (log2 scales %d, %d, output %d)", log2_1, log2_2, log2_out);
    }
    if (broadcast) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "int16 power-of-two scales with broadcasting");
    }
    q->pot_int16 = true;
    q->input1_right_shift = -shift1;
    q->input2_right_shift = -shift2;
    return Status::Ok();
  }

  // General path: multipliers in double (LiteRT add.cc and sub.cc).
  q->input1_offset = -in1.quantization.zero_point();
  q->input2_offset = -in2.quantization.zero_point();
  q->output_offset = out.quantization.zero_point();
  q->left_shift = out.type == DataType::kInt16 ? 15 : 20;
  const double twice_max_input_scale = 2 * std::max(s1, s2);
  const double real_output =
      twice_max_input_scale / (static_cast<float>(1 << q->left_shift) * so);
  q->input1 = QuantizeMultiplier(s1 / twice_max_input_scale);
  q->input2 = QuantizeMultiplier(s2 / twice_max_input_scale);
  // LiteRT requires an output multiplier below 1 (a shift of at most 0).
  return QuantizeMultiplierChecked(context, "output multiplier", real_output, 0, &q->output);
}

// Fills `data` (the optimized ADD's op data extends AddSubOpData).
inline Status PrepareAddSubData(KernelContext& context, AddSubOpData* data) {
  BRASA_RETURN_IF_ERROR(PrepareElementwiseShape(context, &data->shape));
  const ElementwiseParams& params = ElementwiseParamsOf(context);
  BRASA_RETURN_IF_ERROR(CheckElementwiseActivation(context, params.activation));
  switch (context.output(0)->type) {
    case DataType::kFloat32:
      data->float_range = FloatActivationRange(params.activation);
      return Status::Ok();
    case DataType::kInt32:
      data->int32_range = Int32ActivationRange(params.activation);
      return Status::Ok();
    case DataType::kInt8:
      return PrepareAddSubQuantized<int8_t>(context, params, data->shape.broadcast, &data->quant);
    case DataType::kUInt8:
      return PrepareAddSubQuantized<uint8_t>(context, params, data->shape.broadcast, &data->quant);
    case DataType::kInt16:
      return PrepareAddSubQuantized<int16_t>(context, params, data->shape.broadcast, &data->quant);
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(context.output(0)->type));
  }
}

inline Status PrepareAddSub(KernelContext& context) {
  AddSubOpData* data = context.NewOpData<AddSubOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  return PrepareAddSubData(context, data);
}

// One quantized element, general path: (q - zp) * 2^L, rescaled per input,
// summed or subtracted, rescaled to the output; every multiplier is < 1.
inline int32_t ScaleAddSubInput(int32_t x, int32_t offset, int32_t left_shift,
                                QuantizedMultiplier multiplier) {
  return MultiplyByQuantizedMultiplier((x + offset) * (1 << left_shift), multiplier);
}

template <bool kSubtract>
inline int32_t AddSubScaledInputs(int32_t scaled1, int32_t scaled2, const AddSubQuantParams& q) {
  const int32_t raw = kSubtract ? scaled1 - scaled2 : scaled1 + scaled2;
  return ClampToRange(MultiplyByQuantizedMultiplier(raw, q.output) + q.output_offset, q.range);
}

// 8-bit inputs take only 256 values, so with enough elements each input's
// rescaled value is computed once per value, into a table on the stack, and
// each element looks both up: the same arithmetic with a third of the work.
constexpr int64_t kMinElementsForAddSubTables = 1024;

template <bool kSubtract, typename T>
inline void EvalAddSubWithTables(const AddSubOpData& data, const T* a, const T* b, T* out) {
  const AddSubQuantParams q = data.quant;  // a local: int8 stores may alias the op data
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  int32_t scaled1[kMax - kMin + 1];
  int32_t scaled2[kMax - kMin + 1];
  for (int32_t value = kMin; value <= kMax; ++value) {
    scaled1[value - kMin] = ScaleAddSubInput(value, q.input1_offset, q.left_shift, q.input1);
    scaled2[value - kMin] = ScaleAddSubInput(value, q.input2_offset, q.left_shift, q.input2);
  }
  ElementwiseApply(data.shape, a, b, out, [&](T x, T y) {
    return static_cast<T>(AddSubScaledInputs<kSubtract>(scaled1[x - kMin], scaled2[y - kMin], q));
  });
}

template <bool kSubtract, typename T>
inline void EvalAddSubQuantized(const AddSubOpData& data, const T* a, const T* b, T* out) {
  const AddSubQuantParams q = data.quant;  // a local: int8 stores may alias the op data
  if (q.pot_int16) {  // the int16 saturation is inside the activation clamp
    ElementwiseApply(data.shape, a, b, out, [&q](T x, T y) {
      const int32_t x_scaled = RoundingDivideByPOTInt16(x, q.input1_right_shift);
      const int32_t y_scaled = RoundingDivideByPOTInt16(y, q.input2_right_shift);
      return static_cast<T>(
          ClampToRange(kSubtract ? x_scaled - y_scaled : x_scaled + y_scaled, q.range));
    });
    return;
  }
  if constexpr (sizeof(T) == 1) {
    if (data.shape.size >= kMinElementsForAddSubTables) {
      EvalAddSubWithTables<kSubtract>(data, a, b, out);
      return;
    }
  }
  ElementwiseApply(data.shape, a, b, out, [&q](T x, T y) {
    return static_cast<T>(AddSubScaledInputs<kSubtract>(
        ScaleAddSubInput(x, q.input1_offset, q.left_shift, q.input1),
        ScaleAddSubInput(y, q.input2_offset, q.left_shift, q.input2), q));
  });
}

template <bool kSubtract>
inline Status EvalAddSub(KernelContext& context, const AddSubOpData& data) {
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& out = *context.output(0);
  switch (out.type) {
    case DataType::kFloat32:
      ElementwiseApply(data.shape, a.data_as<float>(), b.data_as<float>(), out.data_as<float>(),
                       [&data](float x, float y) {
                         return ApplyFloatRange(kSubtract ? x - y : x + y, data.float_range);
                       });
      return Status::Ok();
    case DataType::kInt32:
      ElementwiseApply(data.shape, a.data_as<int32_t>(), b.data_as<int32_t>(),
                       out.data_as<int32_t>(), [&data](int32_t x, int32_t y) {
                         return ClampToRange(kSubtract ? WrapSub(x, y) : WrapAdd(x, y),
                                             data.int32_range);
                       });
      return Status::Ok();
    case DataType::kInt8:
      EvalAddSubQuantized<kSubtract>(data, a.data_as<int8_t>(), b.data_as<int8_t>(),
                                     out.data_as<int8_t>());
      return Status::Ok();
    case DataType::kUInt8:
      EvalAddSubQuantized<kSubtract>(data, a.data_as<uint8_t>(), b.data_as<uint8_t>(),
                                     out.data_as<uint8_t>());
      return Status::Ok();
    case DataType::kInt16:
      EvalAddSubQuantized<kSubtract>(data, a.data_as<int16_t>(), b.data_as<int16_t>(),
                                     out.data_as<int16_t>());
      return Status::Ok();
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
}

template <bool kSubtract>
inline Status EvalAddSub(KernelContext& context) {
  return EvalAddSub<kSubtract>(context, *context.op_data<AddSubOpData>());
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_ADD_SUB_H_
