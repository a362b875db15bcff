// No heap on this board. Every firmware image links with the C allocation
// functions --wrap'ed to the definitions below, which fail the run if anything
// calls them; brasa's own memory comes from the static buffer the image gives
// brasa::UseStaticMemory (the bare-metal operator new). That link passing
// its tests is the proof that neither setup nor Invoke touches malloc.
// newlib's file calls fail too: there are no files.
#include <cerrno>
#include <cstddef>
#include <sys/stat.h>

#include "ports/cortex_m/semihosting.h"

namespace {

[[noreturn]] void HeapCalled(const char* function) {
  brasa_semihost_write("FAIL: ");
  brasa_semihost_write(function);
  brasa_semihost_write(" called, but this board has no heap\n");
  brasa_semihost_exit(1);
}

}  // namespace

extern "C" {

// The --wrap'ed entry points (see ports/cortex_m/CMakeLists.txt).
void* __wrap_malloc(size_t) { HeapCalled("malloc"); }
void* __wrap_calloc(size_t, size_t) { HeapCalled("calloc"); }
void* __wrap_realloc(void*, size_t) { HeapCalled("realloc"); }
void __wrap_free(void*) { HeapCalled("free"); }
void* __wrap_memalign(size_t, size_t) { HeapCalled("memalign"); }
void* __wrap_aligned_alloc(size_t, size_t) { HeapCalled("aligned_alloc"); }
// newlib's reentrant forms, which its own stdio and dtoa would call.
void* __wrap__malloc_r(void*, size_t) { HeapCalled("_malloc_r"); }
void* __wrap__calloc_r(void*, size_t, size_t) { HeapCalled("_calloc_r"); }
void* __wrap__realloc_r(void*, void*, size_t) { HeapCalled("_realloc_r"); }
void __wrap__free_r(void*, void*) { HeapCalled("_free_r"); }

// No memory to grow into.
void* _sbrk(ptrdiff_t) {
  errno = ENOMEM;
  return reinterpret_cast<void*>(-1);
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
