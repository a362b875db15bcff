// Memory for a board without a heap (the bare-metal build, BRASA_BARE_METAL).
//
// There, brasa never calls malloc: every allocation it makes while loading a
// model and preparing an interpreter (tensor and node tables, op data, packed
// weights, shapes, names, error messages) is served from one buffer the
// application gives once, before anything else:
//
//   alignas(16) static uint8_t setup_memory[8 * 1024];
//   brasa::UseStaticMemory(setup_memory, sizeof(setup_memory));
//   auto model = brasa::Model::FromBuffer(model_data, model_size);
//   ...  // Interpreter::Create, AllocateTensors with a static arena
//
// Invoke allocates nothing. The global operator new/delete of the bare-metal
// build draw from this buffer (first fit, freed blocks coalesce and are
// reused), so C++ containers work without a heap; a firmware's link can make
// malloc itself fail (ports/cortex_m does) to prove that nothing reaches it.
// Size the buffer with GetStaticMemoryStats().high_water after setup.
// Not thread-safe: bare-metal builds have no threads.
#ifndef BRASA_STATIC_MEMORY_H_
#define BRASA_STATIC_MEMORY_H_

#include <cstddef>
#include <cstdint>

#include "brasa/export.h"

namespace brasa {

struct StaticMemoryStats {
  size_t capacity = 0;      // bytes of the buffer (after alignment)
  size_t in_use = 0;        // bytes of live blocks, their headers included
  size_t high_water = 0;    // most of the buffer ever touched: what it must hold
  uint32_t allocations = 0; // allocation calls so far
};

// Gives brasa `buffer` for all of its dynamic memory. Call once, before any
// other brasa call; returns false (and changes nothing) if memory was given
// before or the buffer is too small to hold anything.
BRASA_API bool UseStaticMemory(void* buffer, size_t size);
BRASA_API StaticMemoryStats GetStaticMemoryStats();

// Called when a request does not fit (or no buffer was given). operator new
// cannot report failure in a build without exceptions, so the handler must
// not return (e.g. it logs and resets the board); the default one calls
// abort(). The nothrow forms (which brasa uses for the arena) return null
// instead, and AllocateTensors reports RESOURCE_EXHAUSTED.
using OutOfMemoryHandler = void (*)(size_t requested_bytes);
BRASA_API void SetOutOfMemoryHandler(OutOfMemoryHandler handler);

}  // namespace brasa

#endif  // BRASA_STATIC_MEMORY_H_
