// Registers every kernel of kernels/ops.def. Kept in its own file so that an
// app that registers kernels one by one does not link the others.
#include "kernels/registry.h"

#include "brasa/op_resolver.h"

namespace brasa {

void OpResolver::AddAllBuiltins() {
#define BRASA_OP(NAME, CODE) AddBuiltin(CODE, Register_##NAME());
#include "kernels/ops.def"
#undef BRASA_OP
  // The custom operators TensorFlow Lite's builtin resolver also registers.
  AddCustom("TFLite_Detection_PostProcess", Register_DETECTION_POSTPROCESS());
}

OpResolver OpResolver::WithAllBuiltins() {
  OpResolver resolver;
  resolver.AddAllBuiltins();
  return resolver;
}

}  // namespace brasa
