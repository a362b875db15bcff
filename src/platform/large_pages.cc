#include "src/platform/large_pages.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace brasa {

bool LargePageRegion::Reserve(size_t capacity) {
  Unmap();
#if defined(__linux__)
  if (capacity == 0 || capacity > SIZE_MAX - kLargePageBytes) return false;
  // One page more, to start at a 2 MB boundary inside the mapping: the OS
  // maps 2 MB pages only over 2 MB-aligned ranges.
  const size_t bytes = capacity + kLargePageBytes;
  void* mapping = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED) return false;
  const uintptr_t start = reinterpret_cast<uintptr_t>(mapping);
  const uintptr_t aligned = (start + kLargePageBytes - 1) / kLargePageBytes * kLargePageBytes;
  mapping_ = mapping;
  mapping_bytes_ = bytes;
  data_ = reinterpret_cast<uint8_t*>(aligned);
  capacity_ = capacity;
#if defined(MADV_HUGEPAGE)
  // A kernel without transparent huge pages refuses the advice; the region
  // then works in 4 KB pages, as the heap would.
  (void)::madvise(data_, capacity / kLargePageBytes * kLargePageBytes, MADV_HUGEPAGE);
#endif
  return true;
#else
  (void)capacity;
  return false;
#endif
}

void LargePageRegion::ReturnPages(void* pointer, size_t bytes) {
#if defined(__linux__)
  const long page_size = ::sysconf(_SC_PAGESIZE);
  const uintptr_t kPage = page_size > 0 ? static_cast<uintptr_t>(page_size) : 4096;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(pointer);
  const uintptr_t first = (begin + kPage - 1) / kPage * kPage;
  const uintptr_t end = (begin + bytes) / kPage * kPage;
  if (end > first) (void)::madvise(reinterpret_cast<void*>(first), end - first, MADV_DONTNEED);
#else
  (void)pointer, (void)bytes;
#endif
}

void LargePageRegion::Unmap() {
#if defined(__linux__)
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_bytes_);
#endif
  mapping_ = nullptr;
  mapping_bytes_ = 0;
  data_ = nullptr;
  capacity_ = 0;
}

}  // namespace brasa
