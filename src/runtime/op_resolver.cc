#include "brasa/op_resolver.h"

namespace brasa {

void OpResolver::AddBuiltin(int32_t builtin_code, const OpKernel* kernel) {
  builtins_[builtin_code] = kernel;
}

void OpResolver::AddCustom(const std::string& name, const OpKernel* kernel) {
  customs_[name] = kernel;
}

const OpKernel* OpResolver::FindBuiltin(int32_t builtin_code) const {
  auto it = builtins_.find(builtin_code);
  return it == builtins_.end() ? nullptr : it->second;
}

const OpKernel* OpResolver::FindCustom(const std::string& name) const {
  auto it = customs_.find(name);
  return it == customs_.end() ? nullptr : it->second;
}

}  // namespace brasa
