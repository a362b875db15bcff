// CAST: converts every element to the output's type, as LiteRT's cast.cc
// does: C++ conversion (static_cast; to bool: value != 0), except that float
// to integer saturates (below the type's range: its lowest value; above:
// its highest; NaN: its highest) and truncates toward zero otherwise.
// Quantization parameters are ignored: raw values are converted.
#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

bool IsCastType(DataType type) {
  switch (type) {
    case DataType::kFloat32:
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kBool:
      return true;
    default:
      return false;
  }
}

template <typename To>
struct Converter {
  template <typename From>
  static To Convert(From value) {
    return static_cast<To>(value);
  }
  static To Convert(float value) {
    if (std::isnan(value)) return std::numeric_limits<To>::max();
    const float lowest = static_cast<float>(std::numeric_limits<To>::lowest());
    float highest = static_cast<float>(std::numeric_limits<To>::max());
    // int32/int64 maxima round up to a power of two in float: step below it.
    if (static_cast<long double>(highest) >
        static_cast<long double>(std::numeric_limits<To>::max())) {
      highest = std::nextafter(highest, 0.0f);
    }
    if (value < lowest) return std::numeric_limits<To>::lowest();
    if (value > highest) return std::numeric_limits<To>::max();
    return static_cast<To>(value);
  }
};

template <>
struct Converter<bool> {
  template <typename From>
  static bool Convert(From value) {
    return value != From(0);
  }
};

template <>
struct Converter<float> {
  template <typename From>
  static float Convert(From value) {
    return static_cast<float>(value);
  }
};

template <typename From, typename To>
void CastAll(const From* input, To* output, int64_t count) {
  for (int64_t i = 0; i < count; ++i) output[i] = Converter<To>::Convert(input[i]);
}

// Calls f(T{}) for the C++ type of a cast type.
template <typename F>
void WithType(DataType type, F&& f) {
  switch (type) {
    case DataType::kFloat32: f(float{}); break;
    case DataType::kInt8: f(int8_t{}); break;
    case DataType::kUInt8: f(uint8_t{}); break;
    case DataType::kInt16: f(int16_t{}); break;
    case DataType::kInt32: f(int32_t{}); break;
    case DataType::kInt64: f(int64_t{}); break;
    case DataType::kBool: f(bool{}); break;
    default: break;
  }
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  if (!IsCastType(input.type) || !IsCastType(output.type)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "cast from %s to %s is not supported",
                                 DataTypeName(input.type), DataTypeName(output.type));
  }
  return context.ResizeOutput(0, input.shape);
}

Status Eval(KernelContext& context) {
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t count = input.element_count();
  WithType(input.type, [&](auto from) {
    using From = decltype(from);
    WithType(output.type, [&](auto to) {
      using To = decltype(to);
      CastAll(input.data_as<From>(), output.data_as<To>(), count);
    });
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CAST() {
  static const OpKernel kernel = {"CAST", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
