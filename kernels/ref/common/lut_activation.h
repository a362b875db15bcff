// One-input activations whose float32 path is a plain function and whose
// 8-bit paths are LiteRT's 256-entry table of that function (ELU, GELU):
// Prepare builds the table, Eval looks every byte up.
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
};

// Checks the tensors and builds the table for int8 (and uint8 when allowed).
inline Status PrepareLutActivation(KernelContext& context, FloatFunction function,
                                   bool allow_uint8) {
  BRASA_RETURN_IF_ERROR(CheckSameTypeUnary(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  const bool int8 = input.type == DataType::kInt8;
  const bool uint8 = allow_uint8 && input.type == DataType::kUInt8;
  if (input.type != DataType::kFloat32 && !int8 && !uint8) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                 DataTypeName(input.type));
  }
  LutActivationOpData* data = context.NewOpData<LutActivationOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  data->function = function;
  if (int8 || uint8) {
    const Quantization& qi = input.quantization;
    const Quantization& qo = output.quantization;
    if (int8) {
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
  // int8 and uint8 alike: the table is indexed by the raw byte.
  const uint8_t* in = static_cast<const uint8_t*>(input.data);
  uint8_t* out = static_cast<uint8_t*>(output.data);
  for (int64_t i = 0; i < size; ++i) out[i] = data.table[in[i]];
  return Status::Ok();
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LUT_ACTIVATION_H_
