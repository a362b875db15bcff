// RANGE: start, start + delta, ... up to (not including) limit; three scalars
// of one type (int32, int64 or float32). The length depends on the values,
// so all three must be constants (brasa fixes shapes at Prepare). Values
// accumulate by repeated addition, as in LiteRT's reference Range.
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

template <typename T>
Status RangeLength(const KernelContext& context, T start, T limit, T delta, int64_t* length) {
  if (delta == 0 || (start > limit && delta > 0) || (start < limit && delta < 0)) {
    return context.Error("range from %g to %g in steps of %g is empty or endless",
                         static_cast<double>(start), static_cast<double>(limit),
                         static_cast<double>(delta));
  }
  double count = 0;
  if (std::is_integral<T>::value) {
    const double span = std::fabs(static_cast<double>(limit) - static_cast<double>(start));
    count = std::ceil(span / std::fabs(static_cast<double>(delta)));
  } else {  // in T (float), as LiteRT computes it
    count = std::ceil(std::fabs((limit - start) / delta));
  }
  if (!(count >= 0 && count <= INT32_MAX)) return context.Error("range is too long");
  *length = static_cast<int64_t>(count);
  return Status::Ok();
}

template <typename T>
void Fill(const Tensor& start, const Tensor& delta, T* output, int64_t length) {
  T value = start.data_as<T>()[0];
  const T step = delta.data_as<T>()[0];
  for (int64_t i = 0; i < length; ++i) {
    output[i] = value;
    value += step;
  }
}

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, 1));
  const Tensor& start = *context.input(0);
  const Tensor& limit = *context.input(1);
  const Tensor& delta = *context.input(2);
  const DataType type = start.type;
  if ((type != DataType::kInt32 && type != DataType::kInt64 && type != DataType::kFloat32) ||
      limit.type != type || delta.type != type || context.output(0)->type != type) {
    return context.Error("start, limit, delta and output must share one type "
                         "(int32, int64 or float32)");
  }
  for (const Tensor* t : {&start, &limit, &delta}) {
    if (t->element_count() != 1) return context.Error("start, limit and delta must be scalars");
    if (t->allocation != Allocation::kConstant) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "output shape depends on a non-constant input (start, limit "
                                   "or delta)");
    }
  }
  int64_t length = 0;
  switch (type) {
    case DataType::kInt32:
      BRASA_RETURN_IF_ERROR(RangeLength(context, start.data_as<int32_t>()[0],
                                        limit.data_as<int32_t>()[0],
                                        delta.data_as<int32_t>()[0], &length));
      break;
    case DataType::kInt64:
      BRASA_RETURN_IF_ERROR(RangeLength(context, start.data_as<int64_t>()[0],
                                        limit.data_as<int64_t>()[0],
                                        delta.data_as<int64_t>()[0], &length));
      break;
    default:
      BRASA_RETURN_IF_ERROR(RangeLength(context, start.data_as<float>()[0],
                                        limit.data_as<float>()[0], delta.data_as<float>()[0],
                                        &length));
      break;
  }
  return context.ResizeOutput(0, Shape{static_cast<int32_t>(length)});
}

Status Eval(KernelContext& context) {
  const Tensor& start = *context.input(0);
  const Tensor& delta = *context.input(2);
  Tensor& output = *context.output(0);
  const int64_t length = output.element_count();
  switch (output.type) {
    case DataType::kInt32: Fill(start, delta, output.data_as<int32_t>(), length); break;
    case DataType::kInt64: Fill(start, delta, output.data_as<int64_t>(), length); break;
    default: Fill(start, delta, output.data_as<float>(), length); break;
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_RANGE() {
  static const OpKernel kernel = {"RANGE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
