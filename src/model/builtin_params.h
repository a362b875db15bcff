// Builtin options in the flatbuffer -> the plain structs of kernels/params.h.
#ifndef BRASA_MODEL_BUILTIN_PARAMS_H_
#define BRASA_MODEL_BUILTIN_PARAMS_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "brasa/status.h"
#include "schema/tflite_generated.h"
#include "src/model/model_data.h"
#include "src/model/option_parsers.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// What an options parser (option_parsers.h) reads and where it stores.
struct OptionsReader {
  const tflite::Operator& op;
  const ModelData& model;
  PersistentAllocator& allocator;
};

// Checks and parses `op`'s options for builtin `code` run by `kernel` into
// memory from the reader's allocator, with the kernel's parser
// (OpKernel::parse_options). *params stays null for ops without options.
// Missing option tables get the schema defaults, as in TensorFlow Lite.
Status ParseBuiltinOptions(int32_t code, const OpKernel& kernel, const OptionsReader& reader,
                           const void** params);

// brasa's parser for builtin `code`, or null when the op has no options
// (hosted builds: an application's own kernel for a builtin op).
OptionsParser OptionsParserFor(int32_t code);
// Whether OptionsParserFor(code) is not null, from a byte list (bare-metal
// builds: without linking the parsers).
bool HasOptionsParser(int32_t code);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_MODEL_BUILTIN_PARAMS_H_
