// Registers every kernel of kernels/ops.def. Kept in its own file so that an
// app that registers kernels one by one does not link the others.
#include "kernels/registry.h"

#include "brasa/op_resolver.h"

namespace brasa {

void OpResolver::AddAllBuiltins() {
#define BRASA_OP(NAME, CODE) AddBuiltin(CODE, Register_##NAME());
#include "kernels/ops.def"
#undef BRASA_OP
#define BRASA_OPT_OP(NAME, CODE) AddBuiltin(CODE, Register_##NAME##_OPT());
#include "kernels/opt/opt_ops.def"
#undef BRASA_OPT_OP
}

OpResolver OpResolver::WithAllBuiltins() {
  OpResolver resolver;
  resolver.AddAllBuiltins();
  return resolver;
}

}  // namespace brasa
