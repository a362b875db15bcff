// One-input ops whose float32 path is a plain function and whose quantized
// paths are LiteRT's tables of that function (ELU, GELU, EXP, LOG): a
// 256-entry table for 8-bit types, the interpolated 513-entry table (built in
// float) for int16. Prepare builds the table, Eval looks every value up.
#ifndef BRASA_KERNELS_REF_COMMON_LUT_ACTIVATION_H_
#define BRASA_KERNELS_REF_COMMON_LUT_ACTIVATION_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/lut.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {

using FloatFunction = float (*)(float);

struct LutActivationOpData {
  FloatFunction function = nullptr;
  uint8_t table[256] = {};  // raw output byte per raw input byte
  int16_t table16[kInt16LutSize] = {};
};

enum LutTypes : int { kLutInt8 = 0, kLutUInt8 = 1, kLutInt16 = 2 };

// Checks the tensors and builds the table for int8, and for uint8 / int16
// when `extra_types` (kLutUInt8 | kLutInt16) allows them. int16 zero points
// must be 0.
inline Status PrepareLutActivation(KernelContext& context, FloatFunction function,
                                   int extra_types) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  const bool int8 = input.type == DataType::kInt8;
  const bool uint8 = (extra_types & kLutUInt8) != 0 && input.type == DataType::kUInt8;
  const bool int16 = (extra_types & kLutInt16) != 0 && input.type == DataType::kInt16;
  if (input.type != DataType::kFloat32 && !int8 && !uint8 && !int16) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                 DataTypeName(input.type));
  }
  LutActivationOpData* data = context.NewOpData<LutActivationOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  data->function = function;
  if (int8 || uint8 || int16) {
    const Quantization& qi = input.quantization;
    const Quantization& qo = output.quantization;
    if (int16) {
      BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<int16_t>(context, input, output));
      PopulateLutInt16<float>(qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point(), function,
                              data->table16);
    } else if (int8) {
      BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<int8_t>(context, input, output));
      PopulateLut8<int8_t>(qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point(), function,
                           data->table);
    } else {
      BRASA_RETURN_IF_ERROR(CheckUnaryQuantization<uint8_t>(context, input, output));
      PopulateLut8<uint8_t>(qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point(), function,
                            data->table);
    }
  }
  return context.ResizeOutput(0, input.shape);
}

inline Status EvalLutActivation(KernelContext& context) {
  const LutActivationOpData& data = *context.op_data<LutActivationOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t size = input.element_count();
  if (input.type == DataType::kFloat32) {
    const float* in = input.data_as<float>();
    float* out = output.data_as<float>();
    for (int64_t i = 0; i < size; ++i) out[i] = data.function(in[i]);
    return Status::Ok();
  }
  if (input.type == DataType::kInt16) {
    const int16_t* in = input.data_as<int16_t>();
    int16_t* out = output.data_as<int16_t>();
    for (int64_t i = 0; i < size; ++i) out[i] = LutLookupInt16(in[i], data.table16);
    return Status::Ok();
  }
  // int8 and uint8 alike: the table is indexed by the raw byte.
  const uint8_t* in = static_cast<const uint8_t*>(input.data);
  uint8_t* out = static_cast<uint8_t*>(output.data);
  for (int64_t i = 0; i < size; ++i) out[i] = data.table[in[i]];
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LUT_ACTIVATION_H_
