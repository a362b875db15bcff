// The newest builtin op versions brasa runs (kernels/op_versions.def).
#ifndef BRASA_KERNELS_OP_VERSIONS_H_
#define BRASA_KERNELS_OP_VERSIONS_H_

#include <cstdint>

namespace brasa {

// The newest version of builtin op `builtin_code` brasa runs, or 0 when it
// sets no limit (the op is not listed).
int32_t MaxBuiltinOpVersion(int32_t builtin_code);

}  // namespace brasa

#endif  // BRASA_KERNELS_OP_VERSIONS_H_
