// Builtin options in the flatbuffer -> the plain structs of kernels/params.h.
#ifndef BRASA_MODEL_BUILTIN_PARAMS_H_
#define BRASA_MODEL_BUILTIN_PARAMS_H_

#include <cstdint>

#include "brasa/status.h"
#include "schema/tflite_generated.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// Parses `op`'s options for builtin `code` into memory from `allocator`.
// *params stays null for ops without options. Missing option tables get the
// schema defaults, as in TensorFlow Lite.
Status ParseBuiltinParams(int32_t code, const tflite::Operator& op,
                          PersistentAllocator& allocator, const void** params);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_MODEL_BUILTIN_PARAMS_H_
