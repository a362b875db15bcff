// SOFTMAX over the last dimension (QUANTIZATION.md §2.7 and §3, LiteRT's
// activations.cc with the reference kernels): float32; int8 -> int8,
// uint8 -> uint8 and int8 -> int16 with gemmlowp fixed point; int16 -> int16
// with LiteRT's double-precision lookup tables. Register_SOFTMAX_INT8: int8
// input only (int8 or int16 output), without the float32 exp, the uint8 loops
// and the int16 tables (no double exp: about 3 KB less flash on a Cortex-M4).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/exact_scales.h"
#include "kernels/ref/common/fixed_point.h"
#include "kernels/ref/common/lut.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"
#include "kernels/ref/softmax.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kScaledDiffIntegerBits = 5;   // exp() input is Q5.26
constexpr int kAccumulationIntegerBits = 12;  // sum of exps is Q12.19

// Each Eval computes an element's exp twice (sum, then output): the table's
// 256 entries pay off from 128 elements on.
constexpr int64_t kExpTableMinElements = 128;

template <typename T>
T* NewTable(KernelContext& context, size_t count) {
  return static_cast<T*>(context.AllocatePersistent(sizeof(T) * count));
}

double ExpDouble(double x) { return std::exp(x); }
double OneOverOnePlusX(double x) { return 1.0 / (1.0 + x); }

// The output quantization LiteRT requires for each quantized output type.
Status CheckOutputQuantization(KernelContext& context, const Tensor& output) {
  int32_t zero_point = 0;
  float scale = 1.0f / 256;
  if (output.type == DataType::kInt8) zero_point = -128;
  if (output.type == DataType::kInt16) {
    const bool from_int16 = context.input(0)->type == DataType::kInt16;
    zero_point = from_int16 ? 0 : -32768;
    scale = from_int16 ? 1.0f / 32768 : 1.0f / 65536;
  }
  const Quantization& q = output.quantization;
  if (!q.is_quantized() || q.zero_point() != zero_point ||
      std::fabs(q.scale() - scale) > 0.001f * scale) {
    return context.Error("%s output must have zero point %d and scale %g (got %d and %g)",
                         DataTypeName(output.type), zero_point, static_cast<double>(scale),
                         q.zero_point(), static_cast<double>(q.scale()));
  }
  return Status::Ok();
}

// exp(beta * s_in * diff) in Q0 for a difference >= diff_min.
int32_t ExpOfDifference(const SoftmaxOpData& data, int32_t diff) {
  // diff >= diff_min keeps |diff| * 2^shift below 2^31.
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(diff) << data.input_beta.shift);
  const int32_t rescaled = SaturatingRoundingDoublingHighMul(shifted, data.input_beta.multiplier);
  return fixed_point::ExpOnNegativeValues(rescaled, kScaledDiffIntegerBits);
}

// The same, from the table when Prepare made one.
int32_t ExpOf(const SoftmaxOpData& data, int32_t diff) {
  return data.exp_of_difference != nullptr ? data.exp_of_difference[-diff]
                                           : ExpOfDifference(data, diff);
}

}  // namespace

int32_t SoftmaxSumTerm(const SoftmaxOpData& data, int32_t diff) {
  if (diff < data.diff_min) return 0;
  return RoundingDivideByPOT(ExpOf(data, diff), kAccumulationIntegerBits);
}

SoftmaxRowScale SoftmaxRowScaleOf(int32_t sum_of_exps, int output_bits) {
  SoftmaxRowScale scale;
  int bits_over_unit = 0;
  scale.reciprocal =
      fixed_point::GetReciprocal(sum_of_exps, kAccumulationIntegerBits, &bits_over_unit);
  // Only a wrapped (overflowed) sum could push the exponent past 31.
  scale.exponent = std::min(std::max(bits_over_unit + 31 - output_bits, 0), 31);
  return scale;
}

int32_t SoftmaxOutput(const SoftmaxOpData& data, const SoftmaxRowScale& scale, int32_t diff,
                      int32_t out_min, int32_t out_max) {
  if (diff < data.diff_min) return out_min;
  const int32_t scaled = RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(scale.reciprocal, ExpOf(data, diff)), scale.exponent);
  return std::min(std::max(scaled + out_min, out_min), out_max);
}

namespace {

template <bool kInt8Only>
Status PrepareQuantized(KernelContext& context, const Tensor& input, SoftmaxOpData* data) {
  const float input_scale = input.quantization.scale();
  if (!kInt8Only && input.type == DataType::kInt16) {
    if (input.quantization.zero_point() != 0) {
      return context.Error("int16 input zero point must be 0, got %d", input.quantization.zero_point());
    }
    data->exp_lut = NewTable<int16_t>(context, kInt16LutSize);
    data->reciprocal_lut = NewTable<int16_t>(context, kInt16LutSize);
    if (data->exp_lut == nullptr || data->reciprocal_lut == nullptr) {
      return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for tables");
    }
    PopulateLutInt16(10.0 / 65535.0, 32767, 2.0 / 65535.0, 0, ExpDouble, data->exp_lut);
    PopulateLutInt16(1.0 / 65535.0, -32768, 2.0 / 65535.0, 0, OneOverOnePlusX, data->reciprocal_lut);
    // The product is formed in float, the division in double (LiteRT).
    const float scale_beta = input_scale * data->beta;
    data->input_int16 = QuantizeMultiplier(scale_beta / (10.0 / 65535.0));
    // Differences reach -65535; the MBQM left shift must not overflow.
    if (data->input_int16.shift > 15) {
      return context.ErrorWithCode(StatusCode::kUnsupported, "beta * input scale %g is too large",
                                   static_cast<double>(scale_beta));
    }
    return Status::Ok();
  }
  // PreprocessSoftmaxScaling: beta * s_in in Q5.26, capped at 2^31 - 1.
  // In double there (the product of two floats is exact), here from the
  // bits (exact_scales.h): min(product * 2^26, 2^31 - 1) as
  // product / 2^-26. The product's special cases in float compares, as the
  // double code met them: NaN, zero or negative is refused below (not above
  // 1), infinite capped.
  constexpr double kCap = static_cast<double>((int64_t{1} << 31) - 1);
  constexpr float kOverQ26 = 1.0f / static_cast<float>(1 << (31 - kScaledDiffIntegerBits));
  const float beta = data->beta;
  double real = 0.0;
  if ((beta > 0.0f && input_scale > 0.0f) || (beta < 0.0f && input_scale < 0.0f)) {
    real = std::isinf(beta) || std::isinf(input_scale) ? kCap
                                                      : ExactRatio(beta, input_scale, kOverQ26);
  }
  if (IsAbove(real, kCap)) real = kCap;
  if (!IsAbove(real, 1.0)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "beta * input scale %g is too small",
                                 static_cast<double>(data->beta * input_scale));
  }
  data->input_beta = QuantizeMultiplier(real);
  // CalculateInputRadius(5, shift): the largest |difference| whose rescaled
  // value still fits Q5.26, floor(31 * 2^26 / 2^shift). LiteRT divides in
  // double, which is exact for a power of two: the shift gives the same floor
  // without an int64->double conversion or floor() in a microcontroller
  // image. real > 1 above: shift in [1, 31].
  const int64_t radius_numerator = int64_t{(1 << kScaledDiffIntegerBits) - 1}
                                   << (31 - kScaledDiffIntegerBits);
  data->diff_min = -static_cast<int32_t>(radius_numerator >> data->input_beta.shift);
  if (input.element_count() < kExpTableMinElements) return Status::Ok();
  data->exp_of_difference = NewTable<int32_t>(context, 256);
  if (data->exp_of_difference == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for tables");
  }
  for (int32_t i = 0; i < 256; ++i) {
    data->exp_of_difference[i] = -i >= data->diff_min ? ExpOfDifference(*data, -i) : 0;
  }
  return Status::Ok();
}

template <bool kInt8Only>
Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor& output = *context.output(0);
  if (input->rank() < 1) return context.Error("input must have at least one dimension");
  const DataType in = input->type, out = output.type;
  const bool int8_input = in == DataType::kInt8 && (out == DataType::kInt8 || out == DataType::kInt16);
  const bool supported =
      int8_input || (!kInt8Only && in == out &&
                     (in == DataType::kFloat32 || in == DataType::kUInt8 || in == DataType::kInt16));
  if (!supported) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "%s input with %s output is not supported",
                                 DataTypeName(in), DataTypeName(out));
  }
  SoftmaxOpData* data = context.NewOpData<SoftmaxOpData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  if (context.raw_params() != nullptr) data->beta = context.params<SoftmaxParams>().beta;
  if (in != DataType::kFloat32) {
    if (!input->quantization.is_quantized()) return context.Error("input has no quantization");
    BRASA_RETURN_IF_ERROR(CheckOutputQuantization(context, output));
    BRASA_RETURN_IF_ERROR(PrepareQuantized<kInt8Only>(context, *input, data));
    if (in == DataType::kInt16 && input->shape.back() > 65536) {  // the int32 sum must not wrap
      return context.ErrorWithCode(StatusCode::kUnsupported, "int16 depth %d exceeds 65536",
                                   input->shape.back());
    }
  }
  return context.ResizeOutput(0, input->shape);
}

void SoftmaxFloat(const SoftmaxOpData& data, const float* in, float* out, int64_t rows, int32_t depth) {
  for (int64_t r = 0; r < rows; ++r, in += depth, out += depth) {
    float max = std::numeric_limits<float>::lowest();
    for (int32_t c = 0; c < depth; ++c) max = std::max(max, in[c]);
    float sum = 0.0f;
    for (int32_t c = 0; c < depth; ++c) {
      out[c] = std::exp((in[c] - max) * data.beta);
      sum += out[c];
    }
    for (int32_t c = 0; c < depth; ++c) out[c] = out[c] / sum;
  }
}

// §2.7: sum the exps in Q12.19, take the reciprocal, scale each exp by it.
template <typename InT, typename OutT>
void SoftmaxQuantized(const SoftmaxOpData& data, const InT* in, OutT* out, int64_t rows, int32_t depth) {
  const int32_t out_min = std::numeric_limits<OutT>::min();
  const int32_t out_max = std::numeric_limits<OutT>::max();
  for (int64_t r = 0; r < rows; ++r, in += depth, out += depth) {
    int32_t max = std::numeric_limits<InT>::min();
    for (int32_t c = 0; c < depth; ++c) max = std::max<int32_t>(max, in[c]);
    int32_t sum_of_exps = 0;
    for (int32_t c = 0; c < depth; ++c) {
      sum_of_exps = fixed_point::Add(sum_of_exps, SoftmaxSumTerm(data, in[c] - max));
    }
    const SoftmaxRowScale scale =
        SoftmaxRowScaleOf(sum_of_exps, 8 * static_cast<int>(sizeof(OutT)));
    for (int32_t c = 0; c < depth; ++c) {
      out[c] = static_cast<OutT>(SoftmaxOutput(data, scale, in[c] - max, out_min, out_max));
    }
  }
}

// exp of (q - max) from the table, the difference mapped onto [-10, 0].
int16_t ExpInt16(const SoftmaxOpData& data, int32_t diff) {
  const int32_t scaled = MultiplyByQuantizedMultiplier(diff, data.input_int16) + 32767;
  return LutLookupInt16(ClampTo<int16_t>(scaled), data.exp_lut);
}

void SoftmaxInt16(const SoftmaxOpData& data, const int16_t* in, int16_t* out, int64_t rows, int32_t depth) {
  for (int64_t r = 0; r < rows; ++r, in += depth, out += depth) {
    int32_t max = std::numeric_limits<int16_t>::min();
    for (int32_t c = 0; c < depth; ++c) max = std::max<int32_t>(max, in[c]);
    int32_t sum_of_exps = 0;  // Q16.15
    for (int32_t c = 0; c < depth; ++c) sum_of_exps += ExpInt16(data, in[c] - max);
    // sum >= exp(0) > 0 and, with depth <= 65536, < 2^31: 1..17 (clamped for safety).
    const int headroom_plus_one = std::min(
        std::max(fixed_point::CountLeadingZeros(static_cast<uint32_t>(sum_of_exps)), 1), 31);
    // 1 / sum from the table of 1/(1+x): x = normalised sum - 1, recentred.
    const int32_t shifted_sum =
        static_cast<int32_t>(((static_cast<int64_t>(sum_of_exps) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const int16_t reciprocal = LutLookupInt16(ClampTo<int16_t>(shifted_sum - 98304), data.reciprocal_lut);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int32_t c = 0; c < depth; ++c) {
      const int64_t product = static_cast<int64_t>(ExpInt16(data, in[c] - max)) * reciprocal;
      const int32_t result = static_cast<int32_t>((product + round) >> right_shift);
      out[c] = static_cast<int16_t>(std::min<int32_t>(std::max<int32_t>(result, 0), 32767));
    }
  }
}

template <bool kInt8Only>
Status Eval(KernelContext& context) {
  const SoftmaxOpData& data = *context.op_data<SoftmaxOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int32_t depth = input.shape.back();
  const int64_t rows = depth == 0 ? 0 : input.element_count() / depth;
  if (kInt8Only || input.type == DataType::kInt8) {  // Prepare refused the others
    if (output.type == DataType::kInt16) {
      SoftmaxQuantized(data, input.data_as<int8_t>(), output.data_as<int16_t>(), rows, depth);
    } else {
      SoftmaxQuantized(data, input.data_as<int8_t>(), output.data_as<int8_t>(), rows, depth);
    }
    return Status::Ok();
  }
  switch (input.type) {
    case DataType::kFloat32:
      SoftmaxFloat(data, input.data_as<float>(), output.data_as<float>(), rows, depth);
      break;
    case DataType::kUInt8:
      SoftmaxQuantized(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), rows, depth);
      break;
    case DataType::kInt16:
      SoftmaxInt16(data, input.data_as<int16_t>(), output.data_as<int16_t>(), rows, depth);
      break;
    default:
      return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
  return Status::Ok();
}

}  // namespace

Status PrepareSoftmaxReference(KernelContext& context) { return Prepare<false>(context); }
Status EvalSoftmaxReference(KernelContext& context) { return Eval<false>(context); }

const OpKernel* Register_SOFTMAX() {
  static const OpKernel kernel = {"SOFTMAX", Prepare<false>, Eval<false>,
                                  internal::ParseSoftmaxOptions};
  return &kernel;
}

const OpKernel* Register_SOFTMAX_INT8() {
  static const OpKernel kernel = {"SOFTMAX", Prepare<true>, Eval<true>,
                                  internal::ParseSoftmaxOptions};
  return &kernel;
}

}  // namespace brasa
