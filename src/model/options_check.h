// Checks a builtin operator's options table before its parser
// (option_parsers.h) reads it: the table has the union type the operator
// reads, it is there when the operator cannot run without it, it passes the
// schema's generated verifier for its type (a bare-metal build's structural
// verifier leaves options tables out: src/model/verify_tables.h), every enum
// is in range and strides, dilations, filter sizes and block sizes are
// positive. Messages name the problem; the caller adds the node and op.
#ifndef BRASA_SRC_MODEL_OPTIONS_CHECK_H_
#define BRASA_SRC_MODEL_OPTIONS_CHECK_H_

#include <cstdint>
#include <string>

#include "brasa/status.h"
#include "schema/tflite_generated.h"
#include "src/model/model_data.h"
#include "src/model/verify_tables.h"

namespace brasa {
namespace internal {

// The union type: OK with *present false when the operator has no options
// table and may run on the schema defaults (not `required`).
Status CheckOptionsType(const tflite::Operator& op, tflite::BuiltinOptions expected,
                        bool required, bool* present);
Status CorruptOptionsError(tflite::BuiltinOptions type);

// The operator's options table of type Options, verified; *options is null
// when it is absent and not required.
template <typename Options>
Status ReadOptions(const tflite::Operator& op, const ModelData& model, bool required,
                   const Options** options) {
  constexpr tflite::BuiltinOptions kType = tflite::BuiltinOptionsTraits<Options>::enum_value;
  *options = nullptr;
  bool present = false;
  BRASA_RETURN_IF_ERROR(CheckOptionsType(op, kType, required, &present));
  if (!present) return Status::Ok();
  const auto* table = static_cast<const Options*>(op.builtin_options());
  flatbuffers::Verifier verifier = ModelVerifier(model.bytes, model.size);
  if (!VerifyOptionsTable(verifier, table)) return CorruptOptionsError(kType);
  *options = table;
  return Status::Ok();
}

// Inline: with BRASA_STRIP_ERROR_STRINGS the message is not built, so each
// check is a compare and the field names do not reach the image.
template <typename E>
bool InRange(E value) {
  return value >= E::MIN && value <= E::MAX;
}

inline Status CheckPadding(tflite::Padding padding) {
  if (InRange(padding)) return Status::Ok();
  return InvalidModelError("padding " + std::to_string(static_cast<int>(padding)) +
                           " is not SAME or VALID");
}

inline Status CheckActivation(tflite::ActivationFunctionType activation) {
  if (InRange(activation)) return Status::Ok();
  return InvalidModelError("fused activation " + std::to_string(static_cast<int>(activation)) +
                           " is not a known activation function");
}

inline Status CheckPositive(const char* what, int32_t value) {
  if (value > 0) return Status::Ok();
  return InvalidModelError(std::string(what) + " is " + std::to_string(value) +
                           ", must be positive");
}

inline Status CheckWeightsFormat(tflite::FullyConnectedOptionsWeightsFormat format) {
  if (InRange(format)) return Status::Ok();
  return InvalidModelError("weights format " + std::to_string(static_cast<int>(format)) +
                           " is not a known format");
}

inline Status CheckMirrorPadMode(tflite::MirrorPadMode mode) {
  if (InRange(mode)) return Status::Ok();
  return InvalidModelError("mirror pad mode " + std::to_string(static_cast<int>(mode)) +
                           " is not REFLECT or SYMMETRIC");
}

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_MODEL_OPTIONS_CHECK_H_
