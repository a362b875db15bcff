// CUMSUM along one constant axis (int32 scalar, negative counts from the
// end) of a float32, int32 or int64 tensor, as LiteRT: a running sum from
// the start (or the end with `reverse`), each output the sum up to and
// including its element (or excluding it with `exclusive`). Integer sums wrap.
#include <cstdint>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct CumsumData {
  CumsumParams params;
  int64_t outer = 1, axis_size = 1, inner = 1;
};

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(0);
  const Tensor* axis = context.input(1);
  if (input == nullptr || axis == nullptr) return context.Error("an input is missing");
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt32 && type != DataType::kInt64) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input type %s is not supported (float32, int32, int64)",
                                 DataTypeName(type));
  }
  if (context.output(0)->type != type) {
    return context.Error("output type %s differs from input type %s",
                         DataTypeName(context.output(0)->type), DataTypeName(type));
  }
  if (axis->type != DataType::kInt32 || axis->element_count() != 1) {
    return context.Error("axis must be one int32 value");
  }
  if (axis->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "axis is not a constant tensor");
  }
  const int rank = input->rank();
  int32_t value = axis->data_as<int32_t>()[0];
  if (value < 0) value += rank;
  if (rank < 1 || value < 0 || value >= rank) {
    return context.Error("axis %d is out of range for rank %d", axis->data_as<int32_t>()[0], rank);
  }
  CumsumData* data = context.NewOpData<CumsumData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  if (context.raw_params() != nullptr) data->params = context.params<CumsumParams>();
  for (int d = 0; d < rank; ++d) {
    if (d < value) data->outer *= input->dim(d);
    if (d > value) data->inner *= input->dim(d);
  }
  data->axis_size = input->dim(value);
  return context.ResizeOutput(0, input->shape);
}

template <typename T>
T Plus(T a, T b) {
  if constexpr (std::is_integral<T>::value) {
    using U = typename std::make_unsigned<T>::type;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}

template <typename T>
void Cumsum(const CumsumData& d, const T* in, T* out) {
  for (int64_t o = 0; o < d.outer; ++o) {
    for (int64_t i = 0; i < d.inner; ++i) {
      T sum = T(0);
      for (int64_t step = 0; step < d.axis_size; ++step) {
        const int64_t a = d.params.reverse ? d.axis_size - 1 - step : step;
        const int64_t offset = (o * d.axis_size + a) * d.inner + i;
        if (d.params.exclusive) {
          out[offset] = sum;
          sum = Plus(sum, in[offset]);
        } else {
          sum = Plus(sum, in[offset]);
          out[offset] = sum;
        }
      }
    }
  }
}

Status Eval(KernelContext& context) {
  const CumsumData& d = *context.op_data<CumsumData>();
  const Tensor* in = context.input(0);
  Tensor* out = context.output(0);
  switch (in->type) {
    case DataType::kFloat32: Cumsum(d, in->data_as<float>(), out->data_as<float>()); break;
    case DataType::kInt32: Cumsum(d, in->data_as<int32_t>(), out->data_as<int32_t>()); break;
    case DataType::kInt64: Cumsum(d, in->data_as<int64_t>(), out->data_as<int64_t>()); break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CUMSUM() {
  static const OpKernel kernel = {"CUMSUM", Prepare, Eval, internal::ParseCumsumOptions};
  return &kernel;
}

}  // namespace brasa
