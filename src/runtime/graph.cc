#include "src/runtime/graph.h"

#include <cstddef>
#include <cstdint>
#include <new>

namespace brasa {
namespace internal {

PersistentAllocator::Block16* PersistentAllocator::AlignLarge(Block16* block) {
  const uintptr_t misalignment = reinterpret_cast<uintptr_t>(block) % kLargeAlignment;
  return misalignment == 0 ? block : block + (kLargeAlignment - misalignment) / sizeof(Block16);
}

void* PersistentAllocator::Allocate(size_t bytes) {
  if (bytes > SIZE_MAX - sizeof(Block16)) return nullptr;  // the rounding below would wrap
  const size_t blocks = (bytes + sizeof(Block16) - 1) / sizeof(Block16);
  const size_t rounded = blocks * sizeof(Block16);
  if (budget_ != nullptr && rounded > budget_->limit - budget_->used) {
    if (budget_->refused == 0) budget_->refused = rounded;
    return nullptr;
  }
  const size_t taken = blocks == 0 ? 1 : blocks;  // distinct pointers even for 0 bytes
  if (tail_ != nullptr &&
      taken <= static_cast<size_t>(tail_->top - tail_->begin) / sizeof(Block16)) {
    tail_->top -= taken * sizeof(Block16);
    bytes_ += rounded;
    if (budget_ != nullptr) budget_->used += rounded;
    return tail_->top;
  }
  Block16* pointer = nullptr;
  if (taken <= chunk_left_) {
    pointer = chunk_next_;
  } else {
    const bool own_block = taken > kChunkBlocks / 2;
    const size_t own_blocks = taken + kLargeAlignmentSlack;
    std::unique_ptr<Block16[]> memory(new (std::nothrow) Block16[own_block ? own_blocks : kChunkBlocks]);
    if (memory == nullptr) return nullptr;
    pointer = own_block ? AlignLarge(memory.get()) : memory.get();
    blocks_.push_back({std::move(memory), own_block ? rounded : 0});
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

bool PersistentAllocator::Release(const void* pointer) {
  // Kernels release what an earlier node of the same Prepare allocated: a
  // search from the newest block finds it quickly.
  for (size_t i = blocks_.size(); i-- > 0;) {
    // Chunks (bytes 0) hold several requests and are never released.
    const size_t bytes = blocks_[i].bytes;
    if (bytes == 0 || AlignLarge(blocks_[i].memory.get()) != pointer) continue;
    bytes_ -= bytes;
    if (budget_ != nullptr) budget_->used -= bytes;
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }
  return false;
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
