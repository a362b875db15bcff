#include "src/core/checked_math.h"

namespace brasa {

__attribute__((noinline)) bool CheckedMultiply(uint64_t a, uint64_t b, uint64_t limit,
                                               uint64_t* result) {
  // The compiler's overflow check: multiplies only (a 64-bit division is a
  // library call on a 32-bit CPU).
  return !__builtin_mul_overflow(a, b, result) && *result <= limit;
}

bool CheckedElementCount(const int32_t* dims, size_t rank, uint64_t* count) {
  uint64_t total = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (dims[d] < 0) return false;
    if (!CheckedMultiply(total, static_cast<uint64_t>(dims[d]), kMaxTensorBytes, &total)) {
      return false;
    }
  }
  *count = total;
  return true;
}

bool CheckedElementCount(const Shape& shape, uint64_t* count) {
  return CheckedElementCount(shape.data(), shape.size(), count);
}

bool TensorByteSize(const Shape& shape, DataType type, size_t* bytes) {
  const size_t element_size = DataTypeSize(type);
  uint64_t count = 0;
  uint64_t total = 0;
  if (element_size == 0 || !CheckedElementCount(shape, &count) ||
      !CheckedMultiply(count, element_size, kMaxTensorBytes, &total)) {
    return false;
  }
  *bytes = static_cast<size_t>(total);
  return true;
}

bool TensorSpanBytes(const Shape& shape, DataType type, uint64_t* bytes) {
  uint64_t total = DataTypeSize(type) == 0 ? 1 : DataTypeSize(type);
  for (int32_t dim : shape) {
    const uint64_t extent = dim > 1 ? static_cast<uint64_t>(dim) : 1;
    if (!CheckedMultiply(total, extent, kMaxTensorBytes, &total)) return false;
  }
  *bytes = total;
  return true;
}

}  // namespace brasa
