// What the firmware measures about itself on the board: heap (a fixed static
// region behind newlib's _sbrk), allocation calls, stack high-water mark (by
// painting), and elapsed SysTick ticks.
#ifndef BRASA_PORTS_CORTEX_M_BOARD_H_
#define BRASA_PORTS_CORTEX_M_BOARD_H_

#include <cstddef>
#include <cstdint>

namespace brasa_port {

// Bytes of the static heap region handed out by _sbrk so far: newlib's
// malloc never gives memory back to _sbrk, so this is the peak heap footprint.
size_t HeapPeakBytes();
size_t HeapRegionBytes();
// malloc, calloc, realloc, memalign and aligned_alloc calls so far (operator
// new goes through malloc).
uint32_t AllocationCalls();

// Fills the unused part of the stack with a pattern; StackUsedBytes() then
// finds the deepest word overwritten since.
void PaintStack();
size_t StackUsedBytes();

// SysTick on the processor clock (25 MHz on mps2-an386), counting wraps in
// its interrupt. Under QEMU's -icount shift=0 every instruction takes 1 ns of
// virtual time, so one tick is 40 instructions.
constexpr uint32_t kSysTickHz = 25000000;
void StartTicks();
uint64_t Ticks();

}  // namespace brasa_port

#endif  // BRASA_PORTS_CORTEX_M_BOARD_H_
