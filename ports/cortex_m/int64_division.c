/* The run-time ABI's 64-bit division (__aeabi_uldivmod, __aeabi_ldivmod),
 * smaller than libgcc's: about 150 bytes of flash instead of about 1,000
 * (__udivmoddi4 alone is 700). brasa divides 64-bit values only while it
 * verifies a model and prepares kernels (overflow-safe size checks, window
 * sizes) and in a few once-per-Invoke row counts; operands that fit 32 bits
 * take the Cortex-M4's own divider, the others a shift-and-subtract loop of
 * at most 64 steps. Division by zero gives quotient 0 and the dividend as
 * remainder (C leaves it undefined; the run-time ABI would call
 * __aeabi_ldiv0, which returns 0). platform_checks.cc tests both functions.
 * Linked as a board object, outside link-time optimization: the compiler
 * creates the calls after LTO has run, so the definitions must be in a
 * plain object. */
#include <stdint.h>

uint64_t brasa_udivmod64(uint64_t n, uint64_t d, uint64_t* remainder) {
  if ((n >> 32) == 0 && (d >> 32) == 0) {
    const uint32_t n32 = (uint32_t)n, d32 = (uint32_t)d;
    const uint32_t q = d32 == 0 ? 0 : n32 / d32;
    *remainder = n32 - q * d32;
    return q;
  }
  if (d == 0 || n < d) {
    *remainder = n;
    return 0;
  }
  const int shift = __builtin_clzll(d) - __builtin_clzll(n);
  uint64_t q = 0;
  d <<= shift;
  for (int i = 0; i <= shift; ++i) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    d >>= 1;
  }
  *remainder = n;
  return q;
}

/* Truncating toward zero; the remainder has the dividend's sign. */
int64_t brasa_sdivmod64(int64_t n, int64_t d, int64_t* remainder) {
  const uint64_t magnitude_n = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
  const uint64_t magnitude_d = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
  uint64_t r = 0;
  uint64_t q = brasa_udivmod64(magnitude_n, magnitude_d, &r);
  if ((n < 0) != (d < 0)) q = 0 - q;
  *remainder = (int64_t)(n < 0 ? 0 - r : r);
  return (int64_t)q;
}

/* The ABI: dividend in r0:r1, divisor in r2:r3; quotient back in r0:r1,
 * remainder in r2:r3. The C function takes the remainder's address as its
 * fifth argument, on the stack. */
#define BRASA_DIVMOD_SHIM(NAME, TARGET)         \
  __attribute__((naked, used)) void NAME(void) { \
    __asm volatile(                              \
        "push {r4, lr}\n"                        \
        "sub sp, sp, #16\n"                      \
        "add r4, sp, #8\n"                       \
        "str r4, [sp]\n"                         \
        "bl " #TARGET "\n"                       \
        "ldrd r2, r3, [sp, #8]\n"                \
        "add sp, sp, #16\n"                      \
        "pop {r4, pc}\n");                       \
  }

BRASA_DIVMOD_SHIM(__aeabi_uldivmod, brasa_udivmod64)
BRASA_DIVMOD_SHIM(__aeabi_ldivmod, brasa_sdivmod64)
