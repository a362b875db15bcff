// newlib's system calls for a board without an OS: the heap is a fixed static
// region (so its peak is measurable and bounded), every allocation entry point
// is counted (the linker's --wrap), and the file calls fail: there are no files.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <sys/stat.h>

#include "ports/cortex_m/board.h"
#include "ports/cortex_m/semihosting.h"

#ifndef BRASA_PORT_HEAP_BYTES
#define BRASA_PORT_HEAP_BYTES (512 * 1024)
#endif

namespace {

alignas(8) uint8_t heap_region[BRASA_PORT_HEAP_BYTES];
size_t heap_break = 0;
uint32_t allocation_calls = 0;

}  // namespace

namespace brasa_port {

size_t HeapPeakBytes() { return heap_break; }
size_t HeapRegionBytes() { return sizeof(heap_region); }
uint32_t AllocationCalls() { return allocation_calls; }

}  // namespace brasa_port

extern "C" {

void* _sbrk(ptrdiff_t increment) {
  const ptrdiff_t next = static_cast<ptrdiff_t>(heap_break) + increment;
  if (next < 0 || next > static_cast<ptrdiff_t>(sizeof(heap_region))) {
    errno = ENOMEM;
    return reinterpret_cast<void*>(-1);
  }
  void* previous = heap_region + heap_break;
  heap_break = static_cast<size_t>(next);
  return previous;
}

void* __real_malloc(size_t size);
void* __real_calloc(size_t count, size_t size);
void* __real_realloc(void* pointer, size_t size);
void* __real_memalign(size_t alignment, size_t size);
void* __real_aligned_alloc(size_t alignment, size_t size);

void* __wrap_malloc(size_t size) {
  ++allocation_calls;
  return __real_malloc(size);
}
void* __wrap_calloc(size_t count, size_t size) {
  ++allocation_calls;
  return __real_calloc(count, size);
}
void* __wrap_realloc(void* pointer, size_t size) {
  ++allocation_calls;
  return __real_realloc(pointer, size);
}
void* __wrap_memalign(size_t alignment, size_t size) {
  ++allocation_calls;
  return __real_memalign(alignment, size);
}
void* __wrap_aligned_alloc(size_t alignment, size_t size) {
  ++allocation_calls;
  return __real_aligned_alloc(alignment, size);
}

// No files: newlib's stdio and abort() reach these.
int _close(int) { return -1; }
int _read(int, char*, int) { return -1; }
int _lseek(int, int, int) { return -1; }
int _isatty(int file) { return file <= 2; }
int _fstat(int, struct stat* status) {
  status->st_mode = S_IFCHR;
  return 0;
}
int _write(int file, const char* data, int length) {
  if (file != 1 && file != 2) return -1;
  for (int i = 0; i < length; ++i) brasa_semihost_write_char(data[i]);
  return length;
}
int _getpid() { return 1; }
int _kill(int, int) {
  brasa_semihost_write("FAIL: abort\n");
  brasa_semihost_exit(1);
}
void _exit(int status) { brasa_semihost_exit(status); }

}  // extern "C"
