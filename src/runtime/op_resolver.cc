#include "brasa/op_resolver.h"

#include <cstring>

namespace brasa {

#ifdef BRASA_BARE_METAL
namespace {

// The entry for `key` in a list of (key, kernel) pairs, or nullptr.
template <typename Key, typename List>
auto* FindEntry(List& list, const Key& key) {
  for (auto& entry : list) {
    if (entry.first == key) return &entry;
  }
  return static_cast<decltype(&list[0])>(nullptr);
}

}  // namespace

void OpResolver::AddBuiltin(int32_t builtin_code, const OpKernel* kernel) {
  if (auto* entry = FindEntry(builtins_, builtin_code)) {
    entry->second = kernel;
  } else {
    builtins_.emplace_back(builtin_code, kernel);
  }
}

void OpResolver::AddCustom(const std::string& name, const OpKernel* kernel) {
  if (auto* entry = FindEntry(customs_, name)) {
    entry->second = kernel;
  } else {
    customs_.emplace_back(name, kernel);
  }
}

const OpKernel* OpResolver::FindBuiltin(int32_t builtin_code) const {
  const auto* entry = FindEntry(builtins_, builtin_code);
  return entry == nullptr ? nullptr : entry->second;
}

const OpKernel* OpResolver::FindCustom(const std::string& name) const {
  return FindCustom(name.data(), name.size());
}

const OpKernel* OpResolver::FindCustom(const char* name, size_t length) const {
  for (const auto& entry : customs_) {
    if (entry.first.size() == length && std::memcmp(entry.first.data(), name, length) == 0) {
      return entry.second;
    }
  }
  return nullptr;
}
#else
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

const OpKernel* OpResolver::FindCustom(const char* name, size_t length) const {
  return FindCustom(std::string(name, length));
}

#endif

}  // namespace brasa
