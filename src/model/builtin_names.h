// Names of TensorFlow Lite's builtin operators, for messages and tools.
#ifndef BRASA_MODEL_BUILTIN_NAMES_H_
#define BRASA_MODEL_BUILTIN_NAMES_H_

#include <cstdint>

namespace brasa {

constexpr int32_t kBuiltinCustom = 32;

// "CONV_2D" for 3; nullptr for codes TensorFlow Lite does not define.
const char* BuiltinOperatorName(int32_t code);

// The name for an error message: BuiltinOperatorName, or nullptr with
// BRASA_STRIP_ERROR_STRINGS (brasa/status.h), whose messages are dropped, so
// that the table of names (3 KB) stays out of a microcontroller image.
inline const char* BuiltinOperatorNameForMessage(int32_t code) {
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
  (void)code;
  return nullptr;
#else
  return BuiltinOperatorName(code);
#endif
}

}  // namespace brasa

#endif  // BRASA_MODEL_BUILTIN_NAMES_H_
