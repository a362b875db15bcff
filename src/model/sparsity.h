// Reading and verifying a tensor's sparsity field (pruned weights stored
// compressed) from an untrusted model.
#ifndef BRASA_MODEL_SPARSITY_H_
#define BRASA_MODEL_SPARSITY_H_

#include <cstdint>
#include <string>

#include "brasa/status.h"
#include "brasa/tensor.h"
#include "schema/tflite_generated.h"

namespace brasa {
namespace internal {

// Checks `tensor.sparsity()` against the tensor's dense shape and the
// `stored_bytes` its buffer holds, and copies it into `out`: traversal order
// a permutation of rank + blocks levels, block_map naming distinct
// dimensions whose size the block divides, block levels dense, each
// compressed level's segments starting at 0, non-decreasing and ending at its
// index count, indices strictly increasing within a segment and inside the
// level's size, and the buffer holding exactly as many values as the levels
// describe. Errors start with `label`.
Status ReadSparsity(const tflite::Tensor& tensor, const std::string& label,
                    uint64_t stored_bytes, Sparsity* out);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_MODEL_SPARSITY_H_
