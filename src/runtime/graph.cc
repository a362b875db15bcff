#include "src/runtime/graph.h"

#include <cstddef>
#include <cstdint>
#include <new>

#ifndef BRASA_BARE_METAL
#include "src/platform/large_pages.h"
#endif

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
    Block16* memory = NewHeapBlock(own_block ? own_blocks : kChunkBlocks, own_block ? rounded : 0);
    if (memory == nullptr) return nullptr;
    pointer = own_block ? AlignLarge(memory) : memory;
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

#ifndef BRASA_BARE_METAL
PersistentAllocator::Block16* PersistentAllocator::TakeFromPages(size_t blocks) {
  if (pages_ == nullptr) return nullptr;
  // The header just below a kLargeAlignment boundary, so that AlignLarge
  // leaves the request where it is (its slack goes unused).
  const size_t start = (pages_used_ + sizeof(Block16) + kLargeAlignment - 1) / kLargeAlignment *
                           kLargeAlignment -
                       sizeof(Block16);
  if (start > pages_->capacity() || blocks > (pages_->capacity() - start) / sizeof(Block16)) {
    return nullptr;
  }
  pages_used_ = start + blocks * sizeof(Block16);
  return reinterpret_cast<Block16*>(pages_->data() + start);
}

bool PersistentAllocator::InPages(const void* block) const {
  return pages_ != nullptr && pages_->Contains(block);
}
#endif

bool PersistentAllocator::Release(const void* pointer) {
  // Kernels release what an earlier node of the same Prepare allocated: a
  // search from the newest block finds it quickly.
  for (HeapBlock** link = &blocks_; *link != nullptr; link = &(*link)->next) {
    HeapBlock* block = *link;
    // Chunks (bytes 0) hold several requests and are never released.
    const size_t bytes = block->bytes;
    if (bytes == 0 || AlignLarge(reinterpret_cast<Block16*>(block) + 1) != pointer) continue;
    bytes_ -= bytes;
    if (budget_ != nullptr) budget_->used -= bytes;
    *link = block->next;
#ifndef BRASA_BARE_METAL
    if (InPages(block)) {
      pages_->ReturnPages(block, sizeof(Block16) + bytes + kLargeAlignmentSlack * sizeof(Block16));
      return true;
    }
#endif
    delete[] reinterpret_cast<Block16*>(block);
    return true;
  }
  return false;
}

PersistentAllocator::Block16* PersistentAllocator::NewHeapBlock(size_t blocks, size_t bytes) {
  Block16* memory = nullptr;
#ifndef BRASA_BARE_METAL
  if (bytes != 0) memory = TakeFromPages(blocks + 1);  // an own block
#endif
  if (memory == nullptr) memory = new (std::nothrow) Block16[blocks + 1];
  if (memory == nullptr) return nullptr;
  blocks_ = new (memory) HeapBlock{blocks_, bytes};
  return memory + 1;
}

void PersistentAllocator::FreeBlocks() {
  while (blocks_ != nullptr) {
    HeapBlock* next = blocks_->next;
#ifndef BRASA_BARE_METAL
    if (!InPages(blocks_)) delete[] reinterpret_cast<Block16*>(blocks_);
#else
    delete[] reinterpret_cast<Block16*>(blocks_);
#endif
    blocks_ = next;
  }
#ifndef BRASA_BARE_METAL
  pages_used_ = 0;
#endif
}

PersistentAllocator& PersistentAllocator::operator=(PersistentAllocator&& other) noexcept {
  if (this != &other) {
    FreeBlocks();
    blocks_ = other.blocks_;
    chunk_next_ = other.chunk_next_;
    chunk_left_ = other.chunk_left_;
    bytes_ = other.bytes_;
    budget_ = other.budget_;
    tail_ = other.tail_;
#ifndef BRASA_BARE_METAL
    pages_ = other.pages_;  // other's blocks may lie there
    pages_used_ = other.pages_used_;
    other.pages_ = nullptr;
    other.pages_used_ = 0;
#endif
    other.blocks_ = nullptr;
    other.chunk_next_ = nullptr;
    other.chunk_left_ = 0;
    other.bytes_ = 0;
  }
  return *this;
}

void PersistentAllocator::Reset() {
  FreeBlocks();
  chunk_next_ = nullptr;
  chunk_left_ = 0;
  if (budget_ != nullptr) budget_->used -= bytes_;
  bytes_ = 0;
}

#ifndef BRASA_BARE_METAL
size_t LargePageReservationBytes(const Graph& graph) {
  size_t constant = 0;
  for (const Tensor& tensor : graph.tensors) {
    if (tensor.allocation == Allocation::kConstant) constant += tensor.bytes;
  }
  if (constant < kMinLargePageConstants) return 0;
  return 2 * constant + 4 * LargePageRegion::kLargePageBytes;
}
#endif

}  // namespace internal
}  // namespace brasa
