// Overflow-checked size arithmetic for shapes read from untrusted models.
#ifndef BRASA_CORE_CHECKED_MATH_H_
#define BRASA_CORE_CHECKED_MATH_H_

#include <cstddef>
#include <cstdint>

#include "brasa/tensor.h"

namespace brasa {

// Largest byte size brasa accepts for one tensor (2^40 bytes); far above any
// real model and far below where size_t arithmetic could overflow.
constexpr uint64_t kMaxTensorBytes = uint64_t{1} << 40;

// a * b, false on overflow past `limit`. Out of line and never inlined (even
// by LTO): each copy is a 64-bit division and multiply, library calls on a
// microcontroller, and its callers check shapes at setup only.
bool CheckedMultiply(uint64_t a, uint64_t b, uint64_t limit, uint64_t* result);

// Element count of `shape`; false if a dimension is negative or the count
// passes kMaxTensorBytes.
bool CheckedElementCount(const Shape& shape, uint64_t* count);
// The same over `rank` dimensions at `dims` (a model's own shape vector read
// in place: no Shape is built, so verifying a model allocates nothing for
// it). One out-of-line loop for both.
bool CheckedElementCount(const int32_t* dims, size_t rank, uint64_t* count);

// Bytes of a tensor of `type` and `shape`; false for negative dimensions,
// overflow, or a type without a fixed element size.
bool TensorByteSize(const Shape& shape, DataType type, size_t* bytes);

// The bytes `shape` of `type` would take with every empty (0) dimension
// counted as 1: what kernels' loops over the other dimensions may cost even
// when the tensor holds nothing. False on overflow past kMaxTensorBytes.
bool TensorSpanBytes(const Shape& shape, DataType type, uint64_t* bytes);

}  // namespace brasa

#endif  // BRASA_CORE_CHECKED_MATH_H_
