// Checks a builtin operator's options table before its parameters are parsed:
// the table has the union type the operator reads, it is there when the
// operator cannot run without it, every enum is in range and strides,
// dilations, filter sizes, multipliers and block sizes are positive.
// Messages name the problem; the caller adds the node and op.
#ifndef BRASA_SRC_MODEL_OPTIONS_CHECK_H_
#define BRASA_SRC_MODEL_OPTIONS_CHECK_H_

#include <cstdint>

#include "brasa/status.h"
#include "schema/tflite_generated.h"
#include "src/model/model_data.h"

namespace brasa {
namespace internal {

// The options table is verified here first (a bare-metal build's structural
// verifier leaves it out: src/model/verify_tables.h).
Status CheckBuiltinOptions(int32_t code, const tflite::Operator& op, const ModelData& model);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_MODEL_OPTIONS_CHECK_H_
