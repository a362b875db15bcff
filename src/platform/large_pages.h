// Address space for a model's packed weights that Linux may back with 2 MB
// pages (transparent huge pages: Debian and most distributions give them
// to memory that asks, "madvise" mode). Every invoke streams every layer's
// packed weights through the caches once; in 4 KB pages the 17 MB of a
// float32 MobileNetV1 are about 4,200 pages, more than the second-level
// TLB holds, so each page costs a page-table walk again on every invoke.
// In 2 MB pages they are 9.
//
// Hosted builds only (a microcontroller has no MMU to speak of); elsewhere
// Reserve fails and the interpreter keeps its heap blocks.
#ifndef BRASA_PLATFORM_LARGE_PAGES_H_
#define BRASA_PLATFORM_LARGE_PAGES_H_

#include <cstddef>
#include <cstdint>

namespace brasa {

class LargePageRegion {
 public:
  static constexpr size_t kLargePageBytes = size_t{2} << 20;

  LargePageRegion() = default;
  ~LargePageRegion() { Unmap(); }
  LargePageRegion(const LargePageRegion&) = delete;
  LargePageRegion& operator=(const LargePageRegion&) = delete;

  // Reserves `capacity` bytes of address space at a 2 MB boundary, asking
  // for 2 MB pages over all of it. Nothing is committed until written; a
  // 2 MB page is committed whole when first touched, so a region filled
  // from its start holds at most one partly used page. Drops an earlier
  // reservation. False where the OS has no such mapping; the region is
  // then empty.
  bool Reserve(size_t capacity);

  uint8_t* data() const { return data_; }
  size_t capacity() const { return capacity_; }
  bool Contains(const void* pointer) const {
    const uint8_t* p = static_cast<const uint8_t*>(pointer);
    return data_ != nullptr && p >= data_ && p < data_ + capacity_;
  }

  // Hands the whole (4 KB) pages inside [pointer, pointer + bytes) back to the
  // OS (they read as zero if touched again).
  void ReturnPages(void* pointer, size_t bytes);

 private:
  void Unmap();
  void* mapping_ = nullptr;  // what mmap returned, for munmap
  size_t mapping_bytes_ = 0;
  uint8_t* data_ = nullptr;  // the first 2 MB boundary inside it
  size_t capacity_ = 0;
};

}  // namespace brasa

#endif  // BRASA_PLATFORM_LARGE_PAGES_H_
