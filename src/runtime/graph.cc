#include "src/runtime/graph.h"

#include <new>

namespace brasa {
namespace internal {

void* PersistentAllocator::Allocate(size_t bytes) {
  if (bytes > SIZE_MAX - sizeof(Block16)) return nullptr;  // the rounding below would wrap
  const size_t blocks = (bytes + sizeof(Block16) - 1) / sizeof(Block16);
  const size_t rounded = blocks * sizeof(Block16);
  if (budget_ != nullptr && rounded > budget_->limit - budget_->used) {
    if (budget_->refused == 0) budget_->refused = rounded;
    return nullptr;
  }
  std::unique_ptr<Block16[]> memory(new (std::nothrow) Block16[blocks == 0 ? 1 : blocks]);
  if (memory == nullptr) return nullptr;
  void* pointer = memory.get();
  blocks_.push_back(std::move(memory));
  bytes_ += rounded;
  if (budget_ != nullptr) budget_->used += rounded;
  return pointer;
}

void PersistentAllocator::Reset() {
  blocks_.clear();
  if (budget_ != nullptr) budget_->used -= bytes_;
  bytes_ = 0;
}

}  // namespace internal
}  // namespace brasa
