// Looks up kernels/op_versions.def.
#include "kernels/op_versions.h"

namespace brasa {

int32_t MaxBuiltinOpVersion(int32_t builtin_code) {
  switch (builtin_code) {
#define BRASA_OP_VERSION(NAME, CODE, MAX_VERSION) \
  case CODE:                                      \
    return MAX_VERSION;
#include "kernels/op_versions.def"
#undef BRASA_OP_VERSION
    default:
      return 0;
  }
}

}  // namespace brasa
