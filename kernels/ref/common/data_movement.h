// Checks and helpers shared by the data movement kernels (STRIDED_SLICE,
// SLICE, SPLIT, GATHER, PACK, TILE, ...): they copy elements without looking
// at their values, so they work on raw 1/2/4/8-byte carriers, and they read
// small int32/int64 index tensors (begin, axis, multiples, shape).
#ifndef BRASA_KERNELS_REF_COMMON_DATA_MOVEMENT_H_
#define BRASA_KERNELS_REF_COMMON_DATA_MOVEMENT_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

// The largest rank the data movement kernels accept.
constexpr int kMaxMoveRank = 8;
constexpr int kMaxCopyRank = 2 * kMaxMoveRank;

// Exactly `inputs` inputs (all present) and `outputs` outputs.
inline Status CheckArity(const KernelContext& context, int inputs, int outputs) {
  if (context.num_inputs() != inputs || context.num_outputs() != outputs) {
    return context.Error("expects %d inputs and %d outputs, got %d and %d", inputs, outputs,
                         context.num_inputs(), context.num_outputs());
  }
  for (int i = 0; i < inputs; ++i) {
    if (context.input(i) == nullptr) return context.Error("input %d is missing", i);
  }
  return Status::Ok();
}

// A raw-move element type: its size must be 1, 2, 4 or 8 bytes.
inline Status CheckMovableType(const KernelContext& context, DataType type) {
  const size_t size = DataTypeSize(type);
  if (size != 1 && size != 2 && size != 4 && size != 8) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "element type %s is not supported",
                                 DataTypeName(type));
  }
  return Status::Ok();
}

// `output` has the same element type as `input`.
inline Status CheckSameType(const KernelContext& context, const Tensor& input,
                            const Tensor& output) {
  if (output.type != input.type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(input.type));
  }
  return Status::Ok();
}

// Rank at most kMaxMoveRank.
inline Status CheckRank(const KernelContext& context, const Tensor& tensor, const char* what) {
  if (tensor.rank() > kMaxMoveRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "%s has rank %d, at most %d supported",
                                 what, tensor.rank(), kMaxMoveRank);
  }
  return Status::Ok();
}

// Quantized int8/uint8/int16 data passes through unchanged only when input and
// output share one scale and zero point (LiteRT checks the same).
inline Status CheckSameQuantization(const KernelContext& context, const Tensor& input,
                                    const Tensor& output) {
  if (input.quantization.scale() != output.quantization.scale() ||
      input.quantization.zero_point() != output.quantization.zero_point()) {
    return context.Error("input quantization (%g, %d) differs from output (%g, %d)",
                         input.quantization.scale(), input.quantization.zero_point(),
                         output.quantization.scale(), output.quantization.zero_point());
  }
  return Status::Ok();
}

inline bool IsIndexType(DataType type) {
  return type == DataType::kInt32 || type == DataType::kInt64;
}

// Element i of an int32 or int64 tensor, widened.
inline int64_t IndexAt(const Tensor& tensor, int64_t i) {
  return tensor.type == DataType::kInt64 ? tensor.data_as<int64_t>()[i]
                                         : tensor.data_as<int32_t>()[i];
}

// An index input that decides the output shape must be an int32/int64
// constant: brasa fixes every shape at Prepare.
inline Status CheckConstantIndexInput(const KernelContext& context, const Tensor& tensor,
                                      const char* what) {
  if (!IsIndexType(tensor.type)) {
    return context.Error("%s must be int32 or int64, got %s", what, DataTypeName(tensor.type));
  }
  if (tensor.allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "output shape depends on a non-constant input (%s); brasa fixes "
                                 "shapes at Prepare",
                                 what);
  }
  return Status::Ok();
}

// Calls f(T{}) with T the unsigned carrier of the element size (1, 2, 4 or
// 8 bytes); false for any other size.
template <typename F>
bool WithCarrier(DataType type, F&& f) {
  switch (DataTypeSize(type)) {
    case 1: f(uint8_t{}); return true;
    case 2: f(uint16_t{}); return true;
    case 4: f(uint32_t{}); return true;
    case 8: f(uint64_t{}); return true;
    default: return false;
  }
}

// Row-major element strides of `shape`.
inline void RowMajorStrides(const Shape& shape, int64_t* strides) {
  int64_t stride = 1;
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    strides[d] = stride;
    stride *= shape[static_cast<size_t>(d)];
  }
}

// A box of the input, walked in row-major output order: output element
// (i0, ..., i_{rank-1}) reads input[first + sum_d i_d * steps[d]]. Steps may
// be negative (reversed axes) or zero (repeated elements). The output is
// written sequentially; an odometer over the outer axes, no recursion.
// rank <= kMaxCopyRank (TILE walks two axes per tensor axis).
template <typename T>
void StridedCopy(int rank, const int32_t* counts, const int64_t* steps, const T* first,
                 T* output) {
  if (rank == 0) {
    *output = *first;
    return;
  }
  for (int d = 0; d < rank; ++d) {
    if (counts[d] <= 0) return;
  }
  const int last = rank - 1;
  int32_t index[kMaxCopyRank] = {};
  int64_t row = 0;  // an offset, not a pointer: negative steps walk backward
  for (;;) {
    const int64_t step = steps[last];
    for (int32_t j = 0; j < counts[last]; ++j) *output++ = first[row + j * step];
    int d = last - 1;
    for (; d >= 0; --d) {
      if (++index[d] < counts[d]) {
        row += steps[d];
        break;
      }
      row -= steps[d] * (counts[d] - 1);
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_DATA_MOVEMENT_H_
