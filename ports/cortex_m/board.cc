#include "ports/cortex_m/board.h"

extern "C" uint32_t __stack_limit__, __stack_top__;
extern "C" void SysTick_Handler(void);

namespace {

constexpr uint32_t kStackPattern = 0xA5C3A5C3u;
constexpr uint32_t kSysTickReload = 0xFFFFFFu;  // the counter is 24 bits wide

volatile uint32_t& Register(uint32_t address) {
  return *reinterpret_cast<volatile uint32_t*>(address);
}
volatile uint32_t& SysTickControl() { return Register(0xE000E010u); }
volatile uint32_t& SysTickReload() { return Register(0xE000E014u); }
volatile uint32_t& SysTickCurrent() { return Register(0xE000E018u); }

volatile uint32_t systick_wraps = 0;

}  // namespace

extern "C" void SysTick_Handler(void) { systick_wraps = systick_wraps + 1; }

namespace brasa_port {

// Paints from the stack's lowest word up to a margin below the live frame.
void PaintStack() {
  uint32_t* stack_pointer;
  __asm__ volatile("mov %0, sp" : "=r"(stack_pointer));
  for (uint32_t* word = &__stack_limit__; word < stack_pointer - 64; ++word) *word = kStackPattern;
}

size_t StackUsedBytes() {
  const uint32_t* word = &__stack_limit__;
  while (word < &__stack_top__ && *word == kStackPattern) ++word;
  return static_cast<size_t>(reinterpret_cast<const uint8_t*>(&__stack_top__) -
                             reinterpret_cast<const uint8_t*>(word));
}

void StartTicks() {
  SysTickReload() = kSysTickReload;
  SysTickCurrent() = 0;
  systick_wraps = 0;
  SysTickControl() = 0x7;  // enable, interrupt on wrap, processor clock
}

uint64_t Ticks() {
  uint32_t wraps, current;
  do {
    wraps = systick_wraps;
    current = SysTickCurrent();
  } while (wraps != systick_wraps);
  return uint64_t{wraps} * (kSysTickReload + 1) + (kSysTickReload - current);
}

}  // namespace brasa_port
