// Expanding a verified sparse constant (TensorFlow Lite's compressed format)
// into its dense row-major layout.
#ifndef BRASA_CORE_DENSIFY_H_
#define BRASA_CORE_DENSIFY_H_

#include <cstddef>

#include "brasa/tensor.h"

namespace brasa {

// Writes the dense form of `shape` (element_size bytes per element) to
// `dense`: zero bytes everywhere, then each of the sparsity->stored_values
// elements of `values` at its position. `sparsity` must have been verified
// against `shape` (src/model/sparsity.h); `dense` holds the dense count.
void DensifyValues(const Sparsity& sparsity, const Shape& shape, const void* values,
                   size_t element_size, void* dense);

}  // namespace brasa

#endif  // BRASA_CORE_DENSIFY_H_
