// REDUCE_MAX, REDUCE_MIN, REDUCE_PROD and REDUCE_ANY over constant axes, as
// LiteRT's reference Reduce: each output starts at the reduction's identity
// (lowest / max / 1 / false) and folds its inputs in row-major order.
// Quantized MAX/MIN need the output's scale and zero point equal to the
// input's and compare raw values. Quantized PROD (int8, int16) is LiteRT's
// QuantizedReduceProd: p = x0 - zp_in, then p = MBQM64(p * (x - zp_in)) for
// each further x, y = MBQM64(p) + zp_out, clamped, with M = s_in / s_out^(1/N)
// in double (§1.6). Integer PROD wraps.
#include "kernels/ref/common/reduce.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/conv_common.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

enum class Reduction : int8_t { kMax, kMin, kProd, kAny };

Reduction ReductionOf(int32_t builtin_code) {
  switch (builtin_code) {
    case 82: return Reduction::kMax;
    case 89: return Reduction::kMin;
    case 81: return Reduction::kProd;
    default: return Reduction::kAny;  // 91
  }
}

struct ReduceData {
  ReduceGeometry geometry;
  Reduction reduction = Reduction::kMax;
  bool quantized_prod = false;
  QuantizedMultiplier multiplier;  // quantized PROD
  int prod_scratch = -1;           // quantized PROD: int32 running products
};

bool TypeSupported(Reduction reduction, DataType type) {
  switch (reduction) {
    case Reduction::kAny: return type == DataType::kBool;
    case Reduction::kProd:
      return type == DataType::kFloat32 || type == DataType::kInt32 || type == DataType::kInt64 ||
             type == DataType::kInt8 || type == DataType::kInt16;
    default:
      return type == DataType::kFloat32 || type == DataType::kInt32 || type == DataType::kInt64 ||
             type == DataType::kUInt8 || type == DataType::kInt8 || type == DataType::kInt16;
  }
}

Status PrepareQuantization(KernelContext& context, const Tensor& input, const Tensor& output,
                           ReduceData* data) {
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  if (!qo.is_quantized() || qi.scales.size() != 1 || qo.scales.size() != 1) {
    return context.Error("input and output need per-tensor quantization");
  }
  if (input.type == DataType::kInt16 && (qi.zero_point() != 0 || qo.zero_point() != 0)) {
    return context.Error("int16 zero points must be 0, got %d and %d", qi.zero_point(),
                         qo.zero_point());
  }
  if (data->reduction != Reduction::kProd) {
    if (qi.scale() != qo.scale() || qi.zero_point() != qo.zero_point()) {
      return context.Error("output quantization (%g, %d) differs from the input's (%g, %d)",
                           qo.scale(), qo.zero_point(), qi.scale(), qi.zero_point());
    }
    return Status::Ok();
  }
  data->quantized_prod = true;
  const ReduceGeometry& g = data->geometry;
  if (g.input_count == 0 || g.output_count == 0) return Status::Ok();  // nothing computed
  const double scaling = static_cast<double>(qi.scale()) /
                         std::pow(static_cast<double>(qo.scale()), 1.0 / g.reduced_count);
  data->multiplier = QuantizeMultiplier(scaling);
  if (!std::isfinite(scaling) || data->multiplier.shift > 7) {  // §1.6 takes shifts up to 7
    return context.ErrorWithCode(StatusCode::kUnsupported, "product scaling %g is too large",
                                 scaling);
  }
  return context.RequestScratch(sizeof(int32_t) * static_cast<size_t>(g.output_count),
                                &data->prod_scratch);
}

Status Prepare(KernelContext& context) {
  ReduceData* data = context.NewOpData<ReduceData>();
  if (data == nullptr) return OutOfMemory(context);
  data->reduction = ReductionOf(context.builtin_code());
  const bool keep_dims =
      context.raw_params() != nullptr && context.params<ReducerParams>().keep_dims;
  Shape shape;
  BRASA_RETURN_IF_ERROR(PrepareReduceGeometry(context, keep_dims, &data->geometry, &shape));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (!TypeSupported(data->reduction, input.type)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(input.type));
  }
  if (output.type != input.type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(input.type));
  }
  const bool eight_or_sixteen = input.type == DataType::kInt8 || input.type == DataType::kUInt8 ||
                                input.type == DataType::kInt16;
  if (eight_or_sixteen && input.quantization.is_quantized()) {
    BRASA_RETURN_IF_ERROR(PrepareQuantization(context, input, output, data));
  }
  return context.ResizeOutput(0, shape);
}

// The identity and fold of `reduction` on values of type T (bool: ANY only).
template <typename T>
void Fold(Reduction reduction, const ReduceGeometry& g, const T* input, T* output) {
  if constexpr (std::is_same<T, bool>::value) {
    std::fill(output, output + g.output_count, false);
    ReduceInto(g, input, output, [](bool& acc, bool x, bool) { acc = x || acc; });
  } else {
    T identity = T(1);  // PROD
    if (reduction == Reduction::kMax) identity = std::numeric_limits<T>::lowest();
    if (reduction == Reduction::kMin) identity = std::numeric_limits<T>::max();
    std::fill(output, output + g.output_count, identity);
    if (reduction == Reduction::kMax) {
      ReduceInto(g, input, output, [](T& acc, T x, bool) { acc = x > acc ? x : acc; });
    } else if (reduction == Reduction::kMin) {
      ReduceInto(g, input, output, [](T& acc, T x, bool) { acc = x < acc ? x : acc; });
    } else {
      ReduceInto(g, input, output, [](T& acc, T x, bool) {
        if constexpr (std::is_integral<T>::value) {  // wraps, like LiteRT
          acc = static_cast<T>(static_cast<uint64_t>(acc) * static_cast<uint64_t>(x));
        } else {
          acc = acc * x;
        }
      });
    }
  }
}

template <typename T>
void QuantizedProd(const ReduceData& d, int32_t zp_in, int32_t zp_out, const T* input,
                   int32_t* products, T* output) {
  const ReduceGeometry& g = d.geometry;
  if (g.input_count == 0) return;  // LiteRT leaves the output untouched
  const QuantizedMultiplier m = d.multiplier;
  ReduceInto(g, input, products, [=](int32_t& acc, T x, bool first) {
    const int32_t centered = int32_t{x} - zp_in;
    acc = first ? centered : MultiplyInt64ByQuantizedMultiplier(int64_t{acc} * centered, m);
  });
  for (int64_t o = 0; o < g.output_count; ++o) {
    const int32_t value = WrapAdd(MultiplyInt64ByQuantizedMultiplier(products[o], m), zp_out);
    output[o] = ClampTo<T>(value);
  }
}

Status Eval(KernelContext& context) {
  const ReduceData& d = *context.op_data<ReduceData>();
  const Tensor* in = context.input(0);
  Tensor* out = context.output(0);
  if (d.quantized_prod) {
    auto* products = static_cast<int32_t*>(context.scratch(d.prod_scratch));
    const int32_t zp_in = in->quantization.zero_point(), zp_out = out->quantization.zero_point();
    if (in->type == DataType::kInt8) {
      QuantizedProd(d, zp_in, zp_out, in->data_as<int8_t>(), products, out->data_as<int8_t>());
    } else {
      QuantizedProd(d, zp_in, zp_out, in->data_as<int16_t>(), products, out->data_as<int16_t>());
    }
    return Status::Ok();
  }
  const ReduceGeometry& g = d.geometry;
  switch (in->type) {
    case DataType::kFloat32:
      Fold(d.reduction, g, in->data_as<float>(), out->data_as<float>());
      break;
    case DataType::kInt32:
      Fold(d.reduction, g, in->data_as<int32_t>(), out->data_as<int32_t>());
      break;
    case DataType::kInt64:
      Fold(d.reduction, g, in->data_as<int64_t>(), out->data_as<int64_t>());
      break;
    case DataType::kUInt8:
      Fold(d.reduction, g, in->data_as<uint8_t>(), out->data_as<uint8_t>());
      break;
    case DataType::kInt8:
      Fold(d.reduction, g, in->data_as<int8_t>(), out->data_as<int8_t>());
      break;
    case DataType::kInt16:
      Fold(d.reduction, g, in->data_as<int16_t>(), out->data_as<int16_t>());
      break;
    case DataType::kBool: Fold(d.reduction, g, in->data_as<bool>(), out->data_as<bool>()); break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_REDUCE_MAX() {
  static const OpKernel kernel = {"REDUCE_MAX", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

const OpKernel* Register_REDUCE_MIN() {
  static const OpKernel kernel = {"REDUCE_MIN", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

const OpKernel* Register_REDUCE_PROD() {
  static const OpKernel kernel = {"REDUCE_PROD", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

const OpKernel* Register_REDUCE_ANY() {
  static const OpKernel kernel = {"REDUCE_ANY", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

}  // namespace brasa
