// TRANSPOSE: output dimension i is input dimension perm[i]; a raw move of
// 1/2/4/8-byte elements (QUANTIZATION.md §2.13), up to 6-D like LiteRT.
#include "kernels/ref/transpose.h"

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kPermutation = 1;

}  // namespace

Status PrepareTransposeReference(KernelContext& context, TransposeData* data) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(kInput);
  const Tensor* perm = context.input(kPermutation);
  if (input == nullptr || perm == nullptr) return context.Error("an input is missing");
  const Tensor* output = context.output(0);
  if (output->type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(input->type));
  }
  const size_t element_size = DataTypeSize(input->type);
  if (element_size != 1 && element_size != 2 && element_size != 4 && element_size != 8) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(input->type));
  }
  const int rank = input->rank();
  if (rank > kMaxTransposeRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input has rank %d, at most %d supported", rank,
                                 kMaxTransposeRank);
  }
  if (perm->type != DataType::kInt32) {
    return context.Error("permutation must be int32, got %s", DataTypeName(perm->type));
  }
  if (perm->rank() != 1 || perm->dim(0) != rank) {
    return context.Error("permutation has shape %s, expected [%d]",
                         ShapeToString(perm->shape).c_str(), rank);
  }
  if (perm->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(
        StatusCode::kUnsupported,
        "permutation is not a constant tensor (brasa fixes shapes at Prepare)");
  }

  int64_t input_strides[kMaxTransposeRank];
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    input_strides[d] = stride;
    stride *= input->dim(d);
  }
  const int32_t* values = perm->data_as<int32_t>();
  bool used[kMaxTransposeRank] = {};
  Shape shape(static_cast<size_t>(rank));
  data->rank = rank;
  for (int i = 0; i < rank; ++i) {
    const int32_t source = values[i];
    if (source < 0 || source >= rank || used[source]) {
      return context.Error("permutation entry %d (%d) is out of range or repeated", i, source);
    }
    used[source] = true;
    shape[static_cast<size_t>(i)] = input->dim(source);
    data->output_dims[i] = input->dim(source);
    data->input_strides[i] = input_strides[source];
  }
  return context.ResizeOutput(0, shape);
}

namespace {

// Walks the output in row-major order, one block of the two innermost
// output axes at a time (strided gathers from the input), then an odometer
// over the outer axes. A short innermost row (NCHW -> NHWC moves 3 channels
// per pixel) is filled column by column, so the input is read in order
// instead of paying the odometer every few elements.
template <typename T>
void TransposeRaw(const TransposeData& d, int64_t count, const T* input, T* output) {
  if (d.rank < 2) {  // a copy (rank 0: one element)
    for (int64_t i = 0; i < count; ++i) output[i] = input[i];
    return;
  }
  const int last = d.rank - 1;
  const int64_t row = d.output_dims[last], rows = d.output_dims[last - 1];
  const int64_t step = d.input_strides[last], row_step = d.input_strides[last - 1];
  const int64_t block = row * rows;
  int32_t index[kMaxTransposeRank] = {};
  int64_t input_offset = 0;
  for (int64_t o = 0; o < count; o += block) {
    const T* source = input + input_offset;
    T* target = output + o;
    if (row < 8) {
      for (int64_t j = 0; j < row; ++j) {
        for (int64_t m = 0; m < rows; ++m) target[m * row + j] = source[m * row_step + j * step];
      }
    } else {
      for (int64_t m = 0; m < rows; ++m) {
        for (int64_t j = 0; j < row; ++j) target[m * row + j] = source[m * row_step + j * step];
      }
    }
    for (int i = last - 2; i >= 0; --i) {
      if (++index[i] < d.output_dims[i]) {
        input_offset += d.input_strides[i];
        break;
      }
      input_offset -= d.input_strides[i] * (d.output_dims[i] - 1);
      index[i] = 0;
    }
  }
}

}  // namespace

Status EvalTransposeReference(KernelContext& context, const TransposeData& data) {
  const Tensor* input = context.input(kInput);
  Tensor* output = context.output(0);
  const int64_t count = output->element_count();
  switch (DataTypeSize(input->type)) {
    case 1: TransposeRaw(data, count, input->data_as<uint8_t>(), output->data_as<uint8_t>()); break;
    case 2:
      TransposeRaw(data, count, input->data_as<uint16_t>(), output->data_as<uint16_t>());
      break;
    case 4:
      TransposeRaw(data, count, input->data_as<uint32_t>(), output->data_as<uint32_t>());
      break;
    case 8:
      TransposeRaw(data, count, input->data_as<uint64_t>(), output->data_as<uint64_t>());
      break;
    default: return context.Error("unexpected element size");
  }
  return Status::Ok();
}

namespace {

Status Prepare(KernelContext& context) {
  TransposeData* data = context.NewOpData<TransposeData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  return PrepareTransposeReference(context, data);
}

Status Eval(KernelContext& context) {
  return EvalTransposeReference(context, *context.op_data<TransposeData>());
}

}  // namespace

const OpKernel* Register_TRANSPOSE() {
  static const OpKernel kernel = {"TRANSPOSE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
