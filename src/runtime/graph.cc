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
  const size_t taken = blocks == 0 ? 1 : blocks;  // distinct pointers even for 0 bytes
  Block16* pointer = nullptr;
  if (taken <= chunk_left_) {
    pointer = chunk_next_;
  } else {
    const bool own_block = taken > kChunkBlocks / 2;
    std::unique_ptr<Block16[]> memory(new (std::nothrow) Block16[own_block ? taken : kChunkBlocks]);
    if (memory == nullptr) return nullptr;
    pointer = memory.get();
    blocks_.push_back(std::move(memory));
    if (own_block) {
      bytes_ += rounded;
      if (budget_ != nullptr) budget_->used += rounded;
      return pointer;
    }
    chunk_left_ = kChunkBlocks;
  }
  chunk_next_ = pointer + taken;
  chunk_left_ -= taken;
  bytes_ += rounded;
  if (budget_ != nullptr) budget_->used += rounded;
  return pointer;
}

void PersistentAllocator::Reset() {
  blocks_.clear();
  chunk_next_ = nullptr;
  chunk_left_ = 0;
  if (budget_ != nullptr) budget_->used -= bytes_;
  bytes_ = 0;
}

}  // namespace internal
}  // namespace brasa
