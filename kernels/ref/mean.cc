// MEAN over constant axes. float32 (QUANTIZATION.md §3): a float sum per
// output in input row-major order, then / float(N). int8/uint8/int16: LiteRT's
// reference QuantizedMeanOrSum (§2.9), not its optimized 4-D path.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kAxes = 1;
constexpr int kMaxMeanRank = 8;

struct MeanData {
  int32_t rank = 0;
  int32_t input_dims[kMaxMeanRank];
  int64_t output_strides[kMaxMeanRank];  // 0 along reduced axes
  int64_t input_count = 0;
  int64_t output_count = 0;
  int64_t reduced_count = 1;  // N, elements summed into each output
  // Quantized: M = s_in / s_out with 1/N folded in as LiteRT does.
  QuantizedMultiplier multiplier;
  int sum_scratch = -1;  // int32 sums, one per output
};

// §2.9: t = min(floor(log2 N), 32, 31 + e); m' = floor(m * 2^t / N); e' = e - t.
QuantizedMultiplier FoldInCount(QuantizedMultiplier m, int64_t count) {
  int shift = 0;
  while ((count >> (shift + 1)) != 0) ++shift;
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + m.shift);
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
    return context.Error("%s MEAN needs per-tensor quantized input and output",
                         DataTypeName(input.type));
  }
  if (input.type == DataType::kInt16 && (qi.zero_point() != 0 || qo.zero_point() != 0)) {
    return context.Error("int16 zero points must be 0, got %d and %d", qi.zero_point(),
                         qo.zero_point());
  }
  data->multiplier =
      QuantizeMultiplier(static_cast<double>(qi.scale()) / static_cast<double>(qo.scale()));
  if (data->reduced_count > 0) {
    data->multiplier = FoldInCount(data->multiplier, data->reduced_count);
  }
  // MBQM shifts the centered sum left by e' > 0 in int32 (§4.12).
  if (data->multiplier.shift > 0) {
    const double span = input.type == DataType::kInt16 ? 65535.0 : 255.0;
    const double bound =
        span * static_cast<double>(data->reduced_count) * std::ldexp(1.0, data->multiplier.shift);
    if (bound > INT32_MAX) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "input/output scale ratio %g overflows int32",
                                   qi.scale() / qo.scale());
    }
  }
  if (data->output_count == 0) return Status::Ok();
  return context.RequestScratch(static_cast<size_t>(data->output_count) * sizeof(int32_t),
                                &data->sum_scratch);
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(kInput);
  const Tensor* axes = context.input(kAxes);
  if (input == nullptr || axes == nullptr) return context.Error("an input is missing");
  const Tensor* output = context.output(0);
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output->type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(type));
  }
  const int rank = input->rank();
  if (rank > kMaxMeanRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input has rank %d, at most %d supported", rank, kMaxMeanRank);
  }
  if (axes->type != DataType::kInt32) {
    return context.Error("axes must be int32, got %s", DataTypeName(axes->type));
  }
  if (axes->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "axes is not a constant tensor (brasa fixes shapes at Prepare)");
  }
  // Resolve negative axes; repeats count once (LiteRT's ResolveAxis).
  bool reduced[kMaxMeanRank] = {};
  const int32_t* axis_values = axes->data_as<int32_t>();
  const int64_t num_axes = axes->element_count();
  for (int64_t i = 0; i < num_axes && rank > 0; ++i) {
    const int32_t axis = axis_values[i] < 0 ? axis_values[i] + rank : axis_values[i];
    if (axis < 0 || axis >= rank) {
      return context.Error("axis %d is out of range for rank %d", axis_values[i], rank);
    }
    reduced[axis] = true;
  }

  MeanData* data = context.NewOpData<MeanData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  const bool keep_dims =
      context.raw_params() != nullptr && context.params<ReducerParams>().keep_dims;
  Shape shape;
  data->rank = rank;
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    data->input_dims[d] = input->dim(d);
    data->output_strides[d] = reduced[d] ? 0 : stride;
    (reduced[d] ? data->reduced_count : stride) *= input->dim(d);
  }
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d] || keep_dims) shape.push_back(reduced[d] ? 1 : input->dim(d));
  }
  data->input_count = input->element_count();
  data->output_count = stride;

  if (type != DataType::kFloat32) {
    BRASA_RETURN_IF_ERROR(PrepareQuantized(context, *input, *output, data));
  }
  return context.ResizeOutput(0, shape);
}

// Adds input element i into accumulator[offset of its output], walking the
// input in row-major order (LiteRT's Reduce loop, so float sums keep its
// order): one innermost row at a time, then an odometer over the outer axes.
template <typename In, typename Acc, typename Add>
void SumInto(const MeanData& d, const In* input, Acc* accumulator, Add add) {
  for (int64_t o = 0; o < d.output_count; ++o) accumulator[o] = Acc();
  const int last = d.rank - 1;  // rank 0: one element, one output
  const int64_t row = d.rank > 0 ? d.input_dims[last] : 1;
  const int64_t step = d.rank > 0 ? d.output_strides[last] : 0;  // 0: the row is reduced
  int32_t index[kMaxMeanRank] = {};
  int64_t output_offset = 0;
  for (int64_t i = 0; i < d.input_count; i += row) {
    Acc* target = accumulator + output_offset;
    const In* source = input + i;
    for (int64_t j = 0; j < row; ++j) target[j * step] = add(target[j * step], source[j]);
    for (int dim = last - 1; dim >= 0; --dim) {
      if (++index[dim] < d.input_dims[dim]) {
        output_offset += d.output_strides[dim];
        break;
      }
      output_offset -= d.output_strides[dim] * (d.input_dims[dim] - 1);
      index[dim] = 0;
    }
  }
}

void EvalFloat(const MeanData& d, const float* input, float* output) {
  if (d.input_count == 0) {  // LiteRT fills an empty reduction with NaN
    for (int64_t o = 0; o < d.output_count; ++o) {
      output[o] = std::numeric_limits<float>::quiet_NaN();
    }
    return;
  }
  SumInto(d, input, output, [](float sum, float x) { return sum + x; });
  const float count = static_cast<float>(d.reduced_count);
  for (int64_t o = 0; o < d.output_count; ++o) output[o] /= count;
}

template <typename T>
void EvalQuantized(const MeanData& d, int32_t zp_in, int32_t zp_out, const T* input, int32_t* sums,
                   T* output) {
  if (d.input_count == 0) {  // LiteRT leaves integer outputs at 0
    for (int64_t o = 0; o < d.output_count; ++o) output[o] = 0;
    return;
  }
  // int32 sums wrap like LiteRT's WrappingAdd.
  SumInto(d, input, sums, [](int32_t sum, T x) {
    return static_cast<int32_t>(static_cast<uint32_t>(sum) + static_cast<uint32_t>(int32_t{x}));
  });
  const int64_t zero_point_total = static_cast<int64_t>(zp_in) * d.reduced_count;
  for (int64_t o = 0; o < d.output_count; ++o) {
    const int32_t centered = static_cast<int32_t>(static_cast<int64_t>(sums[o]) - zero_point_total);
    const int32_t value = MultiplyByQuantizedMultiplier(centered, d.multiplier) + zp_out;
    output[o] = ClampTo<T>(value);
  }
}

Status Eval(KernelContext& context) {
  const MeanData& d = *context.op_data<MeanData>();
  const Tensor* input = context.input(kInput);
  Tensor* output = context.output(0);
  if (input->type == DataType::kFloat32) {
    EvalFloat(d, input->data_as<float>(), output->data_as<float>());
    return Status::Ok();
  }
  const int32_t zp_in = input->quantization.zero_point();
  const int32_t zp_out = output->quantization.zero_point();
  int32_t* sums = static_cast<int32_t*>(context.scratch(d.sum_scratch));
  switch (input->type) {
    case DataType::kInt8:
      EvalQuantized(d, zp_in, zp_out, input->data_as<int8_t>(), sums, output->data_as<int8_t>());
      break;
    case DataType::kUInt8:
      EvalQuantized(d, zp_in, zp_out, input->data_as<uint8_t>(), sums, output->data_as<uint8_t>());
      break;
    case DataType::kInt16:
      EvalQuantized(d, zp_in, zp_out, input->data_as<int16_t>(), sums, output->data_as<int16_t>());
      break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_MEAN() {
  static const OpKernel kernel = {"MEAN", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
