// CONCATENATION along one axis (QUANTIZATION.md §2.11): a raw copy per input
// slice, except uint8 inputs whose (scale, zero point) differ from the
// output's, which LiteRT requantizes in float. int8 inputs must share the
// output's quantization; int16 needs zero points of 0.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/quant_math.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// One input's slice of every outer row.
struct InputSlice {
  int64_t elements = 0;     // axis size times inner size
  bool requantize = false;  // uint8 with quantization different from output
  float scale = 0.0f;       // s_in * (1 / s_out), in float like LiteRT
  float bias = 0.0f;        // -zp_in * scale
};

struct ConcatData {
  int64_t outer = 1;
  int32_t num_inputs = 0;
  bool apply_float_range = false;
  FloatRange float_range;
  InputSlice* slices = nullptr;  // num_inputs entries, persistent
};

Status Prepare(KernelContext& context) {
  const int num_inputs = context.num_inputs();
  if (num_inputs < 1 || context.num_outputs() != 1) {
    return context.Error("expects at least 1 input and 1 output, got %d and %d", num_inputs,
                         context.num_outputs());
  }
  const ConcatenationParams* params = static_cast<const ConcatenationParams*>(context.raw_params());
  const ConcatenationParams defaults;
  if (params == nullptr) params = &defaults;
  const Tensor* first = context.input(0);
  if (first == nullptr) return context.Error("input 0 is missing");
  const Tensor* output = context.output(0);
  const DataType type = first->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16 && type != DataType::kInt32 && type != DataType::kInt64) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output->type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(type));
  }
  // LiteRT rejects every fused activation; brasa also applies them to float.
  if (params->activation != Activation::kNone &&
      (type != DataType::kFloat32 || !IsSupportedActivation(params->activation))) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "fused activation %d is not supported for %s",
                                 static_cast<int>(params->activation), DataTypeName(type));
  }
  const int rank = first->rank();
  if (rank == 0) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "scalar inputs are not supported");
  }
  const int axis = params->axis < 0 ? params->axis + rank : params->axis;
  if (axis < 0 || axis >= rank) {
    return context.Error("axis %d is out of range for rank %d", params->axis, rank);
  }

  ConcatData* data = context.NewOpData<ConcatData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->slices = static_cast<InputSlice*>(
      context.AllocatePersistent(sizeof(InputSlice) * static_cast<size_t>(num_inputs)));
  if (data->slices == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->num_inputs = num_inputs;
  data->apply_float_range = params->activation != Activation::kNone;
  data->float_range = FloatActivationRange(params->activation);
  int64_t inner = 1;
  for (int d = axis + 1; d < rank; ++d) inner *= first->dim(d);
  for (int d = 0; d < axis; ++d) data->outer *= first->dim(d);

  const float output_scale = output->quantization.scale();
  const int32_t output_zero_point = output->quantization.zero_point();
  int64_t axis_total = 0;
  for (int i = 0; i < num_inputs; ++i) {
    const Tensor* input = context.input(i);
    if (input == nullptr) return context.Error("input %d is missing", i);
    if (input->type != type) {
      return context.Error("input %d has type %s, input 0 has %s", i, DataTypeName(input->type),
                           DataTypeName(type));
    }
    if (input->rank() != rank) {
      return context.Error("input %d has rank %d, input 0 has rank %d", i, input->rank(), rank);
    }
    for (int d = 0; d < rank; ++d) {
      if (d != axis && input->dim(d) != first->dim(d)) {
        return context.Error("input %d has size %d in dimension %d, input 0 has %d", i,
                             input->dim(d), d, first->dim(d));
      }
    }
    axis_total += input->dim(axis);
    if (axis_total > INT32_MAX) return context.Error("concatenated axis is too large");

    const float scale = input->quantization.scale();
    const int32_t zero_point = input->quantization.zero_point();
    const bool same_quantization = scale == output_scale && zero_point == output_zero_point;
    if (type == DataType::kInt8 && !same_quantization) {
      return context.Error("input %d quantization (%g, %d) differs from output (%g, %d)", i, scale,
                           zero_point, output_scale, output_zero_point);
    }
    if (type == DataType::kInt16 && zero_point != 0) {
      return context.Error("input %d has int16 zero point %d, expected 0", i, zero_point);
    }
    InputSlice& slice = data->slices[i];
    slice = InputSlice();
    slice.elements = input->dim(axis) * inner;
    if (type == DataType::kUInt8 && !same_quantization) {
      if (!input->quantization.is_quantized() || !output->quantization.is_quantized()) {
        return context.Error("uint8 input %d and the output must both be quantized", i);
      }
      slice.requantize = true;
      slice.scale = scale * (1.0f / output_scale);
      slice.bias = static_cast<float>(-zero_point) * slice.scale;
      // A scale ratio beyond float (a tiny output scale) would make q * a + b
      // NaN (inf * 0 or inf - inf), whose int conversion is undefined.
      if (!std::isfinite(slice.scale) || !std::isfinite(slice.bias)) {
        return context.Error("input %d scale %g over output scale %g is not a finite float", i,
                             scale, output_scale);
      }
    }
  }
  if (type == DataType::kInt16 && output_zero_point != 0) {
    return context.Error("output has int16 zero point %d, expected 0", output_zero_point);
  }
  Shape shape = first->shape;
  shape[static_cast<size_t>(axis)] = static_cast<int32_t>(axis_total);
  return context.ResizeOutput(0, shape);
}

// LiteRT's ConcatenationWithScaling element: round(q * a + b) + zp_out, float.
void RequantizeUint8(const InputSlice& slice, int32_t output_zero_point, const uint8_t* input,
                     uint8_t* output) {
  for (int64_t j = 0; j < slice.elements; ++j) {
    float value = RoundAway(static_cast<float>(input[j]) * slice.scale + slice.bias);
    value = std::min(std::max(value, -1e9f), 1e9f);  // a defined cast; same clamp result
    const int32_t q = static_cast<int32_t>(value) + output_zero_point;
    output[j] = ClampTo<uint8_t>(q);
  }
}

Status Eval(KernelContext& context) {
  const ConcatData& data = *context.op_data<ConcatData>();
  Tensor* output = context.output(0);
  const size_t element_size = DataTypeSize(output->type);
  const int32_t output_zero_point = output->quantization.zero_point();
  uint8_t* out = output->data_as<uint8_t>();
  for (int64_t k = 0; k < data.outer; ++k) {
    for (int i = 0; i < data.num_inputs; ++i) {
      const InputSlice& slice = data.slices[i];
      const size_t bytes = static_cast<size_t>(slice.elements) * element_size;
      const uint8_t* in = context.input(i)->data_as<uint8_t>() + static_cast<size_t>(k) * bytes;
      if (slice.requantize) {
        RequantizeUint8(slice, output_zero_point, in, out);
      } else if (bytes > 0) {
        std::memcpy(out, in, bytes);
      }
      out += bytes;
    }
  }
  if (data.apply_float_range) {
    float* values = output->data_as<float>();
    const int64_t count = output->element_count();
    for (int64_t j = 0; j < count; ++j) values[j] = ApplyFloatRange(values[j], data.float_range);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CONCATENATION() {
  static const OpKernel kernel = {"CONCATENATION", Prepare, Eval,
                                  internal::ParseConcatenationOptions};
  return &kernel;
}

}  // namespace brasa
