// MEAN and SUM over constant axes. float32 (QUANTIZATION.md §3): a float sum
// per output in input row-major order, then (MEAN) / float(N). int8/uint8/
// int16: LiteRT's reference QuantizedMeanOrSum (§2.9), not its optimized 4-D
// path; SUM is the same without 1/N folded into the multiplier. SUM also
// takes int32/int64 (wrapping sums, LiteRT's generic Reduce).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/reduce.h"
#include "kernels/ref/mean.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int32_t kSumCode = 74;  // builtin code of SUM

// §2.9: t = min(floor(log2 N), 32, 31 + e); m' = floor(m * 2^t / N); e' = e - t.
QuantizedMultiplier FoldInCount(QuantizedMultiplier m, int64_t count) {
  int shift = 0;
  while ((count >> (shift + 1)) != 0) ++shift;
  shift = std::min(shift, 32);
  shift = std::min<int32_t>(shift, 31 + m.shift);
  m.multiplier = static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << shift) / count);
  m.shift -= shift;
  return m;
}

// §2.9 multiplier, overflow guard and the int32 sum scratch.
Status PrepareQuantized(KernelContext& context, const Tensor& input, const Tensor& output,
                        MeanData* data) {
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  if (!qi.is_quantized() || !qo.is_quantized() || qi.is_per_channel() || qo.is_per_channel()) {
    return context.Error("%s %s needs per-tensor quantized input and output",
                         DataTypeName(input.type), context.op_name());
  }
  if (input.type == DataType::kInt16 && (qi.zero_point() != 0 || qo.zero_point() != 0)) {
    return context.Error("int16 zero points must be 0, got %d and %d", qi.zero_point(),
                         qo.zero_point());
  }
  data->multiplier =
      QuantizeMultiplier(static_cast<double>(qi.scale()) / static_cast<double>(qo.scale()));
  if (!data->is_sum && data->geometry.reduced_count > 0) {
    data->multiplier = FoldInCount(data->multiplier, data->geometry.reduced_count);
  }
  // MBQM shifts the centered sum left by e' > 0 in int32 (§4.12).
  if (data->multiplier.shift > 0) {
    const double span = input.type == DataType::kInt16 ? 65535.0 : 255.0;
    const double bound = span * static_cast<double>(data->geometry.reduced_count) *
                         std::ldexp(1.0, data->multiplier.shift);
    if (bound > INT32_MAX) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "input/output scale ratio %g overflows int32",
                                   qi.scale() / qo.scale());
    }
  }
  if (data->geometry.output_count == 0) return Status::Ok();
  return context.RequestScratch(static_cast<size_t>(data->geometry.output_count) * sizeof(int32_t),
                                &data->sum_scratch);
}

}  // namespace

Status PrepareMeanReference(KernelContext& context, MeanData* data) {
  const bool keep_dims =
      context.raw_params() != nullptr && context.params<ReducerParams>().keep_dims;
  Shape shape;
  BRASA_RETURN_IF_ERROR(PrepareReduceGeometry(context, keep_dims, &data->geometry, &shape));
  const Tensor* input = context.input(0);
  const Tensor* output = context.output(0);
  const DataType type = input->type;
  data->is_sum = context.builtin_code() == kSumCode;
  const bool plain_integer = data->is_sum && (type == DataType::kInt32 || type == DataType::kInt64);
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16 && !plain_integer) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output->type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(type));
  }
  if (type != DataType::kFloat32 && !plain_integer) {
    BRASA_RETURN_IF_ERROR(PrepareQuantized(context, *input, *output, data));
  }
  return context.ResizeOutput(0, shape);
}

namespace {

Status Prepare(KernelContext& context) {
  MeanData* data = context.NewOpData<MeanData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  return PrepareMeanReference(context, data);
}

void EvalFloat(const ReduceGeometry& d, bool is_sum, const float* input, float* output) {
  if (d.input_count == 0 && !is_sum) {  // LiteRT fills an empty MEAN with NaN
    for (int64_t o = 0; o < d.output_count; ++o) {
      output[o] = std::numeric_limits<float>::quiet_NaN();
    }
    return;
  }
  for (int64_t o = 0; o < d.output_count; ++o) output[o] = 0.0f;
  ReduceInto(d, input, output, [](float& sum, float x, bool) { sum += x; });
  if (is_sum) return;
  const float count = static_cast<float>(d.reduced_count);
  for (int64_t o = 0; o < d.output_count; ++o) output[o] /= count;
}

// SUM of int32/int64: sums wrap (LiteRT's AddTensorValuesWithExpectedOverflow).
template <typename T>
void EvalWrappingSum(const ReduceGeometry& d, const T* input, T* output) {
  using U = typename std::make_unsigned<T>::type;
  for (int64_t o = 0; o < d.output_count; ++o) output[o] = 0;
  ReduceInto(d, input, output, [](T& sum, T x, bool) {
    sum = static_cast<T>(static_cast<U>(sum) + static_cast<U>(x));
  });
}

template <typename T>
void EvalQuantized(const ReduceGeometry& d, QuantizedMultiplier multiplier, int32_t zp_in,
                   int32_t zp_out, const T* input, int32_t* sums, T* output) {
  if (d.input_count == 0) {  // LiteRT leaves integer outputs at 0
    for (int64_t o = 0; o < d.output_count; ++o) output[o] = 0;
    return;
  }
  // int32 sums wrap like LiteRT's WrappingAdd.
  for (int64_t o = 0; o < d.output_count; ++o) sums[o] = 0;
  ReduceInto(d, input, sums, [](int32_t& sum, T x, bool) {
    sum = WrapAdd(sum, int32_t{x});
  });
  const int64_t zero_point_total = static_cast<int64_t>(zp_in) * d.reduced_count;
  for (int64_t o = 0; o < d.output_count; ++o) {
    const int32_t centered = static_cast<int32_t>(static_cast<int64_t>(sums[o]) - zero_point_total);
    const int32_t value = WrapAdd(MultiplyByQuantizedMultiplier(centered, multiplier), zp_out);
    output[o] = ClampTo<T>(value);
  }
}

}  // namespace

Status EvalMeanReference(KernelContext& context, const MeanData& data) {
  const ReduceGeometry& d = data.geometry;
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  switch (input->type) {
    case DataType::kFloat32:
      EvalFloat(d, data.is_sum, input->data_as<float>(), output->data_as<float>());
      return Status::Ok();
    case DataType::kInt32:
      EvalWrappingSum(d, input->data_as<int32_t>(), output->data_as<int32_t>());
      return Status::Ok();
    case DataType::kInt64:
      EvalWrappingSum(d, input->data_as<int64_t>(), output->data_as<int64_t>());
      return Status::Ok();
    default: break;
  }
  const QuantizedMultiplier m = data.multiplier;
  const int32_t zp_in = input->quantization.zero_point();
  const int32_t zp_out = output->quantization.zero_point();
  int32_t* sums = static_cast<int32_t*>(context.scratch(data.sum_scratch));
  switch (input->type) {
    case DataType::kInt8:
      EvalQuantized(d, m, zp_in, zp_out, input->data_as<int8_t>(), sums, output->data_as<int8_t>());
      break;
    case DataType::kUInt8:
      EvalQuantized(d, m, zp_in, zp_out, input->data_as<uint8_t>(), sums,
                    output->data_as<uint8_t>());
      break;
    case DataType::kInt16:
      EvalQuantized(d, m, zp_in, zp_out, input->data_as<int16_t>(), sums,
                    output->data_as<int16_t>());
      break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

namespace {

Status Eval(KernelContext& context) {
  return EvalMeanReference(context, *context.op_data<MeanData>());
}

}  // namespace

const OpKernel* Register_MEAN() {
  static const OpKernel kernel = {"MEAN", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

const OpKernel* Register_SUM() {
  static const OpKernel kernel = {"SUM", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

}  // namespace brasa
