#include "src/model/options_check.h"

#include <string>

namespace brasa {
namespace internal {

using tflite::BuiltinOptions;

Status CheckOptionsType(const tflite::Operator& op, BuiltinOptions expected, bool required,
                        bool* present) {
  const BuiltinOptions actual = op.builtin_options_type();
  *present = false;
  if (actual == BuiltinOptions::NONE || op.builtin_options() == nullptr) {
    if (!required) return Status::Ok();
    return InvalidModelError(std::string("the operator has no options; it needs ") +
                             tflite::EnumNameBuiltinOptions(expected));
  }
  if (actual != expected) {
    const char* name = tflite::EnumNameBuiltinOptions(actual);
    return InvalidModelError(std::string("options are ") +
                             (name && *name ? name : std::to_string(static_cast<int>(actual))) +
                             ", expected " + tflite::EnumNameBuiltinOptions(expected));
  }
  *present = true;
  return Status::Ok();
}

Status CorruptOptionsError(BuiltinOptions type) {
  return InvalidModelError(std::string(tflite::EnumNameBuiltinOptions(type)) +
                           " table failed verification (corrupt file)");
}

}  // namespace internal
}  // namespace brasa
