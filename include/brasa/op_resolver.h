// OpResolver: which kernel runs each operator of a model.
//
// Builtins are looked up by TensorFlow Lite builtin code, custom ops by name.
// An app that wants a small binary registers only the kernels it needs
// (declared in kernels/registry.h as Register_<OP>()); the linker then drops
// the rest. AddAllBuiltins() registers every kernel brasa has.
#ifndef BRASA_OP_RESOLVER_H_
#define BRASA_OP_RESOLVER_H_

#include <cstdint>
#include <map>
#include <string>

#include "brasa/kernel.h"

namespace brasa {

class OpResolver {
 public:
  OpResolver() = default;

  // Every builtin kernel brasa implements, and the custom operators
  // TensorFlow Lite's builtin resolver registers too
  // (TFLite_Detection_PostProcess).
  static OpResolver WithAllBuiltins();
  void AddAllBuiltins();

  void AddBuiltin(int32_t builtin_code, const OpKernel* kernel);
  void AddCustom(const std::string& name, const OpKernel* kernel);

  // nullptr when nothing is registered.
  const OpKernel* FindBuiltin(int32_t builtin_code) const;
  const OpKernel* FindCustom(const std::string& name) const;

 private:
  std::map<int32_t, const OpKernel*> builtins_;
  std::map<std::string, const OpKernel*> customs_;
};

}  // namespace brasa

#endif  // BRASA_OP_RESOLVER_H_
