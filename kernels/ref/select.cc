// SELECT and SELECT_V2: output = condition ? x : y element-wise, a raw move
// of any 1/2/4/8-byte element type (x, y and the output share one type).
// SELECT (LiteRT's version one) takes a condition of x's shape, a scalar, or
// a vector that picks whole slices along x's first axis; x and y have one
// shape. SELECT_V2 broadcasts all three operands (NumPy rules, up to 6-D).
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/broadcast.h"
#include "kernels/ref/common/data_movement.h"

namespace brasa {
namespace {

constexpr int kCondition = 0;
constexpr int kX = 1;
constexpr int kY = 2;

// Per operand, its element stride along each of six output axes (0 where
// the operand is broadcast).
struct SelectData {
  int64_t dims[kMaxBroadcastRank];
  int64_t strides[3][kMaxBroadcastRank];
};

Status CheckOperands(const KernelContext& context, const Tensor& condition, const Tensor& x,
                     const Tensor& y) {
  if (condition.type != DataType::kBool) {
    return context.Error("condition must be bool, got %s", DataTypeName(condition.type));
  }
  if (y.type != x.type) {
    return context.Error("x is %s, y is %s; they must match", DataTypeName(x.type),
                         DataTypeName(y.type));
  }
  BRASA_RETURN_IF_ERROR(CheckSameType(context, x, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, x.type));
  for (const Tensor* t : {&condition, &x, &y}) {
    if (t->rank() > kMaxBroadcastRank) {
      return context.ErrorWithCode(StatusCode::kUnsupported, "an operand has rank %d, at most %d",
                                   t->rank(), kMaxBroadcastRank);
    }
  }
  return Status::Ok();
}

// Fills the strides of the three operands against `shape`; `condition_shape`
// is how the condition's elements lay out against it.
Status Finish(KernelContext& context, const Shape& condition_shape, const Shape& shape) {
  SelectData* data = context.NewOpData<SelectData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  const BroadcastMap cx = MakeBroadcastMap(condition_shape, context.input(kX)->shape, shape);
  const BroadcastMap yy = MakeBroadcastMap(context.input(kY)->shape, shape, shape);
  for (int d = 0; d < kMaxBroadcastRank; ++d) {
    data->dims[d] = cx.dims[d];
    data->strides[0][d] = cx.stride_a[d];
    data->strides[1][d] = cx.stride_b[d];
    data->strides[2][d] = yy.stride_a[d];
  }
  return context.ResizeOutput(0, shape);
}

Status PrepareSelect(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, 1));
  const Tensor& condition = *context.input(kCondition);
  const Tensor& x = *context.input(kX);
  const Tensor& y = *context.input(kY);
  BRASA_RETURN_IF_ERROR(CheckOperands(context, condition, x, y));
  if (x.shape != y.shape) {
    return context.Error("x %s and y %s must have one shape", ShapeToString(x.shape).c_str(),
                         ShapeToString(y.shape).c_str());
  }
  Shape condition_shape = condition.shape;
  if (condition.shape != x.shape) {
    // A vector picks slices along axis 0: it broadcasts like [n, 1, ..., 1].
    const bool rank_one = condition.rank() == 1 && x.rank() >= 1 && condition.dim(0) == x.dim(0);
    if (!rank_one && condition.rank() != 0) {
      return context.Error("condition %s must be a scalar, a vector of %d or of shape %s",
                           ShapeToString(condition.shape).c_str(), x.rank() > 0 ? x.dim(0) : 1,
                           ShapeToString(x.shape).c_str());
    }
    if (rank_one) condition_shape.resize(static_cast<size_t>(x.rank()), 1);
  }
  return Finish(context, condition_shape, x.shape);
}

Status PrepareSelectV2(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 3, 1));
  const Tensor& condition = *context.input(kCondition);
  const Tensor& x = *context.input(kX);
  const Tensor& y = *context.input(kY);
  BRASA_RETURN_IF_ERROR(CheckOperands(context, condition, x, y));
  Shape partial;
  Shape shape;
  if (!BroadcastShapes(condition.shape, x.shape, &partial) ||
      !BroadcastShapes(partial, y.shape, &shape)) {
    return context.Error("condition %s, x %s and y %s cannot be broadcast",
                         ShapeToString(condition.shape).c_str(), ShapeToString(x.shape).c_str(),
                         ShapeToString(y.shape).c_str());
  }
  return Finish(context, condition.shape, shape);
}

template <typename T>
void SelectAll(const SelectData& d, const bool* condition, const T* x, const T* y, T* out) {
  int64_t total = 1;
  for (int a = 0; a < kMaxBroadcastRank; ++a) total *= d.dims[a];
  int64_t position[kMaxBroadcastRank] = {};
  int64_t index[3] = {0, 0, 0};
  for (int64_t o = 0; o < total; ++o) {
    out[o] = condition[index[0]] ? x[index[1]] : y[index[2]];
    for (int a = kMaxBroadcastRank - 1; a >= 0; --a) {
      for (int k = 0; k < 3; ++k) index[k] += d.strides[k][a];
      if (++position[a] < d.dims[a]) break;
      for (int k = 0; k < 3; ++k) index[k] -= d.strides[k][a] * d.dims[a];
      position[a] = 0;
    }
  }
}

Status Eval(KernelContext& context) {
  const SelectData& d = *context.op_data<SelectData>();
  const bool* condition = context.input(kCondition)->data_as<bool>();
  const Tensor& x = *context.input(kX);
  const Tensor& y = *context.input(kY);
  Tensor& output = *context.output(0);
  WithCarrier(x.type, [&](auto carrier) {
    using T = decltype(carrier);
    SelectAll(d, condition, x.data_as<T>(), y.data_as<T>(), output.data_as<T>());
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SELECT() {
  static const OpKernel kernel = {"SELECT", PrepareSelect, Eval};
  return &kernel;
}

const OpKernel* Register_SELECT_V2() {
  static const OpKernel kernel = {"SELECT_V2", PrepareSelectV2, Eval};
  return &kernel;
}

}  // namespace brasa
