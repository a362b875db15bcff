// LOGICAL_AND, LOGICAL_OR (bool inputs, NumPy broadcasting up to 6-D) and
// LOGICAL_NOT (one bool input); bool output.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/broadcast.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

struct LogicalData {
  BroadcastMap map;
};

Status CheckBool(const KernelContext& context, const Tensor& tensor, const char* what) {
  if (tensor.type != DataType::kBool) {
    return context.Error("%s must be bool, got %s", what, DataTypeName(tensor.type));
  }
  return Status::Ok();
}

Status PrepareBinary(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* a = context.input(0);
  const Tensor* b = context.input(1);
  if (a == nullptr || b == nullptr) return context.Error("an input is missing");
  BRASA_RETURN_IF_ERROR(CheckBool(context, *a, "input 0"));
  BRASA_RETURN_IF_ERROR(CheckBool(context, *b, "input 1"));
  BRASA_RETURN_IF_ERROR(CheckBool(context, *context.output(0), "the output"));
  if (a->rank() > kMaxBroadcastRank || b->rank() > kMaxBroadcastRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "inputs of rank %d and %d; at most %d supported", a->rank(),
                                 b->rank(), kMaxBroadcastRank);
  }
  Shape shape;
  if (!BroadcastShapes(a->shape, b->shape, &shape)) {
    return context.Error("input shapes %s and %s cannot be broadcast",
                         ShapeToString(a->shape).c_str(), ShapeToString(b->shape).c_str());
  }
  LogicalData* data = context.NewOpData<LogicalData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->map = MakeBroadcastMap(a->shape, b->shape, shape);
  return context.ResizeOutput(0, shape);
}

template <bool kAnd>
Status EvalBinary(KernelContext& context) {
  const LogicalData& d = *context.op_data<LogicalData>();
  const bool* a = context.input(0)->data_as<bool>();
  const bool* b = context.input(1)->data_as<bool>();
  bool* out = context.output(0)->data_as<bool>();
  ForEachBroadcastIndex(d.map, [&](int64_t ia, int64_t ib, int64_t io) {
    out[io] = kAnd ? (a[ia] && b[ib]) : (a[ia] || b[ib]);
  });
  return Status::Ok();
}

Status PrepareNot(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  BRASA_RETURN_IF_ERROR(CheckBool(context, *context.input(0), "the input"));
  BRASA_RETURN_IF_ERROR(CheckBool(context, *context.output(0), "the output"));
  return context.ResizeOutput(0, context.input(0)->shape);
}

Status EvalNot(KernelContext& context) {
  const Tensor& input = *context.input(0);
  const bool* in = input.data_as<bool>();
  bool* out = context.output(0)->data_as<bool>();
  const int64_t count = input.element_count();
  for (int64_t i = 0; i < count; ++i) out[i] = !in[i];
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_LOGICAL_AND() {
  static const OpKernel kernel = {"LOGICAL_AND", PrepareBinary, EvalBinary<true>};
  return &kernel;
}

const OpKernel* Register_LOGICAL_OR() {
  static const OpKernel kernel = {"LOGICAL_OR", PrepareBinary, EvalBinary<false>};
  return &kernel;
}

const OpKernel* Register_LOGICAL_NOT() {
  static const OpKernel kernel = {"LOGICAL_NOT", PrepareNot, EvalNot};
  return &kernel;
}

}  // namespace brasa
