#include "ports/cortex_m/semihosting.h"

// Operation numbers and exit reasons of the Arm semihosting specification.
enum {
  kSysWriteC = 0x03,
  kSysWrite0 = 0x04,
  kSysExit = 0x18,
  kAdpStoppedRunTimeErrorUnknown = 0x20023,
  kAdpStoppedApplicationExit = 0x20026,
};

// r0 = operation, r1 = its argument; the host answers in r0.
static int SemihostCall(int operation, const void* argument) {
  register int r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void brasa_semihost_write(const char* text) { SemihostCall(kSysWrite0, text); }

void brasa_semihost_write_char(char c) { SemihostCall(kSysWriteC, &c); }

void brasa_semihost_exit(int status) {
  // On 32-bit Arm, SYS_EXIT takes the reason itself in r1, not a block.
  const int reason = status == 0 ? kAdpStoppedApplicationExit : kAdpStoppedRunTimeErrorUnknown;
  SemihostCall(kSysExit, (const void*)reason);
  for (;;) {
  }
}
