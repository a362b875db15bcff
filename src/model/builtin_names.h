// Names of TensorFlow Lite's builtin operators, for messages and tools.
#ifndef BRASA_MODEL_BUILTIN_NAMES_H_
#define BRASA_MODEL_BUILTIN_NAMES_H_

#include <cstdint>

namespace brasa {

constexpr int32_t kBuiltinCustom = 32;

// "CONV_2D" for 3; nullptr for codes TensorFlow Lite does not define.
const char* BuiltinOperatorName(int32_t code);

}  // namespace brasa

#endif  // BRASA_MODEL_BUILTIN_NAMES_H_
