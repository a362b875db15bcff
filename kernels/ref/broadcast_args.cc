// BROADCAST_ARGS: the broadcast of two shapes given as int32/int64 vectors
// (NumPy rules, right-aligned). The output's length depends only on the
// inputs' lengths, so the values may be runtime inputs; shapes that cannot
// be broadcast are an error at Eval, as in LiteRT's broadcast_args.cc.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  if (!IsIndexType(a.type) || b.type != a.type || context.output(0)->type != a.type) {
    return context.Error("inputs and output must share one type, int32 or int64; got %s, %s, %s",
                         DataTypeName(a.type), DataTypeName(b.type),
                         DataTypeName(context.output(0)->type));
  }
  if (a.rank() != 1 || b.rank() != 1) {
    return context.Error("inputs must be vectors, got %s and %s", ShapeToString(a.shape).c_str(),
                         ShapeToString(b.shape).c_str());
  }
  return context.ResizeOutput(0, Shape{std::max(a.dim(0), b.dim(0))});
}

template <typename T>
Status Broadcast(const KernelContext& context, const Tensor& a, const Tensor& b, T* out) {
  const int rank = std::max(a.dim(0), b.dim(0));
  for (int i = 0; i < rank; ++i) {  // i counts from the last entry
    const T x = i < a.dim(0) ? a.data_as<T>()[a.dim(0) - 1 - i] : 1;
    const T y = i < b.dim(0) ? b.data_as<T>()[b.dim(0) - 1 - i] : 1;
    if (x != y && x != 1 && y != 1) {
      return context.Error("shapes cannot be broadcast: %lld against %lld",
                           static_cast<long long>(x), static_cast<long long>(y));
    }
    out[rank - 1 - i] = x == 1 ? y : x;
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& output = *context.output(0);
  return a.type == DataType::kInt64 ? Broadcast(context, a, b, output.data_as<int64_t>())
                                    : Broadcast(context, a, b, output.data_as<int32_t>());
}

}  // namespace

const OpKernel* Register_BROADCAST_ARGS() {
  static const OpKernel kernel = {"BROADCAST_ARGS", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
