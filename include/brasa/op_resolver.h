// OpResolver: which kernel runs each operator of a model.
//
// Builtins are looked up by TensorFlow Lite builtin code, custom ops by name.
//
//   brasa::OpResolver resolver;                      // only what the app needs
//   resolver.AddBuiltin(brasa::BuiltinOp::kConv2D);  // or AddBuiltin("CONV_2D")
//   resolver.AddCustom("MyOp", &my_kernel);
//
// AddAllBuiltins() / WithAllBuiltins() register every kernel brasa has. For
// the smallest binary (a microcontroller), register kernels one by one with
// AddBuiltin(code, brasa::Register_CONV_2D()) from brasa/builtin_kernels.h:
// the linker then drops every kernel the app does not name.
#ifndef BRASA_OP_RESOLVER_H_
#define BRASA_OP_RESOLVER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "brasa/builtin_op.h"
#include "brasa/export.h"
#include "brasa/kernel.h"
#include "brasa/status.h"

namespace brasa {

class BRASA_API OpResolver {
 public:
  OpResolver() = default;

  // Every builtin kernel brasa implements, and the custom operators
  // TensorFlow Lite's builtin resolver registers too
  // (TFLite_Detection_PostProcess).
  static OpResolver WithAllBuiltins();
  void AddAllBuiltins();

  void AddBuiltin(int32_t builtin_code, const OpKernel* kernel);
  // brasa's kernel for `op`; kNotFound when brasa has none. Links every
  // builtin kernel into the app.
  Status AddBuiltin(BuiltinOp op);
  // The same by TensorFlow Lite's operator name, e.g. "DEPTHWISE_CONV_2D".
  Status AddBuiltin(const std::string& op_name);
  void AddCustom(const std::string& name, const OpKernel* kernel);

  // nullptr when nothing is registered.
  const OpKernel* FindBuiltin(int32_t builtin_code) const;
  const OpKernel* FindCustom(const std::string& name) const;
  // The same for the `length` bytes at `name` (a name read in place from a
  // model: no std::string built on a microcontroller).
  const OpKernel* FindCustom(const char* name, size_t length) const;

 private:
#ifdef BRASA_BARE_METAL
  // A microcontroller registers a handful of kernels: lists searched in
  // order, not trees (about 500 bytes less flash on a Cortex-M4).
  std::vector<std::pair<int32_t, const OpKernel*>> builtins_;
  std::vector<std::pair<std::string, const OpKernel*>> customs_;
#else
  std::map<int32_t, const OpKernel*> builtins_;
  std::map<std::string, const OpKernel*> customs_;
#endif
};

}  // namespace brasa

#endif  // BRASA_OP_RESOLVER_H_
