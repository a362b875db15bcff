// Vector table and reset handler for a Cortex-M4F (QEMU mps2-an386).
// The reset handler gives the C/C++ runtime what it expects: .data copied
// from the code memory, .bss zeroed, the FPU enabled (code is built with
// -mfloat-abi=hard), static constructors run; then main's result becomes
// the semihosting exit status.
#include <stdint.h>

#include "ports/cortex_m/semihosting.h"

extern uint32_t __data_start__, __data_end__, __data_load__;
extern uint32_t __bss_start__, __bss_end__, __stack_top__;

int main(void);
// The linker script's constructor tables (mps2_an386.ld).
typedef void (*Constructor)(void);
extern Constructor __preinit_array_start[], __preinit_array_end[];
extern Constructor __init_array_start[], __init_array_end[];
void Reset_Handler(void);
void SysTick_Handler(void);

// Coprocessor Access Control Register: full access to CP10 and CP11 (the FPU).
#define CPACR (*(volatile uint32_t*)0xE000ED88u)

void Reset_Handler(void) {
  CPACR |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  const uint32_t* source = &__data_load__;
  for (uint32_t* word = &__data_start__; word < &__data_end__;) *word++ = *source++;
  for (uint32_t* word = &__bss_start__; word < &__bss_end__;) *word++ = 0;
  // Static constructors, as newlib's __libc_init_array runs them, without
  // its _init and the C runtime's start files (the images link with
  // -nostartfiles: about 400 bytes of flash).
  for (Constructor* f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
  for (Constructor* f = __init_array_start; f < __init_array_end; ++f) (*f)();
  brasa_semihost_exit(main());
}

// A fault is a failed run: say so and stop QEMU with a non-zero status.
static void Fault_Handler(void) {
  brasa_semihost_write("FAIL: processor fault\n");
  brasa_semihost_exit(1);
}

// The C library's abort (reached only from the C++ library's "throw" helpers,
// which -fno-exceptions turns into aborts) raises SIGABRT through newlib's
// signal tables (about 600 bytes of flash); a board without signals stops here.
void abort(void) {
  brasa_semihost_write("FAIL: abort\n");
  brasa_semihost_exit(1);
}

__attribute__((weak)) void SysTick_Handler(void) {}

typedef void (*Vector)(void);

__attribute__((section(".isr_vector"), used)) static const Vector kVectorTable[16] = {
    (Vector)&__stack_top__,
    Reset_Handler,
    Fault_Handler,  // NMI
    Fault_Handler,  // HardFault
    Fault_Handler,  // MemManage
    Fault_Handler,  // BusFault
    Fault_Handler,  // UsageFault
    0, 0, 0, 0,
    Fault_Handler,  // SVCall
    Fault_Handler,  // DebugMonitor
    0,
    Fault_Handler,  // PendSV
    SysTick_Handler,
};
