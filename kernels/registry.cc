// Registers every kernel of kernels/ops.def. Kept in its own file so that an
// app that registers kernels one by one does not link the others.
#include "kernels/registry.h"

#include <string>

#include "brasa/op_resolver.h"
#include "src/model/builtin_names.h"

namespace brasa {

void OpResolver::AddAllBuiltins() {
#define BRASA_OP(NAME, CODE) AddBuiltin(CODE, Register_##NAME());
#include "kernels/ops.def"
#undef BRASA_OP
#define BRASA_OPT_OP(NAME, CODE) AddBuiltin(CODE, Register_##NAME##_OPT());
#include "kernels/opt/opt_ops.def"
#undef BRASA_OPT_OP
  // The custom operators TensorFlow Lite's builtin resolver also registers.
  AddCustom("TFLite_Detection_PostProcess", Register_DETECTION_POSTPROCESS());
}

OpResolver OpResolver::WithAllBuiltins() {
  OpResolver resolver;
  resolver.AddAllBuiltins();
  return resolver;
}

}  // namespace brasa

// Registering by enum or name needs the table of every kernel, so these live
// here too: an app that uses them links every kernel.
namespace brasa {

Status OpResolver::AddBuiltin(BuiltinOp op) {
  const int32_t code = static_cast<int32_t>(op);
  static const OpResolver all = WithAllBuiltins();
  const OpKernel* kernel = all.FindBuiltin(code);
  if (kernel == nullptr) {
    const char* name = BuiltinOperatorName(code);
    return NotFoundError(std::string("brasa has no kernel for builtin operator ") +
                         (name ? name : "?") + " (" + std::to_string(code) + ")");
  }
  AddBuiltin(code, kernel);
  return Status::Ok();
}

Status OpResolver::AddBuiltin(const std::string& op_name) {
  for (int32_t code = 0; code < 256; ++code) {
    const char* name = BuiltinOperatorName(code);
    if (name != nullptr && op_name == name) return AddBuiltin(static_cast<BuiltinOp>(code));
  }
  return NotFoundError("'" + op_name + "' is not a TensorFlow Lite builtin operator name");
}

}  // namespace brasa
