// ARG_MAX / ARG_MIN along one constant axis (a scalar or one-element int32
// or int64 tensor; negative counts from the end). As LiteRT's ArgMinMax: the
// first index of the largest (smallest) value wins; a float NaN never beats a
// number, and any number beats a NaN. Quantized values compare raw. Output
// int32 or int64 (the model's output type, from ArgMaxOptions.output_type).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"

namespace brasa {
namespace {

struct ArgData {
  bool is_max = true;
  int64_t outer = 1, axis_size = 1, inner = 1;
};

constexpr int32_t kArgMaxCode = 56;

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(0);
  const Tensor* axis = context.input(1);
  if (input == nullptr || axis == nullptr) return context.Error("an input is missing");
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kUInt8 && type != DataType::kInt8 &&
      type != DataType::kInt32 && type != DataType::kBool) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input type %s is not supported (float32, uint8, int8, int32, "
                                 "bool)",
                                 DataTypeName(type));
  }
  const DataType out_type = context.output(0)->type;
  if (out_type != DataType::kInt32 && out_type != DataType::kInt64) {
    return context.Error("output type %s is not int32 or int64", DataTypeName(out_type));
  }
  if ((axis->type != DataType::kInt32 && axis->type != DataType::kInt64) ||
      axis->element_count() != 1) {
    return context.Error("axis must be one int32 or int64 value, got %s%s",
                         DataTypeName(axis->type), ShapeToString(axis->shape).c_str());
  }
  if (axis->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "axis is not a constant tensor (brasa fixes shapes at Prepare)");
  }
  const int rank = input->rank();
  int64_t value =
      axis->type == DataType::kInt32 ? axis->data_as<int32_t>()[0] : axis->data_as<int64_t>()[0];
  if (value < 0) value += rank;
  if (rank < 1 || value < 0 || value >= rank) {
    return context.Error("axis is out of range for rank %d", rank);
  }
  if (input->dim(static_cast<int>(value)) <= 0) {
    return context.Error("cannot reduce over the empty axis %d", static_cast<int>(value));
  }
  ArgData* data = context.NewOpData<ArgData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->is_max = context.builtin_code() == kArgMaxCode;
  Shape shape;
  for (int d = 0; d < rank; ++d) {
    if (d < value) data->outer *= input->dim(d);
    if (d > value) data->inner *= input->dim(d);
    if (d != value) shape.push_back(input->dim(d));
  }
  data->axis_size = input->dim(static_cast<int>(value));
  return context.ResizeOutput(0, shape);
}

// candidate replaces current (LiteRT's GetComparefunction).
template <typename T>
bool Beats(T candidate, T current, bool is_max) {
  if constexpr (std::is_floating_point<T>::value) {
    if (std::isnan(candidate)) return false;
    if (std::isnan(current)) return true;
  }
  return is_max ? candidate > current : candidate < current;
}

template <typename T, typename Index>
void ArgMinMax(const ArgData& d, const T* input, Index* output) {
  for (int64_t o = 0; o < d.outer; ++o) {
    for (int64_t i = 0; i < d.inner; ++i) {
      const T* line = input + o * d.axis_size * d.inner + i;
      T best = line[0];
      Index best_index = 0;
      for (int64_t a = 1; a < d.axis_size; ++a) {
        if (Beats(line[a * d.inner], best, d.is_max)) {
          best = line[a * d.inner];
          best_index = static_cast<Index>(a);
        }
      }
      output[o * d.inner + i] = best_index;
    }
  }
}

template <typename T>
void Dispatch(const ArgData& d, const T* input, Tensor* output) {
  if (output->type == DataType::kInt32) {
    ArgMinMax(d, input, output->data_as<int32_t>());
  } else {
    ArgMinMax(d, input, output->data_as<int64_t>());
  }
}

Status Eval(KernelContext& context) {
  const ArgData& d = *context.op_data<ArgData>();
  const Tensor* in = context.input(0);
  Tensor* out = context.output(0);
  switch (in->type) {
    case DataType::kFloat32: Dispatch(d, in->data_as<float>(), out); break;
    case DataType::kUInt8: Dispatch(d, in->data_as<uint8_t>(), out); break;
    case DataType::kInt8: Dispatch(d, in->data_as<int8_t>(), out); break;
    case DataType::kInt32: Dispatch(d, in->data_as<int32_t>(), out); break;
    case DataType::kBool: Dispatch(d, in->data_as<bool>(), out); break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_ARG_MAX() {
  static const OpKernel kernel = {"ARG_MAX", Prepare, Eval};
  return &kernel;
}

const OpKernel* Register_ARG_MIN() {
  static const OpKernel kernel = {"ARG_MIN", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
