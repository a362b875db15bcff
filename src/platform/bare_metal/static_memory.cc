// The bare-metal build's dynamic memory: the global operator new/delete,
// served from the one buffer the application gives (brasa/static_memory.h).
// Nothing here calls malloc. Blocks carry an 8-byte header (their size);
// freed blocks go to an address-ordered free list where neighbours merge, and
// a freed block at the top lowers the top, so setup's temporaries (vectors
// that grow, strings of error messages) are reused instead of piling up.
#include "brasa/static_memory.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace brasa {
namespace {

constexpr size_t kHeader = 8;  // the size word, padded to operator new's alignment
constexpr size_t kGranule = 8;
constexpr size_t kMinBlock = 16;

struct FreeBlock {
  size_t size;  // bytes of the whole block, header included
  FreeBlock* next;
};

struct Pool {
  uint8_t* begin = nullptr;
  uint8_t* top = nullptr;  // everything at and above is untouched
  uint8_t* end = nullptr;
  FreeBlock* free_list = nullptr;  // address order
  StaticMemoryStats stats;
  OutOfMemoryHandler out_of_memory = nullptr;
};

Pool pool;

size_t& SizeOf(uint8_t* block) { return *reinterpret_cast<size_t*>(block); }

// After a free at the top: the free block just below the top (the last one
// in address order) is released into the untouched part too.
void LowerTop() {
  FreeBlock** link = &pool.free_list;
  while (*link != nullptr && (*link)->next != nullptr) link = &(*link)->next;
  FreeBlock* last = *link;
  if (last != nullptr && reinterpret_cast<uint8_t*>(last) + last->size == pool.top) {
    pool.top = reinterpret_cast<uint8_t*>(last);
    *link = nullptr;
  }
}

void* Allocate(size_t bytes) {
  if (pool.begin == nullptr || bytes > static_cast<size_t>(pool.end - pool.begin)) {
    return nullptr;
  }
  size_t needed = (bytes + kHeader + kGranule - 1) / kGranule * kGranule;
  if (needed < kMinBlock) needed = kMinBlock;
  uint8_t* block = nullptr;
  for (FreeBlock** link = &pool.free_list; *link != nullptr; link = &(*link)->next) {
    FreeBlock* candidate = *link;
    if (candidate->size < needed) continue;
    block = reinterpret_cast<uint8_t*>(candidate);
    if (candidate->size - needed >= kMinBlock) {
      auto* rest = reinterpret_cast<FreeBlock*>(block + needed);
      rest->size = candidate->size - needed;
      rest->next = candidate->next;
      *link = rest;
    } else {
      needed = candidate->size;
      *link = candidate->next;
    }
    break;
  }
  if (block == nullptr) {
    if (needed > static_cast<size_t>(pool.end - pool.top)) return nullptr;
    block = pool.top;
    pool.top += needed;
    const size_t touched = static_cast<size_t>(pool.top - pool.begin);
    if (touched > pool.stats.high_water) pool.stats.high_water = touched;
  }
  SizeOf(block) = needed;
  pool.stats.in_use += needed;
  ++pool.stats.allocations;
  return block + kHeader;
}

void Free(void* pointer) {
  if (pointer == nullptr) return;
  uint8_t* block = static_cast<uint8_t*>(pointer) - kHeader;
  const size_t size = SizeOf(block);
  pool.stats.in_use -= size;
  if (block + size == pool.top) {
    pool.top = block;
    LowerTop();
    return;
  }
  FreeBlock* previous = nullptr;
  FreeBlock* next = pool.free_list;
  while (next != nullptr && reinterpret_cast<uint8_t*>(next) < block) {
    previous = next;
    next = next->next;
  }
  auto* freed = reinterpret_cast<FreeBlock*>(block);
  freed->size = size;
  freed->next = next;
  if (next != nullptr && block + size == reinterpret_cast<uint8_t*>(next)) {
    freed->size += next->size;
    freed->next = next->next;
  }
  if (previous != nullptr && reinterpret_cast<uint8_t*>(previous) + previous->size == block) {
    previous->size += freed->size;
    previous->next = freed->next;
  } else if (previous != nullptr) {
    previous->next = freed;
  } else {
    pool.free_list = freed;
  }
}

// Over-aligned requests: a block with room to align, the block's address
// stored in the word just below the aligned pointer.
void* AllocateAligned(size_t bytes, size_t alignment) {
  if (alignment <= kGranule) return Allocate(bytes);
  if (bytes > SIZE_MAX - alignment - sizeof(void*)) return nullptr;  // would wrap around
  uint8_t* raw = static_cast<uint8_t*>(Allocate(bytes + alignment + sizeof(void*)));
  if (raw == nullptr) return nullptr;
  const uintptr_t first = reinterpret_cast<uintptr_t>(raw) + sizeof(void*);
  uint8_t* aligned = raw + (sizeof(void*) + (alignment - first % alignment) % alignment);
  reinterpret_cast<void**>(aligned)[-1] = raw;
  return aligned;
}

void FreeAligned(void* pointer, size_t alignment) {
  if (pointer == nullptr) return;
  Free(alignment <= kGranule ? pointer : static_cast<void**>(pointer)[-1]);
}

void* AllocateOrDie(size_t bytes, size_t alignment) {
  void* pointer = AllocateAligned(bytes, alignment);
  if (pointer != nullptr) return pointer;
  if (pool.out_of_memory != nullptr) pool.out_of_memory(bytes);
  abort();
}

}  // namespace

bool UseStaticMemory(void* buffer, size_t size) {
  if (pool.begin != nullptr || buffer == nullptr) return false;
  const uintptr_t address = reinterpret_cast<uintptr_t>(buffer);
  const size_t skip = (kGranule - address % kGranule) % kGranule;
  if (size < skip + kMinBlock) return false;
  pool.begin = static_cast<uint8_t*>(buffer) + skip;
  pool.top = pool.begin;
  pool.end = pool.begin + (size - skip) / kGranule * kGranule;
  pool.stats.capacity = static_cast<size_t>(pool.end - pool.begin);
  return true;
}

StaticMemoryStats GetStaticMemoryStats() { return pool.stats; }

void SetOutOfMemoryHandler(OutOfMemoryHandler handler) { pool.out_of_memory = handler; }

}  // namespace brasa

// Every form of the global operator new/delete, so that none of libstdc++'s
// (which call malloc) is linked.
namespace {
constexpr size_t kDefaultAlignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;
size_t AlignmentOf(std::align_val_t alignment) { return static_cast<size_t>(alignment); }
}  // namespace

void* operator new(size_t bytes) { return brasa::AllocateOrDie(bytes, kDefaultAlignment); }
void* operator new[](size_t bytes) { return brasa::AllocateOrDie(bytes, kDefaultAlignment); }
void* operator new(size_t bytes, const std::nothrow_t&) noexcept {
  return brasa::AllocateAligned(bytes, kDefaultAlignment);
}
void* operator new[](size_t bytes, const std::nothrow_t&) noexcept {
  return brasa::AllocateAligned(bytes, kDefaultAlignment);
}
void* operator new(size_t bytes, std::align_val_t alignment) {
  return brasa::AllocateOrDie(bytes, AlignmentOf(alignment));
}
void* operator new[](size_t bytes, std::align_val_t alignment) {
  return brasa::AllocateOrDie(bytes, AlignmentOf(alignment));
}
void* operator new(size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return brasa::AllocateAligned(bytes, AlignmentOf(alignment));
}
void* operator new[](size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return brasa::AllocateAligned(bytes, AlignmentOf(alignment));
}

void operator delete(void* pointer) noexcept { brasa::Free(pointer); }
void operator delete[](void* pointer) noexcept { brasa::Free(pointer); }
void operator delete(void* pointer, size_t) noexcept { brasa::Free(pointer); }
void operator delete[](void* pointer, size_t) noexcept { brasa::Free(pointer); }
void operator delete(void* pointer, const std::nothrow_t&) noexcept { brasa::Free(pointer); }
void operator delete[](void* pointer, const std::nothrow_t&) noexcept { brasa::Free(pointer); }
void operator delete(void* pointer, std::align_val_t alignment) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
void operator delete[](void* pointer, std::align_val_t alignment) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
void operator delete(void* pointer, size_t, std::align_val_t alignment) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
void operator delete[](void* pointer, size_t, std::align_val_t alignment) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
void operator delete(void* pointer, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
void operator delete[](void* pointer, std::align_val_t alignment,
                       const std::nothrow_t&) noexcept {
  brasa::FreeAligned(pointer, AlignmentOf(alignment));
}
