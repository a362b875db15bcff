// ARM semihosting (the debugger/QEMU interface through `bkpt 0xab`): console
// output and exit. QEMU serves it with -semihosting-config enable=on.
#ifndef BRASA_PORTS_CORTEX_M_SEMIHOSTING_H_
#define BRASA_PORTS_CORTEX_M_SEMIHOSTING_H_

#ifdef __cplusplus
extern "C" {
#endif

// Writes a NUL-terminated string to the host console (SYS_WRITE0).
void brasa_semihost_write(const char* text);
// Writes one character (SYS_WRITEC).
void brasa_semihost_write_char(char c);
// Stops the program (SYS_EXIT): status 0 reports ADP_Stopped_ApplicationExit
// (QEMU exits 0), anything else a run-time error (QEMU exits 1).
__attribute__((noreturn)) void brasa_semihost_exit(int status);

#ifdef __cplusplus
}
#endif

#endif  // BRASA_PORTS_CORTEX_M_SEMIHOSTING_H_
