// LOG: natural logarithm. float32 (std::log), and int8 / int16 through
// LiteRT's tables (elementwise.cc LogLUTPrepare): log of the dequantized
// input, with every input <= 0 mapped to the output's smallest value.
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/lut_activation.h"

namespace brasa {
namespace {

// Non-positive inputs give 0 here; Prepare overwrites their table entries.
float LogOfPositive(float x) { return x > 0.0f ? std::log(x) : 0.0f; }
float Log(float x) { return std::log(x); }

Status Prepare(KernelContext& context) {
  const Tensor* input = context.num_inputs() == 1 ? context.input(0) : nullptr;
  const bool float32 = input == nullptr || input->type == DataType::kFloat32;
  BRASA_RETURN_IF_ERROR(
      PrepareLutActivation(context, float32 ? Log : LogOfPositive, kLutInt16));
  if (float32) return Status::Ok();
  LutActivationOpData& data = *context.op_data<LutActivationOpData>();
  if (input->type == DataType::kInt16) {
    // The table function needs the output's minimum: rebuilt with it.
    const Quantization& qo = context.output(0)->quantization;
    const float output_min = static_cast<float>(-32768 - qo.zero_point()) * qo.scale();
    PopulateLutInt16<float>(
        input->quantization.scale(), input->quantization.zero_point(), qo.scale(),
        qo.zero_point(), [output_min](float x) { return x <= 0.0f ? output_min : std::log(x); },
        data.table16);
    return Status::Ok();
  }
  const float scale = input->quantization.scale();
  const int32_t zero_point = input->quantization.zero_point();
  for (int32_t q = -128; q <= 127; ++q) {
    if (scale * static_cast<float>(q - zero_point) <= 0.0f) {
      data.table[static_cast<uint8_t>(static_cast<int8_t>(q))] = 0x80;  // int8 -128
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_LOG() {
  static const OpKernel kernel = {"LOG", Prepare, EvalLutActivation};
  return &kernel;
}

}  // namespace brasa
