// EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL: element-wise
// comparisons with broadcasting (up to 6-D), bool output. Follows LiteRT's
// comparisons.cc: float32, int32, int64 and (EQUAL/NOT_EQUAL) bool compare
// raw values; int8 and uint8 always compare rescaled values, as does int16 for
// EQUAL/NOT_EQUAL when it is quantized (LESS/GREATER compare int16 raw). The
// rescaled value of q is MultiplyByQuantizedMultiplier((q - zp) * 2^8, M, e)
// with (M, e) = QuantizeMultiplier(scale), so inputs of different scales
// compare by real value. GREATER(a, b) is LESS(b, a), as in LiteRT.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/common/broadcast.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {
namespace {

enum class Relation : int8_t { kEqual, kNotEqual, kLess, kLessEqual };

constexpr int kLeftShift = 8;  // LiteRT's ComparisonParams left_shift

struct ComparisonData {
  BroadcastMap map;
  bool swap = false;    // GREATER / GREATER_EQUAL: compare (b, a)
  bool rescale = false; // compare rescaled quantized values
  int32_t zero_point[2] = {0, 0};
  QuantizedMultiplier multiplier[2];
};

Status PrepareRelation(KernelContext& context, Relation relation, bool swap) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* a = context.input(0);
  const Tensor* b = context.input(1);
  if (a == nullptr || b == nullptr) return context.Error("an input is missing");
  if (a->type != b->type) {
    return context.Error("inputs are %s and %s; they must match", DataTypeName(a->type),
                         DataTypeName(b->type));
  }
  if (context.output(0)->type != DataType::kBool) {
    return context.Error("output must be bool, got %s", DataTypeName(context.output(0)->type));
  }
  const DataType type = a->type;
  const bool equality = relation == Relation::kEqual || relation == Relation::kNotEqual;
  if (type != DataType::kFloat32 && type != DataType::kInt32 && type != DataType::kInt64 &&
      type != DataType::kInt8 && type != DataType::kUInt8 && type != DataType::kInt16 &&
      !(equality && type == DataType::kBool)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
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
  ComparisonData* data = context.NewOpData<ComparisonData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->map = MakeBroadcastMap(a->shape, b->shape, shape);
  data->swap = swap;
  data->rescale = type == DataType::kInt8 || type == DataType::kUInt8 ||
                  (type == DataType::kInt16 && equality && a->quantization.is_quantized());
  const Tensor* inputs[2] = {a, b};
  for (int i = 0; i < 2 && data->rescale; ++i) {
    data->zero_point[i] = inputs[i]->quantization.zero_point();
    // (q - zp) * 2^8 spans 17 bits (25 for int16): the multiplier's left
    // shift must keep it inside int32 (LiteRT expects scales below 1).
    BRASA_RETURN_IF_ERROR(QuantizeMultiplierChecked(
        context, i == 0 ? "input 0 scale" : "input 1 scale",
        static_cast<double>(inputs[i]->quantization.scale()), type == DataType::kInt16 ? 6 : 14,
        &data->multiplier[i]));
  }
  return context.ResizeOutput(0, shape);
}

template <Relation R, typename V>
bool Holds(V x, V y) {
  switch (R) {
    case Relation::kEqual: return x == y;
    case Relation::kNotEqual: return x != y;
    case Relation::kLess: return x < y;
    default: return x <= y;
  }
}

template <Relation R, typename T>
void CompareAll(const ComparisonData& d, const T* a, const T* b, bool* out) {
  if (!d.rescale) {
    ForEachBroadcastIndex(d.map, [&](int64_t ia, int64_t ib, int64_t io) {
      out[io] = d.swap ? Holds<R>(b[ib], a[ia]) : Holds<R>(a[ia], b[ib]);
    });
    return;
  }
  auto scaled = [&](T q, int input) {
    const int32_t shifted = (static_cast<int32_t>(q) - d.zero_point[input]) * (1 << kLeftShift);
    return MultiplyByQuantizedMultiplier(shifted, d.multiplier[input]);
  };
  ForEachBroadcastIndex(d.map, [&](int64_t ia, int64_t ib, int64_t io) {
    const int32_t x = scaled(a[ia], 0);
    const int32_t y = scaled(b[ib], 1);
    out[io] = d.swap ? Holds<R>(y, x) : Holds<R>(x, y);
  });
}

template <Relation R>
Status EvalRelation(KernelContext& context) {
  const ComparisonData& d = *context.op_data<ComparisonData>();
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  bool* out = context.output(0)->data_as<bool>();
  switch (a.type) {
    case DataType::kFloat32: CompareAll<R>(d, a.data_as<float>(), b.data_as<float>(), out); break;
    case DataType::kInt32: CompareAll<R>(d, a.data_as<int32_t>(), b.data_as<int32_t>(), out); break;
    case DataType::kInt64: CompareAll<R>(d, a.data_as<int64_t>(), b.data_as<int64_t>(), out); break;
    case DataType::kInt16: CompareAll<R>(d, a.data_as<int16_t>(), b.data_as<int16_t>(), out); break;
    case DataType::kInt8: CompareAll<R>(d, a.data_as<int8_t>(), b.data_as<int8_t>(), out); break;
    case DataType::kUInt8: CompareAll<R>(d, a.data_as<uint8_t>(), b.data_as<uint8_t>(), out); break;
    default: CompareAll<R>(d, a.data_as<bool>(), b.data_as<bool>(), out); break;
  }
  return Status::Ok();
}

Status PrepareEqual(KernelContext& c) { return PrepareRelation(c, Relation::kEqual, false); }
Status PrepareNotEqual(KernelContext& c) { return PrepareRelation(c, Relation::kNotEqual, false); }
Status PrepareLess(KernelContext& c) { return PrepareRelation(c, Relation::kLess, false); }
Status PrepareLessEqual(KernelContext& c) {
  return PrepareRelation(c, Relation::kLessEqual, false);
}
Status PrepareGreater(KernelContext& c) { return PrepareRelation(c, Relation::kLess, true); }
Status PrepareGreaterEqual(KernelContext& c) {
  return PrepareRelation(c, Relation::kLessEqual, true);
}

}  // namespace

const OpKernel* Register_EQUAL() {
  static const OpKernel kernel = {"EQUAL", PrepareEqual, EvalRelation<Relation::kEqual>};
  return &kernel;
}

const OpKernel* Register_NOT_EQUAL() {
  static const OpKernel kernel = {"NOT_EQUAL", PrepareNotEqual,
                                  EvalRelation<Relation::kNotEqual>};
  return &kernel;
}

const OpKernel* Register_LESS() {
  static const OpKernel kernel = {"LESS", PrepareLess, EvalRelation<Relation::kLess>};
  return &kernel;
}

const OpKernel* Register_LESS_EQUAL() {
  static const OpKernel kernel = {"LESS_EQUAL", PrepareLessEqual,
                                  EvalRelation<Relation::kLessEqual>};
  return &kernel;
}

const OpKernel* Register_GREATER() {
  static const OpKernel kernel = {"GREATER", PrepareGreater, EvalRelation<Relation::kLess>};
  return &kernel;
}

const OpKernel* Register_GREATER_EQUAL() {
  static const OpKernel kernel = {"GREATER_EQUAL", PrepareGreaterEqual,
                                  EvalRelation<Relation::kLessEqual>};
  return &kernel;
}

}  // namespace brasa
