// What the firmware measures about itself on the board: stack high-water mark
// (by painting) and elapsed SysTick ticks. (Memory: brasa/static_memory.h.)
#ifndef BRASA_PORTS_CORTEX_M_BOARD_H_
#define BRASA_PORTS_CORTEX_M_BOARD_H_

#include <cstddef>
#include <cstdint>

namespace brasa_port {

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
