/* Force-included into every file of the Cortex-M build (see cortex-m4.cmake).
 *
 * arm-none-eabi GCC makes int32_t `long` (32 bits, like int), where hosted
 * Linux and Arm Linux make it `int`. brasa's code is written against the
 * latter: "%d" for int32_t values and std::max(int32_t, int) compile only
 * there. Both types have the same size, alignment and calling convention on
 * this target, so newlib's <stdint.h> (which takes the types from these GCC
 * macros) is pointed at int instead, as Zephyr does for the same reason. A
 * mismatch with prebuilt C++ libraries would show as a link error, not
 * silently. */
#undef __INT32_TYPE__
#define __INT32_TYPE__ int
#undef __UINT32_TYPE__
#define __UINT32_TYPE__ unsigned int
#undef __INT_LEAST32_TYPE__
#define __INT_LEAST32_TYPE__ int
#undef __UINT_LEAST32_TYPE__
#define __UINT_LEAST32_TYPE__ unsigned int
