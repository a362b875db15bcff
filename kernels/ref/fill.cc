// FILL: a tensor of shape `dims` (an int32/int64 constant vector) whose every
// element is the scalar `value` (any 1/2/4/8-byte type; the output's type).
// ZEROS_LIKE: the input's shape and type, every element zero (all-zero bytes
// are 0 and 0.0f alike).
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

constexpr int kDims = 0;
constexpr int kValue = 1;

Status PrepareFill(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& dims = *context.input(kDims);
  const Tensor& value = *context.input(kValue);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, value, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, value.type));
  if (value.element_count() != 1) {
    return context.Error("value must hold one element, holds %lld",
                         static_cast<long long>(value.element_count()));
  }
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, dims, "dims"));
  if (dims.rank() != 1 || dims.dim(0) > kMaxMoveRank) {
    return context.Error("dims must be a vector of at most %d entries, has shape %s",
                         kMaxMoveRank, ShapeToString(dims.shape).c_str());
  }
  Shape shape(static_cast<size_t>(dims.dim(0)));
  int64_t count = 1;
  for (int d = 0; d < dims.dim(0); ++d) {
    const int64_t size = IndexAt(dims, d);
    count *= size;
    if (size < 0 || size > INT32_MAX || count > (int64_t{1} << 40)) {
      return context.Error("dims entry %d (%lld) is invalid", d, static_cast<long long>(size));
    }
    shape[static_cast<size_t>(d)] = static_cast<int32_t>(size);
  }
  return context.ResizeOutput(0, shape);
}

Status EvalFill(KernelContext& context) {
  const Tensor& value = *context.input(kValue);
  Tensor& output = *context.output(0);
  const int64_t count = output.element_count();
  WithCarrier(value.type, [&](auto carrier) {
    using T = decltype(carrier);
    const T fill = value.data_as<T>()[0];
    T* out = output.data_as<T>();
    for (int64_t i = 0; i < count; ++i) out[i] = fill;
  });
  return Status::Ok();
}

Status PrepareZerosLike(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor& input = *context.input(0);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  return context.ResizeOutput(0, input.shape);
}

Status EvalZerosLike(KernelContext& context) {
  Tensor& output = *context.output(0);
  if (output.bytes > 0) std::memset(output.data, 0, output.bytes);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_FILL() {
  static const OpKernel kernel = {"FILL", PrepareFill, EvalFill};
  return &kernel;
}

const OpKernel* Register_ZEROS_LIKE() {
  static const OpKernel kernel = {"ZEROS_LIKE", PrepareZerosLike, EvalZerosLike};
  return &kernel;
}

}  // namespace brasa
