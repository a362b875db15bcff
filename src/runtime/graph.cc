#include "src/runtime/graph.h"

#include <new>

namespace brasa {
namespace internal {

void* PersistentAllocator::Allocate(size_t bytes) {
  const size_t blocks = (bytes + sizeof(Block16) - 1) / sizeof(Block16);
  std::unique_ptr<Block16[]> memory(new (std::nothrow) Block16[blocks == 0 ? 1 : blocks]);
  if (memory == nullptr) return nullptr;
  void* pointer = memory.get();
  blocks_.push_back(std::move(memory));
  bytes_ += blocks * sizeof(Block16);
  return pointer;
}

void PersistentAllocator::Reset() {
  blocks_.clear();
  bytes_ = 0;
}

}  // namespace internal
}  // namespace brasa
